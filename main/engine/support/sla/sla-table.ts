/**
 * Worked SLA examples as data: the table tests run them, and an RT (Request Tracker) SLA
 * cross-check can feed the same rows to RT's Business::Hours engine later. Every instant is
 * UTC. 2026-01-09 is a Friday; 2026-12-25 (Christmas, GB) is a Friday and 2026-12-28 is
 * GB's substitute Boxing Day; 2026-04-03/06 are Good Friday / Easter Monday (GB).
 */
import type { Severity } from './severity.js';
import type { SlaConfigInput } from './sla-config.js';

export interface SlaExample {
  name: string;
  createdAt: string;
  severity: Severity;
  phoneCall?: boolean;
  /** Settings on top of the defaults (none: the support guide's defaults, no holidays). */
  config?: SlaConfigInput;
  expectedDueAt: string;
  /** The target applied, in minutes. */
  expectedMinutes: number;
}

const GB = { holidays: { country: 'GB', state: 'ENG' } } as const satisfies SlaConfigInput;
const US = { holidays: { country: 'US' } } as const satisfies SlaConfigInput;

export const slaExamples: readonly SlaExample[] = [
  // End user issue: 2 business hours
  { name: 'end user, Friday 23:59 → Monday 01:59', createdAt: '2026-01-09T23:59:00.000Z', severity: 'end-user', expectedDueAt: '2026-01-12T01:59:00.000Z', expectedMinutes: 120 },
  { name: 'end user, Wednesday mid-day', createdAt: '2026-01-07T10:00:00.000Z', severity: 'end-user', expectedDueAt: '2026-01-07T12:00:00.000Z', expectedMinutes: 120 },
  { name: 'end user, Saturday waits for Monday', createdAt: '2026-01-10T10:00:00.000Z', severity: 'end-user', expectedDueAt: '2026-01-12T02:00:00.000Z', expectedMinutes: 120 },
  { name: 'end user, Sunday 23:30 waits for Monday', createdAt: '2026-01-11T23:30:00.000Z', severity: 'end-user', expectedDueAt: '2026-01-12T02:00:00.000Z', expectedMinutes: 120 },
  { name: 'end user, Friday 22:00 is due at the window’s end', createdAt: '2026-01-09T22:00:00.000Z', severity: 'end-user', expectedDueAt: '2026-01-10T00:00:00.000Z', expectedMinutes: 120 },
  { name: 'end user, Friday 22:00:00.001 runs over to Monday', createdAt: '2026-01-09T22:00:00.001Z', severity: 'end-user', expectedDueAt: '2026-01-12T00:00:00.001Z', expectedMinutes: 120 },
  { name: 'end user, Monday 00:00 exactly', createdAt: '2026-01-12T00:00:00.000Z', severity: 'end-user', expectedDueAt: '2026-01-12T02:00:00.000Z', expectedMinutes: 120 },
  { name: 'end user, Saturday 00:00 exactly', createdAt: '2026-01-10T00:00:00.000Z', severity: 'end-user', expectedDueAt: '2026-01-12T02:00:00.000Z', expectedMinutes: 120 },
  { name: 'end user, Friday 23:59:59.999', createdAt: '2026-01-09T23:59:59.999Z', severity: 'end-user', expectedDueAt: '2026-01-12T01:59:59.999Z', expectedMinutes: 120 },
  { name: 'end user, explicit holiday on Monday', createdAt: '2026-01-09T23:30:00.000Z', severity: 'end-user', config: { holidays: { dates: ['2026-01-12'] } }, expectedDueAt: '2026-01-13T01:30:00.000Z', expectedMinutes: 120 },
  { name: 'end user, GB Christmas, weekend and substitute Boxing Day', createdAt: '2026-12-24T23:00:00.000Z', severity: 'end-user', config: GB, expectedDueAt: '2026-12-29T01:00:00.000Z', expectedMinutes: 120 },
  { name: 'end user, US Thanksgiving', createdAt: '2026-11-25T23:00:00.000Z', severity: 'end-user', config: US, expectedDueAt: '2026-11-27T01:00:00.000Z', expectedMinutes: 120 },
  // Severity 2: 8 business hours; Severity 3: 12 business hours
  { name: 'sev2, Friday 20:00 → Monday 04:00', createdAt: '2026-01-09T20:00:00.000Z', severity: 'sev2', expectedDueAt: '2026-01-12T04:00:00.000Z', expectedMinutes: 480 },
  { name: 'sev2, Easter (GB) from Thursday 20:00', createdAt: '2026-04-02T20:00:00.000Z', severity: 'sev2', config: GB, expectedDueAt: '2026-04-07T04:00:00.000Z', expectedMinutes: 480 },
  { name: 'sev2, Sunday-to-Thursday window (the RT check in research/support.md)', createdAt: '2026-11-22T02:47:00.000Z', severity: 'sev2', config: { businessWindow: { startDay: 0 } }, expectedDueAt: '2026-11-22T10:47:00.000Z', expectedMinutes: 480 },
  { name: 'sev3, Thursday 18:00 → Friday 06:00', createdAt: '2026-01-08T18:00:00.000Z', severity: 'sev3', expectedDueAt: '2026-01-09T06:00:00.000Z', expectedMinutes: 720 },
  { name: 'sev3, Friday 16:00 → Monday 04:00', createdAt: '2026-01-09T16:00:00.000Z', severity: 'sev3', expectedDueAt: '2026-01-12T04:00:00.000Z', expectedMinutes: 720 },
  // Severity 1: 24×7
  { name: 'sev1 with phone call, Wednesday', createdAt: '2026-01-07T10:00:00.000Z', severity: 'sev1', phoneCall: true, expectedDueAt: '2026-01-07T10:15:00.000Z', expectedMinutes: 15 },
  { name: 'sev1 case alone, Wednesday', createdAt: '2026-01-07T10:00:00.000Z', severity: 'sev1', expectedDueAt: '2026-01-07T11:00:00.000Z', expectedMinutes: 60 },
  { name: 'sev1 with phone call, Saturday: 1 h', createdAt: '2026-01-10T10:00:00.000Z', severity: 'sev1', phoneCall: true, expectedDueAt: '2026-01-10T11:00:00.000Z', expectedMinutes: 60 },
  { name: 'sev1 with phone call, Friday 23:50 runs into Saturday', createdAt: '2026-01-09T23:50:00.000Z', severity: 'sev1', phoneCall: true, expectedDueAt: '2026-01-10T00:05:00.000Z', expectedMinutes: 15 },
  { name: 'sev1 with phone call, Christmas Day (GB): 1 h', createdAt: '2026-12-25T10:00:00.000Z', severity: 'sev1', phoneCall: true, config: GB, expectedDueAt: '2026-12-25T11:00:00.000Z', expectedMinutes: 60 },
  { name: 'sev1 with phone call, Christmas Day without a calendar: 15 min', createdAt: '2026-12-25T10:00:00.000Z', severity: 'sev1', phoneCall: true, expectedDueAt: '2026-12-25T10:15:00.000Z', expectedMinutes: 15 },
];
