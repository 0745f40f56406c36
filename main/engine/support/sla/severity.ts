/**
 * The support guide's severities, with the words the UI shows when a person picks one.
 * Response targets live in sla-config.ts; this file only says what each level means.
 */
import { z } from 'zod';

export const Severity = z.enum(['end-user', 'sev1', 'sev2', 'sev3']);
export type Severity = z.infer<typeof Severity>;

export interface SeverityGuidance {
  severity: Severity;
  /** Short label for a picker. */
  label: string;
  /** One sentence: when to choose it. */
  summary: string;
  /** Examples in the product's own terms. */
  examples: readonly string[];
  /** The response target, in words (the numbers come from the SLA config; these are the defaults). */
  target: string;
}

export const severityGuidance: readonly SeverityGuidance[] = [
  {
    severity: 'end-user',
    label: 'End user issue',
    summary: 'Something is wrong for you (this device or your account) and other people can work normally.',
    examples: [
      'This laptop cannot join the hotel Wi-Fi that colleagues use',
      'Your provider account is rejected at one hotspot',
      'A question about how Roamdesk works',
    ],
    target: 'First response within 2 business hours (Monday–Friday UTC, excluding public holidays).',
  },
  {
    severity: 'sev1',
    label: 'Severity 1 — critical',
    summary: 'The service is down or unusable for many people and there is no way around it.',
    examples: ['Nobody in the organisation can sign in to any hotspot', 'Roamdesk stops every connection after an update'],
    target:
      'First response within 15 minutes when you also phone the support line, otherwise within 1 hour; around the clock, including weekends and public holidays (1 hour then).',
  },
  {
    severity: 'sev2',
    label: 'Severity 2 — major',
    summary: 'An important part of the service is failing or badly degraded for many people, but work can go on with a workaround.',
    examples: ['Enterprise (802.1X) sign-in fails at every office, guest Wi-Fi still works', 'One provider’s hotspots all fail to log in'],
    target: 'First response within 8 business hours.',
  },
  {
    severity: 'sev3',
    label: 'Severity 3 — minor',
    summary: 'A minor problem, a cosmetic fault or a request, with little effect on work.',
    examples: ['A wrong venue name in the hotspot directory', 'A feature request'],
    target: 'First response within 12 business hours.',
  },
];

export function guidanceFor(severity: Severity): SeverityGuidance {
  const found = severityGuidance.find((entry) => entry.severity === severity);
  if (!found) throw new Error(`no guidance for severity ${severity}`);
  return found;
}
