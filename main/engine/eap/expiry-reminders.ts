/**
 * Reminders before a certificate an 802.1X profile depends on expires (the EAP-TLS client
 * certificate, a CA, the profile's ValidUntil): 30, 7 and 1 day before, and once it has
 * expired. Pure: give it the certificates and the time; it says which reminders are due now
 * and when the next ones fall, so a scheduler can show them and sleep until the next.
 */
export interface ExpiringCertificate {
  /** What a person sees, e.g. "Your eduroam certificate". */
  label: string;
  notAfter: Date;
  /** Free-form key so callers can find the certificate again (profile ID, thumbprint…). */
  id?: string;
}

export interface ExpiryReminder {
  label: string;
  id?: string;
  /** 30, 7 or 1 day(s) before expiry, or 0 = it has expired. */
  daysBefore: 30 | 7 | 1 | 0;
  /** When the reminder falls. */
  remindAt: Date;
  /** True when `remindAt` has passed (show it now); false for the ones still to come. */
  due: boolean;
  /** Whole days left (negative once expired), rounded down. */
  daysLeft: number;
  message: string;
}

export const REMINDER_DAYS = [30, 7, 1] as const;
const DAY = 86_400_000;

/**
 * For each certificate: the reminder due now (the most urgent threshold already passed, so a
 * device that was off for a week shows one reminder, not three) and the ones still to come.
 */
export function expiryReminders(certs: ExpiringCertificate[], now: Date): ExpiryReminder[] {
  return certs.flatMap((cert): ExpiryReminder[] => {
    const left = cert.notAfter.getTime() - now.getTime();
    const daysLeft = Math.floor(left / DAY);
    const base = { label: cert.label, ...(cert.id !== undefined ? { id: cert.id } : {}), daysLeft };
    if (left <= 0) {
      return [{ ...base, daysBefore: 0 as const, remindAt: cert.notAfter, due: true, message: `${cert.label} expired on ${day(cert.notAfter)}. Renew it to keep connecting.` }];
    }
    const schedule = REMINDER_DAYS.map((days) => ({ days, at: new Date(cert.notAfter.getTime() - days * DAY) }));
    const passed = schedule.filter((s) => s.at.getTime() <= now.getTime());
    const current = passed[passed.length - 1];
    const upcoming = schedule.filter((s) => s.at.getTime() > now.getTime());
    return [...(current ? [{ ...current, due: true }] : []), ...upcoming.map((s) => ({ ...s, due: false }))].map(({ days, at, due }) => ({
      ...base,
      daysBefore: days,
      remindAt: at,
      due,
      message: `${cert.label} expires ${when(due ? daysLeft : days)} (${day(cert.notAfter)}). Renew it before then to keep connecting.`,
    }));
  });
}

function when(days: number): string {
  return days <= 0 ? 'today' : days === 1 ? 'tomorrow' : `in ${days} days`;
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
