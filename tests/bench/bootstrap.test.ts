import { describe, expect, test } from 'vitest';
import { excludesZeroAbove, pairedBootstrapCi } from '../../scripts/bench/selection/bootstrap.js';

describe('paired bootstrap confidence interval', () => {
  test('a constant paired difference has a zero-width interval at that difference', () => {
    const b = [0.2, 0.5, 0.9, 0.1, 0.4];
    const a = b.map((x) => x + 0.25);
    const ci = pairedBootstrapCi(a, b, { seed: 3 });
    expect(ci.mean).toBeCloseTo(0.25, 12);
    expect(ci.lo).toBeCloseTo(0.25, 12);
    expect(ci.hi).toBeCloseTo(0.25, 12);
    expect(excludesZeroAbove(ci)).toBe(true);
  });

  test('pairs by seed: a large shared seed effect does not widen the interval', () => {
    // Seeds differ wildly (0 … 0.9) but a is always b + 0.01 ± 0.001: the paired CI is tight and above zero.
    const b = Array.from({ length: 30 }, (_, i) => (i * 0.31) % 0.9);
    const a = b.map((x, i) => x + 0.01 + (i % 2 ? 0.001 : -0.001));
    const ci = pairedBootstrapCi(a, b, { seed: 1 });
    expect(ci.lo).toBeGreaterThan(0.0095);
    expect(ci.hi).toBeLessThan(0.0105);
  });

  test('the interval of a known sample matches the textbook figure', () => {
    // Differences 1..20: mean 10.5, standard error 5.916/sqrt(20) = 1.323; a 95% percentile
    // bootstrap interval is about mean ± 1.96 × SE, i.e. [7.9, 13.1], within resampling noise.
    const b = new Array(20).fill(0);
    const a = Array.from({ length: 20 }, (_, i) => i + 1);
    const ci = pairedBootstrapCi(a, b, { seed: 11, resamples: 4000 });
    expect(ci.mean).toBe(10.5);
    expect(ci.lo).toBeGreaterThan(7.4);
    expect(ci.lo).toBeLessThan(8.4);
    expect(ci.hi).toBeGreaterThan(12.6);
    expect(ci.hi).toBeLessThan(13.6);
  });

  test('its own seed makes it reproducible; a zero-straddling interval does not count as better', () => {
    const a = [1, 3, 2, 5, 4, 2];
    const b = [2, 1, 3, 4, 5, 1];
    expect(pairedBootstrapCi(a, b, { seed: 5 })).toEqual(pairedBootstrapCi(a, b, { seed: 5 }));
    const ci = pairedBootstrapCi(a, b, { seed: 5 });
    expect(ci.lo).toBeLessThan(0);
    expect(ci.hi).toBeGreaterThan(0);
    expect(excludesZeroAbove(ci)).toBe(false);
  });

  test('seeds without a value on either side are left out of the pairing', () => {
    const ci = pairedBootstrapCi([1, null, 3], [0, 5, null], { seed: 1 });
    expect(ci.n).toBe(1);
    expect(ci.mean).toBe(1);
  });
});
