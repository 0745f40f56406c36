/**
 * Our SLA settings in RT's terms, and RT's own SLA engine as an oracle.
 *
 *  - `rtSlaProfile` turns an SlaConfig (+ its holiday calendar) into RT levels
 *    (%ServiceAgreements) on one %ServiceBusinessHours entry: our weekly UTC window as
 *    Business::Hours day spans, our holidays as Business::Hours `holidays => [...]` dates,
 *    Sev 2 / Sev 3 / End user as Response+Resolve BusinessMinutes, Sev 1 as RealMinutes (24×7)
 *    with RT's OutOfHours modifier for "weekend or public holiday" (phone-call variant:
 *    15 min + 45 out of hours = 60).
 *  - `rtDueTimes` asks RT, for each (level, creation time): RT::SLA->Due for Response and for
 *    Resolve, and creates a real ticket with that SLA and a back-dated Created (RT::Ticket->Create
 *    honours Created for imports; REST2 drops it) so RT's "Set due date according to SLA" scrip
 *    sets Due from the ticket's creation time.
 */
import { BusinessCalendar, DAY_MS } from '../../../main/engine/support/sla/business-calendar.js';
import { dateKeyOf } from '../../../main/engine/support/sla/holiday-calendar.js';
import type { Severity } from '../../../main/engine/support/sla/severity.js';
import type { SlaConfig } from '../../../main/engine/support/sla/sla-config.js';
import type { RtBusinessHours, RtLab, RtSlaLevel, RtSlaOptions } from './rt-lab.js';

/** RT level name for a severity (the names the lab's Severity custom field uses), plus the phone-call variant of Sev 1. */
export function rtLevelName(severity: Severity, phoneCall = false, profile = 'Default'): string {
  const base = severity === 'sev1' ? (phoneCall ? 'Sev 1 + phone call' : 'Sev 1') : severity === 'sev2' ? 'Sev 2' : severity === 'sev3' ? 'Sev 3' : 'End user';
  return profile === 'Default' ? base : `${base} [${profile}]`;
}

const hhmm = (minute: number): string => `${Math.floor(minute / 60)}:${String(minute % 60).padStart(2, '0')}`;

/** Our weekly UTC window as Business::Hours day spans (one span per weekday, a break when the window wraps inside a day). */
export function businessHoursDays(calendar: BusinessCalendar): RtBusinessHours['days'] {
  const { startDay, startMinute, durationMinutes } = calendar.window;
  const week = 7 * 1440;
  const start = startDay * 1440 + startMinute;
  const days: RtBusinessHours['days'] = {};
  for (const dow of [0, 1, 2, 3, 4, 5, 6] as const) {
    const ranges: [number, number][] = [];
    for (const shift of [-week, 0]) {
      const a = Math.max(start + shift, dow * 1440);
      const b = Math.min(start + shift + durationMinutes, (dow + 1) * 1440);
      if (b > a) ranges.push([a - dow * 1440, b - dow * 1440]);
    }
    ranges.sort((x, y) => x[0] - y[0]);
    if (ranges.length === 1) days[dow] = { start: hhmm(ranges[0]![0]), end: hhmm(ranges[0]![1]) };
    else if (ranges.length === 2) days[dow] = { start: hhmm(ranges[0]![0]), end: hhmm(ranges[1]![1]), breaks: [{ start: hhmm(ranges[0]![1]), end: hhmm(ranges[1]![0]) }] };
  }
  return days;
}

/** Every holiday date of the calendar in [fromYear, toYear] (UTC days), for Business::Hours. */
export function holidayDates(calendar: BusinessCalendar, fromYear: number, toYear: number): string[] {
  const out: string[] = [];
  for (let t = Date.UTC(fromYear, 0, 1); t < Date.UTC(toYear + 1, 0, 1); t += DAY_MS) {
    const key = dateKeyOf(t);
    if (calendar.holidays.isHoliday(key)) out.push(key);
  }
  return out;
}

/** One SLA profile (our settings + calendar) as RT business hours + levels. */
export function rtSlaProfile(profile: string, config: SlaConfig, calendar: BusinessCalendar, years: [number, number]): { businessHours: RtBusinessHours; levels: Record<string, RtSlaLevel> } {
  const levels: Record<string, RtSlaLevel> = {};
  const business = (minutes: number, clock: 'business' | 'calendar') => (clock === 'business' ? { businessMinutes: minutes } : { realMinutes: minutes });
  for (const severity of ['end-user', 'sev2', 'sev3'] as const) {
    const target = config.targets[severity];
    const interval = business(target.minutes, target.clock);
    levels[rtLevelName(severity, false, profile)] = { businessHours: profile, response: interval, resolve: interval };
  }
  const sev1 = config.targets.sev1;
  for (const phoneCall of [false, true]) {
    const inHours = phoneCall ? sev1.withPhoneCallMinutes : sev1.caseOnlyMinutes;
    const extra = sev1.outOfHoursMinutes - inHours;
    if (extra < 0) throw new RangeError('RT OutOfHours modifiers only add time; this Sev 1 configuration needs a shorter out-of-hours target');
    const interval = business(inHours, sev1.clock);
    const outOfHours = extra > 0 ? business(extra, sev1.clock) : undefined;
    levels[rtLevelName('sev1', phoneCall, profile)] = {
      businessHours: profile,
      response: interval,
      resolve: interval,
      ...(outOfHours ? { outOfHours: { response: outOfHours, resolve: outOfHours } } : {}),
    };
  }
  return { businessHours: { days: businessHoursDays(calendar), holidays: holidayDates(calendar, years[0], years[1]) }, levels };
}

export function rtSlaOptions(profiles: readonly { name: string; config: SlaConfig; calendar: BusinessCalendar }[], years: [number, number]): RtSlaOptions {
  const options: RtSlaOptions = { levels: {}, businessHours: {} };
  for (const p of profiles) {
    const { businessHours, levels } = rtSlaProfile(p.name, p.config, p.calendar, years);
    options.businessHours[p.name] = businessHours;
    Object.assign(options.levels, levels);
  }
  return options;
}

export interface RtDueQuery {
  key: string;
  level: string;
  /** Creation time, whole seconds since the epoch (RT's resolution). */
  created: number;
}

export interface RtDueAnswer {
  key: string;
  level: string;
  /** RT::SLA->Due(Type => 'Response', Time => created). */
  response: number;
  /** RT::SLA->Due(Type => 'Resolve', Time => created). */
  resolve: number;
  /** The back-dated ticket RT created, its Created and the Due RT's SLA scrip set. */
  ticketId: number;
  ticketCreated: number;
  ticketDue: number;
  ticketSla: string;
}

const DUE_PL = String.raw`
use strict; use warnings;
use RT; RT::LoadConfig(); RT::Init();
use JSON;
binmode STDOUT, ':utf8';
my ($queueName) = @ARGV;
my $rows = JSON->new->utf8->decode(do { local $/; <STDIN> });
my $sys = RT->SystemUser;
my $q = RT::Queue->new($sys); $q->Load($queueName) or die "no queue $queueName\n";
die "SLA is disabled on queue $queueName\n" if $q->SLADisabled;
my @out;
for my $r (@$rows) {
  my $response = RT::SLA->Due(Level => $r->{level}, Type => 'Response', Time => $r->{created}, Queue => $q);
  my $resolve  = RT::SLA->Due(Level => $r->{level}, Type => 'Resolve',  Time => $r->{created}, Queue => $q);
  die "RT knows no SLA level '$r->{level}'\n" unless defined $response && defined $resolve;
  my $created = RT::Date->new($sys); $created->Set(Format => 'unix', Value => $r->{created});
  my $t = RT::Ticket->new($sys);
  my ($id, $txn, $msg) = $t->Create(Queue => $q->Id, Subject => "SLA cross-check: $r->{key}", SLA => $r->{level}, Created => $created->ISO(Timezone => 'UTC'));
  die "ticket create failed for $r->{key}: $msg\n" unless $id;
  $t->Load($id);
  push @out, { key => $r->{key}, level => $r->{level}, response => 0 + $response, resolve => 0 + $resolve,
               ticketId => 0 + $id, ticketCreated => 0 + $t->CreatedObj->Unix, ticketDue => 0 + $t->DueObj->Unix, ticketSla => $t->SLA // '' };
}
print JSON->new->canonical->encode(\@out);
`;

/** Asks RT's SLA engine for each query (one Perl run against the lab's database and config). */
export function rtDueTimes(lab: RtLab, queries: readonly RtDueQuery[]): RtDueAnswer[] {
  for (const q of queries) if (!Number.isInteger(q.created)) throw new RangeError(`RT works in whole seconds; ${q.key} has ${q.created}`);
  return JSON.parse(lab.perl(DUE_PL, [lab.queue], { input: JSON.stringify(queries) })) as RtDueAnswer[];
}
