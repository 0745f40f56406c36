/**
 * The cache as SmartConnect uses it (connection/smart-connect.ts's SelectionMemory): the
 * selector's facts plus the places to record outcomes, habits and blocklist decisions.
 * A thin adapter over the repositories; declared here structurally so the cache does not
 * depend on the connection layer.
 */
import type { BlockState, SelectionFactsSource } from '../selection/facts.js';
import { BlocklistRepository } from './blocklist-repository.js';
import type { CacheDatabase } from './database.js';
import { HabitsRepository } from './habits-repository.js';
import { ObservationsRepository } from './observations-repository.js';
import { SqliteSelectionFacts } from './selection-facts.js';

export interface CacheSelectionMemory extends SelectionFactsSource {
  recordObservation(observation: { bssid: string; ssidHex: string; signalDbm: number; outcome: 'success' | 'failure'; timeToOnlineMs: number | null; at: number }): void;
  recordUse(ssidHex: string, at: number): void;
  addOnlineTime(ssidHex: string, onlineMs: number, at: number): void;
  saveBlock(bssid: string, block: BlockState | null): void;
}

export function createSelectionMemory(db: CacheDatabase): CacheSelectionMemory {
  const facts = new SqliteSelectionFacts(db);
  const observations = new ObservationsRepository(db);
  const habits = new HabitsRepository(db);
  const blocklist = new BlocklistRepository(db);
  return {
    factsFor: (bss) => facts.factsFor(bss),
    recordObservation: (o) =>
      observations.record({ bssid: o.bssid, observedAt: o.at, signalDbm: o.signalDbm, outcome: o.outcome === 'success' ? 'online' : 'failed', timeToOnlineMs: o.timeToOnlineMs }),
    recordUse: (ssidHex, at) => habits.recordUse(ssidHex, at),
    addOnlineTime: (ssidHex, onlineMs, at) => habits.addOnlineTime(ssidHex, onlineMs, at),
    saveBlock: (bssid, block) => (block === null ? blocklist.delete(bssid) : blocklist.put({ ...block, bssid })),
  };
}
