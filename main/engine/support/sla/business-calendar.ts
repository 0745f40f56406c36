/**
 * Business time for the SLA clock: a weekly window in UTC (by default Monday 00:00 for
 * 120 hours, i.e. up to Saturday 00:00) minus whole UTC days that are public holidays.
 *
 * Conventions (the property tests pin them):
 *  - windows are half-open, [start, end): Monday 00:00 is business time, Saturday 00:00 is not;
 *  - adding business time stops at the first instant where the budget is used up, so it can
 *    land exactly on a window's end (Friday 22:00 + 2 h = Saturday 00:00: "due by the end of
 *    Friday"), never anywhere else outside business time;
 *  - `businessMillisBetween(t, addBusinessMillis(t, ms)) === ms`.
 * All arithmetic is on epoch milliseconds; no local time zone is ever consulted.
 */
import { type HolidayCalendar, dateKeyOf, noHolidays } from './holiday-calendar.js';

export const MINUTE_MS = 60_000;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

export interface BusinessWindow {
  /** Day the window opens, 0 = Sunday … 6 = Saturday (UTC). */
  startDay: number;
  /** Minutes after 00:00 UTC of that day. */
  startMinute: number;
  /** Length of the window, at most a week. */
  durationMinutes: number;
}

/** Monday 00:00 UTC to Saturday 00:00 UTC. */
export const mondayToFridayUtc: BusinessWindow = { startDay: 1, startMinute: 0, durationMinutes: 5 * 24 * 60 };

interface Segment {
  start: number;
  end: number;
}

/** How far `addBusinessMillis` looks ahead before it gives up (a calendar with no business time). */
const MAX_DAYS_AHEAD = 366 * 50;

export class BusinessCalendar {
  /** The first window's opening instant at or after the epoch's week (1970-01-01 is a Thursday). */
  private readonly base: number;
  private readonly duration: number;

  constructor(
    readonly window: BusinessWindow = mondayToFridayUtc,
    readonly holidays: HolidayCalendar = noHolidays,
  ) {
    if (!Number.isInteger(window.startDay) || window.startDay < 0 || window.startDay > 6) throw new RangeError('startDay must be 0–6');
    if (!(window.startMinute >= 0 && window.startMinute < 24 * 60)) throw new RangeError('startMinute must be within a day');
    if (!(window.durationMinutes > 0 && window.durationMinutes <= 7 * 24 * 60)) throw new RangeError('durationMinutes must be within a week');
    this.base = (((window.startDay - 4) % 7) + 7) % 7 * DAY_MS + window.startMinute * MINUTE_MS;
    this.duration = window.durationMinutes * MINUTE_MS;
  }

  /** Whether `t` is inside business time. */
  isBusinessInstant(t: number): boolean {
    return this.segmentsOfDay(Math.floor(t / DAY_MS)).some((segment) => segment.start <= t && t < segment.end);
  }

  /** Business milliseconds in [a, b) (negative when b < a). */
  businessMillisBetween(a: number, b: number): number {
    if (b < a) return -this.businessMillisBetween(b, a);
    let total = 0;
    const lastDay = Math.floor((b - 1) / DAY_MS);
    for (let day = Math.floor(a / DAY_MS); day <= lastDay; day++) {
      for (const segment of this.segmentsOfDay(day)) {
        const start = Math.max(segment.start, a);
        const end = Math.min(segment.end, b);
        if (end > start) total += end - start;
      }
    }
    return total;
  }

  /** The instant at which `ms` of business time has passed since `t` (`t` itself when ms is 0). */
  addBusinessMillis(t: number, ms: number): number {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('business time to add must be a non-negative number');
    if (ms === 0) return t;
    let left = ms;
    const firstDay = Math.floor(t / DAY_MS);
    for (let day = firstDay; day <= firstDay + MAX_DAYS_AHEAD; day++) {
      for (const segment of this.segmentsOfDay(day)) {
        if (segment.end <= t) continue;
        const start = Math.max(segment.start, t);
        const available = segment.end - start;
        if (left <= available) return start + left;
        left -= available;
      }
    }
    throw new RangeError('the business calendar has no business time in the next 50 years');
  }

  /** The first business instant at or after `t`. */
  nextBusinessInstant(t: number): number {
    const firstDay = Math.floor(t / DAY_MS);
    for (let day = firstDay; day <= firstDay + MAX_DAYS_AHEAD; day++) {
      for (const segment of this.segmentsOfDay(day)) if (segment.end > t) return Math.max(segment.start, t);
    }
    throw new RangeError('the business calendar has no business time in the next 50 years');
  }

  /** The business parts of one UTC day (day number since the epoch), in order. */
  private segmentsOfDay(day: number): Segment[] {
    const dayStart = day * DAY_MS;
    if (this.holidays.isHoliday(dateKeyOf(dayStart))) return [];
    const dayEnd = dayStart + DAY_MS;
    const k = Math.floor((dayStart - this.base) / WEEK_MS);
    const segments: Segment[] = [];
    for (const week of [k - 1, k, k + 1]) {
      const open = this.base + week * WEEK_MS;
      const start = Math.max(open, dayStart);
      const end = Math.min(open + this.duration, dayEnd);
      if (end > start) {
        const last = segments[segments.length - 1];
        if (last && last.end === start) last.end = end;
        else segments.push({ start, end });
      }
    }
    return segments;
  }
}
