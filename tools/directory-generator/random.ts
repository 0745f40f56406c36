/**
 * Randomness as a pure function of (seed, stream, index, sub): the same question always
 * gets the same answer, so a full directory and a delta generated later agree on every
 * hotspot. A 32-bit integer hash (not SHA-256 as the world simulator uses): millions of
 * draws per directory.
 */
function mix(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

export function draw(seed: number, stream: number, index: number, sub = 0): number {
  let h = mix(seed ^ 0x9e3779b9);
  h = mix(h ^ Math.imul(stream + 1, 0x27d4eb2f));
  h = mix(h ^ index);
  h = mix(h ^ Math.imul(sub + 1, 0x165667b1));
  return h / 4294967296;
}

export function gaussianDraw(seed: number, stream: number, index: number, sub = 0): number {
  const u1 = Math.max(draw(seed, stream, index, sub * 2), 1e-12);
  const u2 = draw(seed, stream, index, sub * 2 + 1);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

export function between(u: number, min: number, max: number): number {
  return min + Math.floor(u * (max - min + 1));
}

/** Index into a cumulative weight table by binary search. */
export function pick(cumulative: Float64Array, u: number): number {
  const target = u * cumulative[cumulative.length - 1]!;
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cumulative[mid]! > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
