/** Properties of the business-time arithmetic, over random instants, amounts and calendars (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar, DAY_MS, HOUR_MS, MINUTE_MS } from '../../main/engine/support/sla/business-calendar.js';
import { DateListCalendar, dateKeyOf } from '../../main/engine/support/sla/holiday-calendar.js';
import { SlaClock } from '../../main/engine/support/sla/sla-clock.js';
import { Severity } from '../../main/engine/support/sla/severity.js';

const from = Date.parse('2024-01-01T00:00:00Z');
const to = Date.parse('2028-01-01T00:00:00Z');
const instant = fc.integer({ min: from, max: to });
/** Up to ~3 weeks of business time, at millisecond resolution. */
const amount = fc.integer({ min: 0, max: 21 * DAY_MS });
const positiveAmount = fc.integer({ min: 1, max: 21 * DAY_MS });
const holidayDates = fc.uniqueArray(fc.integer({ min: from / DAY_MS, max: to / DAY_MS + 30 }).map((day) => dateKeyOf(day * DAY_MS)), { maxLength: 400 });
const window = fc.record({ startDay: fc.integer({ min: 0, max: 6 }), startMinute: fc.integer({ min: 0, max: 24 * 60 - 1 }), durationMinutes: fc.integer({ min: 60, max: 7 * 24 * 60 }) });
const calendar = fc.tuple(window, holidayDates).map(([w, dates]) => new BusinessCalendar(w, new DateListCalendar(dates)));
const standard = fc.constantFrom(new BusinessCalendar(), new BusinessCalendar(undefined, new DateListCalendar(['2026-12-25', '2026-12-28', '2025-01-01'])));
const anyCalendar = fc.oneof(standard, calendar);
const runs = { numRuns: 300 };

describe('business time properties', () => {
  it('due ≥ created', () => {
    fc.assert(fc.property(anyCalendar, instant, amount, (cal, t, ms) => cal.addBusinessMillis(t, ms) >= t), runs);
  });

  it('adding business time and measuring it back gives the same amount', () => {
    fc.assert(fc.property(anyCalendar, instant, amount, (cal, t, ms) => cal.businessMillisBetween(t, cal.addBusinessMillis(t, ms)) === ms), runs);
  });

  it('a due time is business time, or exactly the instant a business window closes', () => {
    fc.assert(
      fc.property(anyCalendar, instant, positiveAmount, (cal, t, ms) => {
        const due = cal.addBusinessMillis(t, ms);
        return cal.isBusinessInstant(due) || cal.isBusinessInstant(due - 1);
      }),
      runs,
    );
  });

  it('is monotonic in the created time', () => {
    fc.assert(
      fc.property(anyCalendar, instant, instant, amount, (cal, a, b, ms) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        return cal.addBusinessMillis(early, ms) <= cal.addBusinessMillis(late, ms);
      }),
      runs,
    );
  });

  it('holidays only push the due time later', () => {
    fc.assert(
      fc.property(window, holidayDates, instant, amount, (w, dates, t, ms) => {
        const without = new BusinessCalendar(w);
        const withHolidays = new BusinessCalendar(w, new DateListCalendar(dates));
        return withHolidays.addBusinessMillis(t, ms) >= without.addBusinessMillis(t, ms);
      }),
      runs,
    );
  });

  it('business time between is additive over a split point', () => {
    fc.assert(
      fc.property(anyCalendar, instant, instant, instant, (cal, x, y, z) => {
        const [a, b, c] = [x, y, z].sort((p, q) => p - q) as [number, number, number];
        return cal.businessMillisBetween(a, b) + cal.businessMillisBetween(b, c) === cal.businessMillisBetween(a, c);
      }),
      runs,
    );
  });

  it('the standard week has 120 business hours in every 7 days without holidays', () => {
    const cal = new BusinessCalendar();
    fc.assert(fc.property(instant, (t) => cal.businessMillisBetween(t, t + 7 * DAY_MS) === 120 * HOUR_MS), runs);
  });

  it('SLA due times hold the same properties for every severity (GB calendar)', () => {
    const clock = SlaClock.fromConfig({ holidays: { country: 'GB' } });
    fc.assert(
      fc.property(instant, instant, Severity.options.length > 0 ? fc.constantFrom(...Severity.options) : fc.constant('sev3' as const), fc.boolean(), (a, b, severity, phoneCall) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const due = clock.dueAt(early, severity, phoneCall).getTime();
        expect(due).toBeGreaterThan(early);
        const target = clock.target(early, severity, phoneCall);
        if (target.clock === 'business') {
          expect(clock.businessMillisBetween(early, due)).toBe(target.minutes * MINUTE_MS);
          // Monotonic for business clocks (Severity 1 is not: a phone call on a weekday is quicker than a weekend case).
          expect(clock.dueAt(late, severity, phoneCall).getTime()).toBeGreaterThanOrEqual(due);
        } else {
          expect(due - early).toBe(target.minutes * MINUTE_MS);
        }
      }),
      { numRuns: 200 },
    );
  });
});
