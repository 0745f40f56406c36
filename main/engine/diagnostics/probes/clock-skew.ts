/**
 * How far this device's clock is from a server's, by the HTTP `Date` header (RFC 9110
 * §6.6.1: one-second resolution), through the HttpClient port. The server's time is
 * compared with the middle of the request, so the round trip cancels out; the answer is
 * good to about ±1 s plus half the round trip. A wrong clock breaks certificate checks
 * (802.1X, HTTPS portals) long before a person notices it.
 */
import { z } from 'zod';

import type { Clock } from '../../ports/clock.js';
import type { HttpClient } from '../../ports/http.js';
import { probeBase, stopwatch, withinBudget } from '../probe-result.js';

export const ClockSkewProbeResult = z.object({
  kind: z.literal('clock-skew'),
  ...probeBase,
  data: z
    .object({
      url: z.string(),
      serverDate: z.string().nullable(),
      /** Server time minus device time, in seconds (positive: the device is behind). */
      skewSeconds: z.number().nullable(),
      roundTripMs: z.number().nonnegative().nullable(),
    })
    .nullable(),
});
export type ClockSkewProbeResult = z.infer<typeof ClockSkewProbeResult>;

export interface ClockSkewOptions {
  http: HttpClient;
  clock: Clock;
  /** A server whose Date header is trusted; null when none is reachable from here. */
  url: string | null;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Why there is no URL, for the not-available sentence. */
  unavailableReason?: string;
}

/** Beyond this, certificates start failing (the EAP explainer uses the same 5 minutes). */
export const CLOCK_SKEW_FAILURE_SECONDS = 300;
export const CLOCK_SKEW_WARNING_SECONDS = 60;

export async function probeClockSkew(options: ClockSkewOptions): Promise<ClockSkewProbeResult> {
  const watch = stopwatch(options.clock);
  const result = (status: ClockSkewProbeResult['status'], code: string, summary: string, data: ClockSkewProbeResult['data'] = null): ClockSkewProbeResult => ({ kind: 'clock-skew', status, code, summary, ...watch.stop(), data });
  if (!options.url) return result('not-available', 'NO_TIME_SOURCE', options.unavailableReason ?? 'No time reference is reachable from here.');
  const url = options.url;
  const timeoutMs = options.timeoutMs ?? 5000;
  const sent = options.clock.now();
  const answer = await withinBudget(timeoutMs + 500, options.signal, async (signal) => {
    try {
      return { response: await options.http.request({ method: 'HEAD', url, timeoutMs, signal, headers: { 'cache-control': 'no-cache' } }) };
    } catch (error) {
      return { error: String((error as { code?: unknown }).code ?? (error as Error).name ?? 'error') };
    }
  });
  const received = options.clock.now();
  if (!answer.ok) return result('timeout', 'TIME_SOURCE_TIMEOUT', `${url} did not answer within ${(timeoutMs / 1000).toFixed(1)} s.`, { url, serverDate: null, skewSeconds: null, roundTripMs: null });
  if ('error' in answer.value) return result('failed', 'TIME_SOURCE_UNREACHABLE', `${url} could not be reached (${answer.value.error}), so the clock could not be checked.`, { url, serverDate: null, skewSeconds: null, roundTripMs: null });
  const header = answer.value.response.headers.date ?? answer.value.response.headers.Date;
  const serverMs = header ? Date.parse(header) : Number.NaN;
  const roundTripMs = Math.max(0, received - sent);
  if (!header || Number.isNaN(serverMs)) return result('not-available', 'NO_DATE_HEADER', `${url} answered without a usable Date header.`, { url, serverDate: header ?? null, skewSeconds: null, roundTripMs });
  // The Date header truncates to the second: its true value is in [serverMs, serverMs + 1000).
  const skewSeconds = Math.round((serverMs + 500 - (sent + roundTripMs / 2)) / 100) / 10;
  const data = { url, serverDate: new Date(serverMs).toISOString(), skewSeconds, roundTripMs };
  const off = Math.abs(skewSeconds);
  const direction = skewSeconds > 0 ? 'behind' : 'ahead of';
  if (off > CLOCK_SKEW_FAILURE_SECONDS) return result('failed', 'CLOCK_WRONG', `This device's clock is ${formatSeconds(off)} ${direction} the server's: certificates will fail to check. Set the date and time automatically.`, data);
  if (off > CLOCK_SKEW_WARNING_SECONDS) return result('warning', 'CLOCK_SKEWED', `This device's clock is ${formatSeconds(off)} ${direction} the server's.`, data);
  return result('ok', 'CLOCK_OK', `This device's clock agrees with the server's (within ${formatSeconds(Math.max(1, off))}).`, data);
}

function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${Math.round(seconds)} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}
