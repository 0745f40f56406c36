/**
 * The SLA clock: when a case's first response is due, and how much time is left.
 *
 *   dueAt(createdAt, severity, options)          → Date
 *   remaining(now, createdAt, severity, options) → { dueAt, remainingMs, breached, running, … }
 *   businessMillisBetween(a, b, options)         → business ms in [a, b)
 *
 * Severity 1 runs on calendar time (24×7); the others on business time (sla-config.ts). The
 * client computes this only for the expectation shown before and after filing; where the
 * relay reports a server-side due time, the UI shows that one.
 */
import { BusinessCalendar, MINUTE_MS } from './business-calendar.js';
import { type HolidayCalendar } from './holiday-calendar.js';
import { buildHolidayCalendar } from './holiday-calendar-from-config.js';
import { type SlaConfig, type SlaConfigInput, parseSlaConfig } from './sla-config.js';
import type { Severity } from './severity.js';

export type Instant = Date | number | string;

export interface SlaOptions {
  /** Severity 1 only: the case is followed by a phone call to the support line. */
  phoneCall?: boolean;
  /** A ready clock (preferred: it keeps its holiday calendar). */
  clock?: SlaClock;
  /** Or settings to build one from (parsed with zod; defaults for anything missing). */
  config?: SlaConfigInput;
}

export interface SlaTarget {
  minutes: number;
  clock: 'business' | 'calendar';
  /** Why this target applies, in words. */
  reason: string;
}

export interface SlaRemaining {
  dueAt: Date;
  target: SlaTarget;
  /** Time left before the due time, in the target's own clock (business ms for business targets); negative once breached. */
  remainingMs: number;
  /** Wall-clock ms until the due time (negative once breached). */
  wallMs: number;
  breached: boolean;
  /** Whether the clock is running at `now` (false on a weekend or holiday for business targets). */
  running: boolean;
}

export class SlaClock {
  readonly calendar: BusinessCalendar;

  constructor(
    readonly config: SlaConfig,
    holidays?: HolidayCalendar,
  ) {
    const [hours, minutes] = config.businessWindow.startTime.split(':').map(Number) as [number, number];
    this.calendar = new BusinessCalendar(
      { startDay: config.businessWindow.startDay, startMinute: hours * 60 + minutes, durationMinutes: Math.round(config.businessWindow.durationHours * 60) },
      holidays ?? buildHolidayCalendar(config.holidays),
    );
  }

  static fromConfig(input: unknown = {}): SlaClock {
    return new SlaClock(parseSlaConfig(input));
  }

  target(createdAt: Instant, severity: Severity, phoneCall = false): SlaTarget {
    const created = toMillis(createdAt);
    const targets = this.config.targets;
    if (severity === 'sev1') {
      const sev1 = targets.sev1;
      if (!this.calendar.isBusinessInstant(created)) return { minutes: sev1.outOfHoursMinutes, clock: sev1.clock, reason: 'Severity 1 raised on a weekend or public holiday' };
      if (phoneCall) return { minutes: sev1.withPhoneCallMinutes, clock: sev1.clock, reason: 'Severity 1 case followed by a phone call' };
      return { minutes: sev1.caseOnlyMinutes, clock: sev1.clock, reason: 'Severity 1 case without a phone call' };
    }
    const target = targets[severity];
    const label = severity === 'end-user' ? 'End user issue' : severity === 'sev2' ? 'Severity 2' : 'Severity 3';
    return { minutes: target.minutes, clock: target.clock, reason: `${label}, ${target.clock === 'business' ? 'business time' : 'around the clock'}` };
  }

  dueAt(createdAt: Instant, severity: Severity, phoneCall = false): Date {
    const created = toMillis(createdAt);
    const target = this.target(created, severity, phoneCall);
    const ms = target.minutes * MINUTE_MS;
    return new Date(target.clock === 'calendar' ? created + ms : this.calendar.addBusinessMillis(created, ms));
  }

  remaining(now: Instant, createdAt: Instant, severity: Severity, phoneCall = false): SlaRemaining {
    const at = toMillis(now);
    const created = toMillis(createdAt);
    const target = this.target(created, severity, phoneCall);
    const due = this.dueAt(created, severity, phoneCall).getTime();
    const remainingMs = target.clock === 'calendar' ? due - at : this.calendar.businessMillisBetween(at, due);
    return {
      dueAt: new Date(due),
      target,
      remainingMs,
      wallMs: due - at,
      breached: at >= due,
      running: target.clock === 'calendar' || this.calendar.isBusinessInstant(at),
    };
  }

  businessMillisBetween(a: Instant, b: Instant): number {
    return this.calendar.businessMillisBetween(toMillis(a), toMillis(b));
  }
}

let defaultClock: SlaClock | undefined;

function clockOf(options: SlaOptions): SlaClock {
  if (options.clock) return options.clock;
  if (options.config !== undefined) return SlaClock.fromConfig(options.config);
  defaultClock ??= SlaClock.fromConfig({});
  return defaultClock;
}

export function dueAt(createdAt: Instant, severity: Severity, options: SlaOptions = {}): Date {
  return clockOf(options).dueAt(createdAt, severity, options.phoneCall ?? false);
}

export function remaining(now: Instant, createdAt: Instant, severity: Severity, options: SlaOptions = {}): SlaRemaining {
  return clockOf(options).remaining(now, createdAt, severity, options.phoneCall ?? false);
}

export function businessMillisBetween(a: Instant, b: Instant, options: Omit<SlaOptions, 'phoneCall'> = {}): number {
  return clockOf(options).businessMillisBetween(a, b);
}

export function toMillis(instant: Instant): number {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  if (!Number.isFinite(ms)) throw new RangeError(`not a valid instant: ${String(instant)}`);
  return ms;
}
