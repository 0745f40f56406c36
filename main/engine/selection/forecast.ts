/**
 * A short signal forecast: least-squares line through the newest samples, read at
 * now + horizon. Walking out of a café loses 1–3 dB/s; a train passing a platform AP far
 * more. A line over the last few seconds sees that coming ~10 s ahead, which is enough to
 * prepare the next link before this one drops. Longer horizons extrapolate noise.
 */
import type { SelectionPolicy } from './policy.js';
import type { SignalSample } from './types.js';

/** Forecast dBm at now + horizon, or null with too few recent samples. */
export function forecastSignal(samples: readonly SignalSample[] | undefined, now: number, policy: SelectionPolicy): number | null {
  if (samples === undefined) return null;
  const { minSamples, maxSamples, sampleMaxAgeMs, horizonMs } = policy.handover;
  const oldest = now - sampleMaxAgeMs;
  let n = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
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
    if (x < first) first = x;
    if (x > last) last = x;
  }
  if (n < minSamples || last - first < 0.5) return null;
  const denominator = n * sxx - sx * sx;
  if (denominator <= 0) return null;
  const slope = (n * sxy - sx * sy) / denominator;
  const intercept = (sy - slope * sx) / n;
  const forecast = intercept + slope * (horizonMs / 1000);
  return Math.max(-120, Math.min(0, forecast));
}
