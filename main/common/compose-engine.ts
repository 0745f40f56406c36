/**
 * Composes an engine for a host (the Node host or the Electron shell): Node parts for the
 * ports the host does not bring itself and, given a world file, the simulated radio with
 * its loopback uplink. Until the real drivers land, a world file is required.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { openCacheDatabase } from '../engine/cache/database.js';
import { StaticProviderDirectory } from '../engine/directory/provider-directory.js';
import { type Engine, createEngine } from '../engine/engine.js';
import { systemClock } from '../engine/ports/clock.js';
import type { Logger } from '../engine/ports/logger.js';
import { ssidToHex } from '../engine/wifi/bss.js';
import { pskSecretKey } from '../engine/wifi/network-scanner.js';
import { SimulatedDriver } from '../engine/wifi/simulated/simulated-driver.js';
import { startSimulatedUplink } from '../engine/wifi/simulated/simulated-uplink.js';
import { FileSimulationState } from '../engine/wifi/simulated/simulation-state.js';
import { loadWorld } from '../engine/wifi/simulated/world-loader.js';
import type { AppPaths } from '../platform/app-paths.js';
import { FileSecretStore } from '../platform/file-secret-store.js';
import { OsProcessList } from '../platform/os-process-list.js';
import { NodeHttpClient } from '../platform/node-http-client.js';
import { installWorldDirectory } from './world-directory.js';
import { chooseWifiDriver } from '../engine/wifi/select-driver.js';
import { OsInterfaceCounters } from '../engine/interfaces/os-interface-counters.js';
import { NativeWifiDriver } from '../engine/wifi/windows/native/native-wifi-driver.js';
import { ExecFileRunner } from '../platform/exec-file.js';
import { createSettingsService } from '../platform/policy-sources/index.js';
import { followLogLevel, isLevelledLogger } from './log-level.js';
import { DirectoryUpdater } from '../engine/directory/directory-updater.js';
import { CacheProviderDirectory } from '../engine/directory/cache-provider-directory.js';
import { pinnedDirectoryKeys } from '../engine/directory/pinned-keys.js';
import { NodeDirectoryDownloader } from '../platform/directory-download.js';
import type { WifiDriver } from '../engine/ports/wifi-driver.js';
import type { SettingsService } from '../engine/policy/effective-settings.js';
import { ROAMDESK_PROBE_URL, WELL_KNOWN_PROBES } from '../engine/portal/detect.js';
import { startWorldPortals } from './world-portals.js';
import { startWorldSupportRelay } from './world-support-relay.js';
import { ProviderCredentials } from '../engine/connection/provider-credentials.js';
import type { SecretStore } from '../engine/ports/secret-store.js';

export interface HostEngineOptions {
  host: 'node' | 'electron';
  version: string;
  worldFile?: string | undefined;
  /** The host's secret store; defaults to the owner-only encrypted file of the Node host. */
  secrets?: SecretStore;
  paths: AppPaths;
  logger: Logger;
  backgroundScanMs?: number;
  internetCheckTimeoutMs?: number;
  /** SmartConnect keeps the device on the best network in the background (see engine.ts). */
  autoConnect?: boolean;
  /** Where managed policy is looked up (ROAMDESK_POLICY_FILE); defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * The support desk's background work (log-request long poll, queue, status) — and, in a world
   * whose settings name no relay, the world's own relay. Default: on when `backgroundScanMs` > 0
   * (serve, the app), off for one-shot commands.
   */
  supportDesk?: boolean;
  /** Without a world: a Wi-Fi driver the host brings itself (tests); default: this platform's. */
  wifiDriver?: WifiDriver;
  /** How often the real path re-checks the directory service (default 6 h; directory-updater.ts). */
  directoryRefreshMs?: number;
  /**
   * Keep the hotspot directory current from `directoryUrl` (real path only). Default: on when
   * `backgroundScanMs` > 0 (serve, the app); one-shot commands do not start a download they
   * would abort a moment later.
   */
  updateDirectory?: boolean;
}

export interface HostEngine {
  engine: Engine;
  worldName: string;
  /** On the real radio's path: the hotspot directory kept current from `directoryUrl`. */
  directoryUpdates?: DirectoryUpdater;
  close(): Promise<void>;
}

export async function composeEngine(options: HostEngineOptions): Promise<HostEngine> {
  if (!options.worldFile) return composeRealEngine(options);
  const worldFile = path.resolve(options.worldFile);
  const world = await loadWorld(worldFile);
  const { paths, logger } = options;

  const secrets = options.secrets ?? new FileSecretStore(path.join(paths.dataDir, 'secrets'));
  for (const known of world.device.knownNetworks) {
    const key = pskSecretKey(ssidToHex(known.ssid));
    if ((await secrets.get(key)) === undefined) await secrets.set(key, known.passphrase);
  }
  const seeded = new ProviderCredentials(secrets, StaticProviderDirectory.fromWorld(world));
  for (const login of world.device.providerLogins) {
    if ((await seeded.get(login.provider)) === undefined) await seeded.set(login.provider, { username: login.username, password: login.password });
  }

  // The simulated radio remembers its association between CLI runs, as an OS would.
  const stateId = createHash('sha256').update(worldFile).digest('hex').slice(0, 12);
  const driver = new SimulatedDriver({ world, clock: systemClock, state: new FileSimulationState(path.join(paths.dataDir, 'simulation', `${stateId}.json`)) });
  // Captive portals (hotspot-in-a-box) in front of the world's access points that have one.
  const portals = await startWorldPortals(world);
  const uplink = await startSimulatedUplink({ associatedAccessPoint: () => driver.associatedAccessPoint(), portals: portals.gates, associationSerial: () => driver.associationSerial() });
  const http = new NodeHttpClient({ proxyUrl: uplink.gatewayUrl, ...(portals.caPem ? { extraCaPem: portals.caPem } : {}) });
  const { db } = openCacheDatabase(paths.cacheDatabase, { logger });
  const settings = await startSettings(paths, logger, options.env);
  // The world stands in for the directory service: install its signed directory (once per world version).
  await installWorldDirectory(db, world, { workDir: path.join(paths.dataDir, 'directory-downloads'), clock: systemClock, logger });
  // The support desk runs in long-lived hosts; with no relay in the settings, the world brings its own (world-support-relay.ts).
  const supportDesk = options.supportDesk ?? (options.backgroundScanMs ?? 0) > 0;
  const worldRelay =
    supportDesk && !settings.get('relayUrl')
      ? await startWorldSupportRelay({ dataDir: paths.dataDir, logger, statusSummaryFile: path.join(path.dirname(worldFile), '..', 'support', 'demo-status-summary.json') })
      : undefined;

  const engine = createEngine({
    ports: { wifi: driver, http, clock: systemClock, secrets, processes: new OsProcessList(), logger },
    cache: db,
    directory: StaticProviderDirectory.fromWorld(world),
    internetCheck: { url: uplink.probeUrl, timeoutMs: options.internetCheckTimeoutMs ?? 5000 },
    browserUrlFor: portals.browserUrlFor,
    commands: new ExecFileRunner(),
    settings,
    // The simulated interface: what passed the gateway, the world device's MAC, and loopback as its address.
    counters: { sample: async () => ({ rxBytes: uplink.bytes().rx, txBytes: uplink.bytes().tx, mac: world.device.mac, ip: '127.0.0.1' }) },
    info: { version: options.version, host: options.host, platform: process.platform, dataDir: paths.dataDir, logDir: paths.logDir },
    simulation: driver,
    backgroundScanMs: options.backgroundScanMs ?? 0,
    autoConnect: options.autoConnect ?? false,
    support: { background: supportDesk, ...(worldRelay ? { fallback: { relayUrl: worldRelay.url, activationToken: worldRelay.activationToken } } : {}) },
  });
  await engine.start();
  logger.info('engine started', { world: world.name, driver: driver.name });

  return {
    engine,
    worldName: world.name,
    async close() {
      engine.stop();
      settings.stop();
      await engine.usage.checkpoint();
      await http.close();
      await uplink.close();
      await portals.close();
      await engine.support.stop();
      await worldRelay?.close();
      db.close();
    },
  };
}

/**
 * The engine on this machine's own Wi-Fi: the platform's driver (Native Wifi or netsh, the
 * CoreWLAN helper, NetworkManager; see chooseWifiDriver) through argument arrays, the
 * interface's byte counters from the OS (main/engine/interfaces/), HTTP straight out,
 * Roamdesk's probe first and the well-known ones after it. Chosen by platform at start; the simulated radio only on request.
 */
async function composeRealEngine(options: HostEngineOptions): Promise<HostEngine> {
  const { paths, logger } = options;
  const runner = new ExecFileRunner();
  const driver =
    options.wifiDriver ??
    (await chooseWifiDriver(process.platform, {
      runner,
      clock: systemClock,
      macHelperPath: process.env.ROAMDESK_WIFI_HELPER ?? null,
      logger,
    }));
  const secrets = options.secrets ?? new FileSecretStore(path.join(paths.dataDir, 'secrets'));
  const http = new NodeHttpClient();
  const { db } = openCacheDatabase(paths.cacheDatabase, { logger });
  const settings = await startSettings(paths, logger, options.env);
  // The hotspot directory from the organisation's directory service (directoryUrl, signed,
  // verified with the pinned keys + directoryPublicKey; the last good copy kept on disk).
  const directoryUpdates = new DirectoryUpdater({
    db,
    settings,
    download: new NodeDirectoryDownloader(),
    dir: path.join(paths.dataDir, 'directory'),
    pinnedKeys: pinnedDirectoryKeys(),
    clock: systemClock,
    logger,
    ...(options.directoryRefreshMs !== undefined ? { refreshMs: options.directoryRefreshMs } : {}),
  });
  const engine = createEngine({
    ports: { wifi: driver, http, clock: systemClock, secrets, processes: new OsProcessList(), logger },
    cache: db,
    directory: new CacheProviderDirectory(db),
    internetCheck: { url: ROAMDESK_PROBE_URL, timeoutMs: options.internetCheckTimeoutMs ?? 5000 },
    extraProbes: WELL_KNOWN_PROBES,
    commands: new ExecFileRunner(),
    settings,
    // This machine's Wi-Fi interface (else the default route's): bytes, MAC and address for usage sessions.
    counters: new OsInterfaceCounters({ platform: process.platform, runner, logger }),
    info: { version: options.version, host: options.host, platform: process.platform, dataDir: paths.dataDir, logDir: paths.logDir },
    backgroundScanMs: options.backgroundScanMs ?? 0,
    autoConnect: options.autoConnect ?? false,
    support: { background: options.supportDesk ?? (options.backgroundScanMs ?? 0) > 0 },
  });
  await engine.start();
  logger.info('engine started', { driver: driver.name });
  // In the background: a slow or absent directory service never holds up the start.
  const directoryStarted = !(options.updateDirectory ?? (options.backgroundScanMs ?? 0) > 0)
    ? Promise.resolve()
    : directoryUpdates.start().catch((error: unknown) => logger.warn('directory updates could not start', { reason: (error as Error)?.message ?? String(error) }));
  return {
    engine,
    worldName: `this computer (${driver.name})`,
    directoryUpdates,
    async close() {
      engine.stop();
      await directoryUpdates.stop();
      await directoryStarted;
      settings.stop();
      await engine.usage.checkpoint();
      // The Native Wifi driver holds a WlanOpenHandle; the command-line drivers hold nothing.
      if (driver instanceof NativeWifiDriver) await driver.close();
      await http.close();
      await engine.support.stop();
      db.close();
    },
  };
}

/**
 * Settings and managed policy, watched while the host runs: this OS's policy sources (or the
 * file in ROAMDESK_POLICY_FILE) above the user's own settings file.
 */
async function startSettings(paths: AppPaths, logger: Logger, env: NodeJS.ProcessEnv = process.env): Promise<SettingsService> {
  const settings = createSettingsService({ runner: new ExecFileRunner(), userSettingsFile: path.join(paths.dataDir, 'settings.json'), logger, env });
  await settings.start();
  // The host's log files follow the effective logLevel, live (main/common/log-level.ts).
  if (isLevelledLogger(logger)) followLogLevel(settings, logger);
  return settings;
}
