/**
 * Paired bootstrap confidence intervals: the difference Roamdesk − baseline is taken per
 * seed (both faced the same luck), and the seeds are resampled with replacement. The
 * resampling has its own seeded generator, so a report is reproducible to the digit.
 */

/** A small, fast, seedable generator (mulberry32): the bootstrap needs speed, not crypto. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stable 32-bit seed from text (FNV-1a), so each (scenario, baseline, metric) gets its own stream. */
export function seedFrom(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export interface Interval {
  /** Mean of the paired differences. */
  mean: number;
  lo: number;
  hi: number;
  /** Pairs used (seeds where both values exist). */
  n: number;
}

export interface BootstrapOptions {
  resamples?: number;
  level?: number;
  seed?: number;
}

/** Percentile bootstrap CI of mean(a − b) over pairs where both are numbers. */
export function pairedBootstrapCi(a: ReadonlyArray<number | null>, b: ReadonlyArray<number | null>, options: BootstrapOptions = {}): Interval {
  const { resamples = 2000, level = 0.95, seed = 1 } = options;
  const diffs: number[] = [];
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x !== null && x !== undefined && y !== null && y !== undefined) diffs.push(x - y);
  }
  const n = diffs.length;
  if (n === 0) return { mean: Number.NaN, lo: Number.NaN, hi: Number.NaN, n: 0 };
  const mean = diffs.reduce((s, d) => s + d, 0) / n;
  const random = mulberry32(seed);
  const means = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += diffs[Math.floor(random() * n)]!;
    means[r] = sum / n;
  }
  means.sort();
  const alpha = (1 - level) / 2;
  const lo = means[Math.max(0, Math.floor(alpha * resamples))]!;
  const hi = means[Math.min(resamples - 1, Math.ceil((1 - alpha) * resamples) - 1)]!;
  return { mean, lo, hi, n };
}

/** Whether an interval lies entirely above zero (a real improvement, not noise). */
export function excludesZeroAbove(ci: Interval): boolean {
  return ci.n > 0 && ci.lo > 0;
}
