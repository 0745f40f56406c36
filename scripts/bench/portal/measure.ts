/** Wall time and client CPU time of one run, and the statistics the report shows. */
import { performance } from 'node:perf_hooks';

export interface Sample {
  wallMs: number;
  /** User + system CPU of this process during the run, in ms, idle baseline removed. */
  cpuMs: number;
}

export interface IdleBaseline {
  /** CPU ms this process spends per wall ms when doing nothing but waiting. */
  cpuPerWallMs: number;
}

export async function measureIdle(ms = 1000): Promise<IdleBaseline> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const used = process.cpuUsage(cpu);
  return { cpuPerWallMs: (used.user + used.system) / 1000 / (performance.now() - start) };
}

export async function sample<T>(idle: IdleBaseline, run: () => Promise<T>): Promise<{ sample: Sample; result: T }> {
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await run();
  const wallMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  const cpuMs = Math.max(0, (used.user + used.system) / 1000 - idle.cpuPerWallMs * wallMs);
  return { sample: { wallMs, cpuMs }, result };
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1]!;
}

export function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}
