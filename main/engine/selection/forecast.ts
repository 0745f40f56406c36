/**
 * A short signal forecast: least-squares line through the newest samples, read at
 * now + horizon — but only when the line shows a real fall, not fading.
 *
 * Walking out of a café loses 1–3 dB/s; a train passing a platform AP far more. Scan
 * signals also fade by ±3 dB from one scan to the next with no movement at all, and a
 * line through a few such samples, read seconds ahead, "forecasts" losses that never come
 * (a stationary laptop at −78 dBm would keep fleeing its AP). So a forecast needs:
 * - at least `minSamples` samples spanning at least `minSpanMs`;
 * - a fall faster than `minFallDbPerS`, and more than `slopeSignificance` standard errors
 *   of the slope (the residual scatter around the line says how much is noise).
 * Otherwise there is no forecast and the scan signal stands. The horizon is short (6 s):
 * enough to prepare the next link, too short to extrapolate noise far.
 */
import type { SelectionPolicy } from './policy.js';
import type { SignalSample } from './types.js';

export interface SignalTrend {
  /** dB per second (negative: falling). */
  slopeDbPerS: number;
  /** Standard error of the slope from the residuals. */
  slopeSe: number;
  /** The line's value now. */
  levelDbm: number;
  samples: number;
  spanS: number;
}

/** Least-squares line through the newest samples (x in seconds from now), or null with too few. */
export function signalTrend(samples: readonly SignalSample[] | undefined, now: number, policy: SelectionPolicy): SignalTrend | null {
  if (samples === undefined) return null;
  const { minSamples, maxSamples, sampleMaxAgeMs, minSpanMs } = policy.handover;
  const oldest = now - sampleMaxAgeMs;
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  let first = Infinity;
  let last = -Infinity;
  // Newest first, so the sample cap keeps the latest movement. x in seconds from now keeps
  // the sums small and exact enough.
  for (let i = samples.length - 1; i >= 0 && n < maxSamples; i--) {
    const s = samples[i]!;
    if (s.at < oldest) break;
    if (s.at > now) continue;
    const x = (s.at - now) / 1000;
    n++;
    sx += x;
    sy += s.dbm;
    sxx += x * x;
    sxy += x * s.dbm;
    syy += s.dbm * s.dbm;
    if (x < first) first = x;
    if (x > last) last = x;
  }
  const spanS = last - first;
  if (n < Math.max(3, minSamples) || spanS < Math.max(0.5, minSpanMs / 1000)) return null;
  const sXX = sxx - (sx * sx) / n;
  if (sXX <= 0) return null;
  const sXY = sxy - (sx * sy) / n;
  const sYY = syy - (sy * sy) / n;
  const slope = sXY / sXX;
  const intercept = (sy - slope * sx) / n;
  const ssr = Math.max(0, sYY - slope * sXY);
  const slopeSe = Math.sqrt(ssr / (n - 2) / sXX);
  return { slopeDbPerS: slope, slopeSe, levelDbm: intercept, samples: n, spanS };
}

/** Whether a trend is a real fall: fast enough, and well beyond its own noise. */
export function isFalling(trend: SignalTrend, policy: SelectionPolicy): boolean {
  const { minFallDbPerS, slopeSignificance } = policy.handover;
  return trend.slopeDbPerS < -minFallDbPerS && -trend.slopeDbPerS > slopeSignificance * trend.slopeSe;
}

/** Forecast dBm at now + horizon when the signal is clearly falling; else null (the scan signal stands). */
export function forecastSignal(samples: readonly SignalSample[] | undefined, now: number, policy: SelectionPolicy): number | null {
  const trend = signalTrend(samples, now, policy);
  if (trend === null || !isFalling(trend, policy)) return null;
  const forecast = trend.levelDbm + trend.slopeDbPerS * (policy.handover.horizonMs / 1000);
  return Math.max(-120, Math.min(0, forecast));
}
