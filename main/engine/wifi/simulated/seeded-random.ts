/**
 * Randomness as a pure function of (seed, entity, index): the same question always gets
 * the same answer, so a demo, a test and every policy in a benchmark face the same luck.
 */
import { createHash } from 'node:crypto';

export function uniform(seed: number, entity: string, index: number): number {
  const digest = createHash('sha256').update(`${seed}\u0000${entity}\u0000${index}`).digest();
  // 48 bits are plenty and stay exact in a double.
  return digest.readUIntBE(0, 6) / 2 ** 48;
}

/** A standard normal sample (Box–Muller over two independent uniforms). */
export function gaussian(seed: number, entity: string, index: number): number {
  const u1 = Math.max(uniform(seed, `${entity}#a`, index), Number.MIN_VALUE);
  const u2 = uniform(seed, `${entity}#b`, index);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
