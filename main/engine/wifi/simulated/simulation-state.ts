/**
 * What a real OS would remember between two runs of the CLI: which access point the radio
 * is on, where the device is, and how many attempts each access point has seen (the index
 * of the seeded outcomes). Kept in a small JSON file, written atomically.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { Link } from '../../ports/wifi-driver.js';

export const SimulationStateFile = z.object({
  startedAt: z.number(),
  link: z.object({ bssid: z.string(), ssidHex: z.string(), associatedAt: z.string() }).nullable(),
  override: z.object({ siteId: z.string(), x: z.number(), y: z.number() }).nullable(),
  attempts: z.record(z.string(), z.number().int().nonnegative()),
  scans: z.number().int().nonnegative(),
});
export type SimulationStateFile = z.infer<typeof SimulationStateFile>;

export interface SimulationStateStore {
  load(): SimulationStateFile | undefined;
  save(state: SimulationStateFile): void;
}

export class MemorySimulationState implements SimulationStateStore {
  private state: SimulationStateFile | undefined;
  load() {
    return this.state && structuredClone(this.state);
  }
  save(state: SimulationStateFile) {
    this.state = structuredClone(state);
  }
}

export class FileSimulationState implements SimulationStateStore {
  constructor(private readonly file: string) {}

  load(): SimulationStateFile | undefined {
    try {
      const parsed = SimulationStateFile.safeParse(JSON.parse(readFileSync(this.file, 'utf8')));
      // A damaged state file is not worth an error: the simulated radio simply starts fresh.
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  save(state: SimulationStateFile): void {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(state), { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}

export type { Link };
