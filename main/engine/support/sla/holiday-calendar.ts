/**
 * Which UTC calendar dates are public holidays for the SLA clock. A holiday takes the whole
 * UTC day (00:00–24:00 UTC) out of business time, whatever the holiday's local hours: the
 * business week is defined in UTC, so its holidays are too (documented in docs/support-desk.md).
 */

/** A UTC calendar date, `YYYY-MM-DD`. */
export type DateKey = string;

export interface HolidayCalendar {
  isHoliday(date: DateKey): boolean;
}

export const noHolidays: HolidayCalendar = { isHoliday: () => false };

export const DATE_KEY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export function dateKeyOf(ms: number): DateKey {
  return new Date(ms).toISOString().slice(0, 10);
}

/** An explicit list of dates (e.g. from policy). */
export class DateListCalendar implements HolidayCalendar {
  private readonly dates: ReadonlySet<DateKey>;
  constructor(dates: Iterable<DateKey>) {
    this.dates = new Set(dates);
  }
  isHoliday(date: DateKey): boolean {
    return this.dates.has(date);
  }
}

/** A day is a holiday when any of the calendars says so. */
export function unionCalendar(calendars: readonly HolidayCalendar[]): HolidayCalendar {
  if (calendars.length === 0) return noHolidays;
  if (calendars.length === 1) return calendars[0]!;
  return { isHoliday: (date) => calendars.some((calendar) => calendar.isHoliday(date)) };
}
