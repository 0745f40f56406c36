/** The SLA clock against the worked examples in sla-table.ts (data shared with a future RT cross-check). */
import { describe, expect, it } from 'vitest';
import { slaExamples } from '../../main/engine/support/sla/sla-table.js';
import { SlaClock, businessMillisBetween, dueAt, remaining } from '../../main/engine/support/sla/sla-clock.js';
import { parseSlaConfig } from '../../main/engine/support/sla/sla-config.js';
import { isSupportError } from '../../main/engine/support/support-error.js';
import { HOUR_MS } from '../../main/engine/support/sla/business-calendar.js';

describe('SLA worked examples', () => {
  it.each(slaExamples.map((row) => [row.name, row] as const))('%s', (_name, row) => {
    const clock = SlaClock.fromConfig(row.config ?? {});
    const phoneCall = row.phoneCall ?? false;
    expect(clock.dueAt(row.createdAt, row.severity, phoneCall).toISOString()).toBe(row.expectedDueAt);
    expect(clock.target(row.createdAt, row.severity, phoneCall).minutes).toBe(row.expectedMinutes);
    // The free functions agree with the clock.
    expect(dueAt(row.createdAt, row.severity, { config: row.config ?? {}, phoneCall }).toISOString()).toBe(row.expectedDueAt);
    // Measured back, the business time between creation and due is the target (business clocks).
    const target = clock.target(row.createdAt, row.severity, phoneCall);
    if (target.clock === 'business') expect(clock.businessMillisBetween(row.createdAt, row.expectedDueAt)).toBe(row.expectedMinutes * 60_000);
  });
});

describe('remaining()', () => {
  it('counts business time left and pauses on the weekend', () => {
    const friday = '2026-01-09T23:00:00.000Z';
    const saturday = '2026-01-10T12:00:00.000Z';
    const r = remaining(saturday, friday, 'end-user');
    expect(r.dueAt.toISOString()).toBe('2026-01-12T01:00:00.000Z');
    expect(r.remainingMs).toBe(1 * HOUR_MS);
    expect(r.running).toBe(false);
    expect(r.breached).toBe(false);
    expect(r.wallMs).toBe(37 * HOUR_MS);
  });

  it('reports a breach with negative time', () => {
    const r = remaining('2026-01-07T12:30:00.000Z', '2026-01-07T10:00:00.000Z', 'sev1', { phoneCall: true });
    expect(r.breached).toBe(true);
    expect(r.running).toBe(true);
    expect(r.remainingMs).toBe(-2.25 * HOUR_MS);
  });

  it('businessMillisBetween over a whole week is 5 days, and is antisymmetric', () => {
    expect(businessMillisBetween('2026-01-05T00:00:00Z', '2026-01-12T00:00:00Z')).toBe(120 * HOUR_MS);
    expect(businessMillisBetween('2026-01-12T00:00:00Z', '2026-01-05T00:00:00Z')).toBe(-120 * HOUR_MS);
    expect(businessMillisBetween('2026-01-10T00:00:00Z', '2026-01-12T00:00:00Z')).toBe(0);
  });
});

describe('SLA settings', () => {
  it('defaults to the support guide', () => {
    const config = parseSlaConfig({});
    expect(config.targets['end-user']).toEqual({ minutes: 120, clock: 'business' });
    expect(config.targets.sev1).toEqual({ withPhoneCallMinutes: 15, caseOnlyMinutes: 60, outOfHoursMinutes: 60, clock: 'calendar' });
    expect(config.targets.sev2.minutes).toBe(480);
    expect(config.targets.sev3.minutes).toBe(720);
    expect(config.businessWindow).toEqual({ startDay: 1, startTime: '00:00', durationHours: 120 });
    expect(config.holidays).toEqual({ types: ['public'], dates: [] });
  });

  it('overrides one target and keeps the rest', () => {
    const clock = SlaClock.fromConfig({ targets: { sev2: { minutes: 60, clock: 'calendar' } } });
    expect(clock.dueAt('2026-01-10T10:00:00Z', 'sev2').toISOString()).toBe('2026-01-10T11:00:00.000Z');
    expect(clock.dueAt('2026-01-10T10:00:00Z', 'sev3').toISOString()).toBe('2026-01-12T12:00:00.000Z');
  });

  it.each([
    [{ targets: { sev2: { minutes: -5, clock: 'business' } } }],
    [{ businessWindow: { startTime: '25:00' } }],
    [{ holidays: { dates: ['2026-13-01'] } }],
    [{ surprise: true }],
  ])('refuses %j with a stable code', (input) => {
    try {
      parseSlaConfig(input);
      expect.unreachable();
    } catch (error) {
      expect(isSupportError(error) && error.supportCode).toBe('SUPPORT_SLA_CONFIG_INVALID');
    }
  });

  it.each([[{ country: 'XX' }], [{ country: 'GB', state: 'NOPE' }], [{ country: 'DE', state: 'BY', region: 'NOPE' }]])('refuses an unknown holiday calendar %j', (holidays) => {
    try {
      SlaClock.fromConfig({ holidays });
      expect.unreachable();
    } catch (error) {
      expect(isSupportError(error) && error.supportCode).toBe('SUPPORT_HOLIDAY_CALENDAR_UNKNOWN');
    }
  });

  it('takes a region calendar (DE/BY/A: Augsburg peace festival, 8 August)', () => {
    const clock = SlaClock.fromConfig({ holidays: { country: 'DE', state: 'BY', region: 'A' } });
    expect(clock.calendar.isBusinessInstant(Date.parse('2025-08-08T12:00:00Z'))).toBe(false);
    expect(SlaClock.fromConfig({ holidays: { country: 'DE', state: 'BY' } }).calendar.isBusinessInstant(Date.parse('2025-08-08T12:00:00Z'))).toBe(true);
  });
});
