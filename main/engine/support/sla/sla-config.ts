/**
 * The SLA settings: response targets per severity, the business window and the holiday
 * calendar. Everything has the support guide's default, and everything can be overridden
 * (policy / MDM will hand a partial object; zod fills in the rest).
 *
 * Defaults (the support guide):
 *   End User issue  2 h  business time
 *   Severity 1      15 min when the case is followed by a phone call, 1 h for a case alone,
 *                   1 h on weekends and public holidays; 24×7 (calendar time)
 *   Severity 2      8 h  business time
 *   Severity 3      12 h business time
 *   Business time   Monday 00:00 UTC to Saturday 00:00 UTC (5 × 24 h), minus public holidays
 */
import { z } from 'zod';
import { SupportError } from '../support-error.js';
import { DATE_KEY } from './holiday-calendar.js';

const Minutes = z.number().int().positive().max(365 * 24 * 60);
const ClockKind = z.enum(['business', 'calendar']);

const Target = z.object({ minutes: Minutes, clock: ClockKind }).strict();

export const SlaConfig = z
  .object({
    targets: z
      .object({
        'end-user': Target.prefault({ minutes: 120, clock: 'business' }),
        sev1: z
          .object({
            /** A case followed by a phone call, in business time (the window below, not a holiday). */
            withPhoneCallMinutes: Minutes.default(15),
            /** A case alone. */
            caseOnlyMinutes: Minutes.default(60),
            /** Any case created outside the business window or on a public holiday. */
            outOfHoursMinutes: Minutes.default(60),
            clock: ClockKind.default('calendar'),
          })
          .strict()
          .prefault({}),
        sev2: Target.prefault({ minutes: 8 * 60, clock: 'business' }),
        sev3: Target.prefault({ minutes: 12 * 60, clock: 'business' }),
      })
      .strict()
      .prefault({}),
    businessWindow: z
      .object({
        /** 0 = Sunday … 6 = Saturday, in UTC. */
        startDay: z.number().int().min(0).max(6).default(1),
        /** HH:MM, UTC. */
        startTime: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
          .default('00:00'),
        durationHours: z.number().positive().max(168).default(120),
      })
      .strict()
      .prefault({}),
    holidays: z
      .object({
        /** A date-holidays country code (ISO 3166-1 alpha-2, e.g. "GB"). */
        country: z
          .string()
          .regex(/^[A-Za-z]{2}$/)
          .optional(),
        /** A date-holidays state / subdivision code (e.g. "SCT" for GB). */
        state: z.string().min(1).max(10).optional(),
        /** A date-holidays region code inside the state. */
        region: z.string().min(1).max(10).optional(),
        /** Which date-holidays types count (default: public holidays only). */
        types: z.array(z.enum(['public', 'bank', 'school', 'optional', 'observance'])).min(1).default(['public']),
        /** Explicit extra dates, YYYY-MM-DD (UTC days). */
        dates: z.array(z.string().regex(DATE_KEY)).default([]),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type SlaConfig = z.infer<typeof SlaConfig>;
export type SlaConfigInput = z.input<typeof SlaConfig>;

export function parseSlaConfig(input: unknown = {}): SlaConfig {
  const result = SlaConfig.safeParse(input);
  if (result.success) return result.data;
  const first = result.error.issues[0];
  throw new SupportError('SUPPORT_SLA_CONFIG_INVALID', `The support response-time settings are not valid${first ? `: ${first.path.join('.') || '(root)'}: ${first.message}` : ''}.`, {
    hint: 'Check the SLA section of the policy; unknown keys are refused.',
  });
}

export const defaultSlaConfig: SlaConfig = parseSlaConfig({});
