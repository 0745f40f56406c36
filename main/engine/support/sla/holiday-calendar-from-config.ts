/**
 * Builds the SLA's holiday calendar from its settings: a date-holidays country (and
 * optionally state and region), plus or instead an explicit list of dates. date-holidays
 * gives each holiday's local calendar date (`date: 'YYYY-MM-DD hh:mm:ss'`); that date is
 * taken out of business time as a whole UTC day, matching the UTC business week.
 * Years are computed on demand and kept.
 */
import Holidays from 'date-holidays';
import { SupportError } from '../support-error.js';
import { DateListCalendar, type DateKey, type HolidayCalendar, unionCalendar } from './holiday-calendar.js';
import type { SlaConfig } from './sla-config.js';

type HolidayType = 'public' | 'bank' | 'school' | 'optional' | 'observance';

export interface RegionHolidaysOptions {
  country: string;
  state?: string | undefined;
  region?: string | undefined;
  types?: readonly HolidayType[];
}

/** A date-holidays calendar: whole UTC days for each holiday's local date. */
export class RegionHolidayCalendar implements HolidayCalendar {
  private readonly holidays: Holidays;
  private readonly years = new Map<number, ReadonlySet<DateKey>>();

  constructor(readonly options: RegionHolidaysOptions) {
    const country = options.country.toUpperCase();
    const probe = new Holidays();
    const label = [country, options.state, options.region].filter(Boolean).join('/');
    const unknown = () =>
      new SupportError('SUPPORT_HOLIDAY_CALENDAR_UNKNOWN', `The public-holiday calendar “${label}” is not known.`, {
        hint: 'Use an ISO country code (e.g. GB), optionally with a state (e.g. SCT) and region as date-holidays names them, or list the dates explicitly.',
      });
    if (!(country in probe.getCountries())) throw unknown();
    if (options.state !== undefined && !(options.state.toUpperCase() in (probe.getStates(country) ?? {}))) throw unknown();
    if (options.region !== undefined && (options.state === undefined || !(options.region.toUpperCase() in (probe.getRegions(country, options.state.toUpperCase()) ?? {})))) throw unknown();
    const settings = { types: [...(options.types ?? ['public'])] };
    this.holidays =
      options.state === undefined
        ? new Holidays(country, settings)
        : options.region === undefined
          ? new Holidays(country, options.state.toUpperCase(), settings)
          : new Holidays(country, options.state.toUpperCase(), options.region.toUpperCase(), settings);
  }

  isHoliday(date: DateKey): boolean {
    return this.datesOf(Number(date.slice(0, 4))).has(date);
  }

  /** The holiday dates of one year (for display and for the docs' tables). */
  datesOf(year: number): ReadonlySet<DateKey> {
    let dates = this.years.get(year);
    if (!dates) {
      dates = new Set(this.holidays.getHolidays(year).map((holiday) => holiday.date.slice(0, 10)));
      this.years.set(year, dates);
    }
    return dates;
  }
}

export function buildHolidayCalendar(settings: SlaConfig['holidays']): HolidayCalendar {
  const calendars: HolidayCalendar[] = [];
  if (settings.country !== undefined) calendars.push(new RegionHolidayCalendar({ country: settings.country, state: settings.state, region: settings.region, types: settings.types }));
  else if (settings.state !== undefined || settings.region !== undefined)
    throw new SupportError('SUPPORT_SLA_CONFIG_INVALID', 'The holiday settings name a state or region but no country.', { hint: 'Add the country code (e.g. "country": "GB").' });
  if (settings.dates.length > 0) calendars.push(new DateListCalendar(settings.dates));
  return unionCalendar(calendars);
}
