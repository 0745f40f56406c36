/**
 * A whole engine made of real parts for tests: the simulated radio on a world, the
 * simulated uplink on loopback with the node:http client going through its gateway, a real SQLite file,
 * and a test-driven clock. Only the radio is simulated. Two rigs on the same directory
 * share the radio's state file and the database, as two runs of the app would.
 */
import path from 'node:path';
import type { ConnectionState } from '../../preload/contract.js';
import { openCacheDatabase, type CacheDatabase } from '../../main/engine/cache/database.js';
import { StaticProviderDirectory } from '../../main/engine/directory/provider-directory.js';
import { type Engine, createEngine } from '../../main/engine/engine.js';
import type { Clock } from '../../main/engine/ports/clock.js';
import { silentLogger } from '../../main/engine/ports/logger.js';
import { MemorySecretStore, type SecretStore } from '../../main/engine/ports/secret-store.js';
import { SimulatedDriver } from '../../main/engine/wifi/simulated/simulated-driver.js';
import { type SimulatedUplink, startSimulatedUplink } from '../../main/engine/wifi/simulated/simulated-uplink.js';
import { FileSimulationState } from '../../main/engine/wifi/simulated/simulation-state.js';
import type { WorldSpec } from '../../main/engine/wifi/simulated/world-schema.js';
import { OsProcessList } from '../../main/platform/os-process-list.js';
import { NodeHttpClient } from '../../main/platform/node-http-client.js';
import { ManualClock } from './manual-clock.js';
import type { SettingsService } from '../../main/engine/policy/effective-settings.js';
import { type WorldPortals, startWorldPortals } from '../../main/common/world-portals.js';
import { smallWorld } from './small-world.js';

export interface EngineRig {
  engine: Engine;
  driver: SimulatedDriver;
  uplink: SimulatedUplink;
  http: NodeHttpClient;
  db: CacheDatabase;
  secrets: SecretStore;
  clock: Clock;
  /** Every `connection.changed` payload, in order. */
  changes: ConnectionState[];
  portals: WorldPortals | undefined;
  close(): Promise<void>;
}

export interface EngineRigOptions {
  dir: string;
  world?: WorldSpec;
  clock?: Clock;
  secrets?: SecretStore;
  autoConnect?: boolean;
  /** Put the world's captive portals (hotspot-in-a-box) in front of its access points. */
  portals?: boolean;
  /** Settings and managed policy for the engine. */
  settings?: SettingsService;
  /** How long the rig waits for a person's portal sign-in, and how often it re-probes. */
  personSignIn?: { timeoutMs: number; probeEveryMs: number };
}

export async function startEngineRig(options: EngineRigOptions): Promise<EngineRig> {
  const world = options.world ?? smallWorld();
  const clock = options.clock ?? new ManualClock(undefined, true);
  const secrets = options.secrets ?? new MemorySecretStore();
  const driver = new SimulatedDriver({ world, clock, state: new FileSimulationState(path.join(options.dir, 'simulation.json')) });
  const portals = options.portals ? await startWorldPortals(world) : undefined;
  const uplink = await startSimulatedUplink({
    associatedAccessPoint: () => driver.associatedAccessPoint(),
    ...(portals ? { portals: portals.gates, associationSerial: () => driver.associationSerial() } : {}),
  });
  const http = new NodeHttpClient({ proxyUrl: uplink.gatewayUrl, ...(portals?.caPem ? { extraCaPem: portals.caPem } : {}) });
  const { db } = openCacheDatabase(path.join(options.dir, 'cache.sqlite'));
  const engine = createEngine({
    ports: { wifi: driver, http, clock, secrets, processes: new OsProcessList(), logger: silentLogger },
    cache: db,
    directory: StaticProviderDirectory.fromWorld(world),
    internetCheck: { url: uplink.probeUrl, timeoutMs: 10_000 },
    info: { version: '0.0.0-test', host: 'node', platform: process.platform, dataDir: options.dir, logDir: path.join(options.dir, 'logs') },
    simulation: driver,
    autoConnect: options.autoConnect ?? false,
    ...(portals ? { browserUrlFor: portals.browserUrlFor } : {}),
    counters: { sample: async () => ({ rxBytes: uplink.bytes().rx, txBytes: uplink.bytes().tx, mac: world.device.mac, ip: '127.0.0.1' }) },
    ...(options.personSignIn ? { personSignIn: options.personSignIn } : {}),
    ...(options.settings ? { settings: options.settings } : {}),
  });
  const changes: ConnectionState[] = [];
  engine.events.on('connection.changed', (state) => changes.push(state));
  await engine.start();
  return {
    engine,
    driver,
    uplink,
    http,
    db,
    secrets,
    clock,
    changes,
    portals,
    async close() {
      engine.stop();
      await http.close();
      await uplink.close();
      await portals?.close();
      db.close();
    },
  };
}
