/**
 * The engine: everything Roamdesk does, behind ports, implementing the contract. Hosts
 * (the Electron shell, the Node host) build the ports, call `createEngine`, and carry its
 * handlers and events over their transport. Nothing here imports `electron`.
 */
import type { AppInfo, ContractHandlers, SettingsView, SimulationState } from '../../preload/contract.js';
import type { SettingsService } from './policy/effective-settings.js';
import { selectionOverrideFrom } from './policy/selection-override.js';
import { AttemptsRepository } from './cache/attempts-repository.js';
import type { CacheDatabase } from './cache/database.js';
import { ConnectionManager } from './connection/connection-manager.js';
import { SmartConnect } from './connection/smart-connect.js';
import { ProviderCredentials } from './connection/provider-credentials.js';
import { EapProfileStore } from './eap/profile-store.js';
import { PortalSignIn, type PortalProbe } from './connection/portal-sign-in.js';
import { createSelectionMemory } from './cache/selection-memory.js';
import { type CriticalAppPlatform, type SelectionPolicy, criticalAppPlatform, parseSelectionPolicy } from './selection/index.js';
import type { ProviderDirectory } from './directory/provider-directory.js';
import { CacheRetention } from './cache/retention.js';
import { type InterfaceCounters, noInterfaceCounters } from './ports/interface-counters.js';
import { UsageRecorder } from './usage/usage-recorder.js';
import { CommandRunError, type CommandRunner } from './ports/command-runner.js';
import { diagnoseEngine } from './diagnostics/engine-diagnosis.js';
import { EvidenceSessions } from './support/evidence-session.js';
import { type SupportDeskOptions, createSupportDesk } from './support/support-desk.js';
import type { SupportService } from './support/support-service.js';
import { FlightRecorder } from './diagnostics/flight-recorder.js';
import path from 'node:path';
import type { DiagnosticsProgress, DiagnosticsReport } from './diagnostics/run-diagnostics.js';

/** A host without a command runner: every tool is "not found", which the probes report honestly. */
const missingCommands: CommandRunner = {
  run: async (file) => {
    throw new CommandRunError('not-found', file, `${file} is not available in this host`);
  },
};
import { RoamdeskError } from './errors.js';
import { EventHub } from './events/event-hub.js';
import type { Clock } from './ports/clock.js';
import type { HttpClient } from './ports/http.js';
import type { Logger } from './ports/logger.js';
import type { ProcessList } from './ports/process-list.js';
import type { SecretStore } from './ports/secret-store.js';
import type { WifiDriver } from './ports/wifi-driver.js';
import { NetworkScanner } from './wifi/network-scanner.js';
import type { SimulatedDriver } from './wifi/simulated/simulated-driver.js';

export interface EnginePorts {
  wifi: WifiDriver;
  http: HttpClient;
  clock: Clock;
  secrets: SecretStore;
  processes: ProcessList;
  logger: Logger;
}

export interface EngineOptions {
  ports: EnginePorts;
  cache: CacheDatabase;
  directory: ProviderDirectory;
  /** Roamdesk's own connectivity endpoint (answers 204), probed first after every association. */
  internetCheck: { url: string; timeoutMs: number };
  /** More probes after Roamdesk's own (the well-known OS endpoints); none in a simulated world. */
  extraProbes?: readonly PortalProbe[];
  /** Where a person's browser opens a portal page (a simulated world maps its portals to loopback). */
  browserUrlFor?: (url: string) => string;
  /** How long a person may take on a portal sign-in page, and how often it is re-probed meanwhile. */
  personSignIn?: { timeoutMs: number; probeEveryMs: number };
  info: Omit<AppInfo, 'name' | 'wifiDriver' | 'simulated'>;
  /** Present when the radio is simulated; enables the `simulation.*` methods. */
  simulation?: SimulatedDriver;
  /** How often the engine rescans and checks the link in the background (0: never). */
  backgroundScanMs?: number;
  /** The selection policy (defaults, or an operator's override parsed by parseSelectionPolicy). */
  selectionPolicy?: SelectionPolicy;
  /**
   * Keep the device on the best network in the background: reconnect when the link is lost,
   * switch when the selector says so. Off, the selector still ranks and `connectBest` works.
   */
  autoConnect?: boolean;
  /** Which process names count as calls (defaults to this machine's OS). */
  platform?: CriticalAppPlatform;
  /** The Wi-Fi interface's byte counters and addresses, for usage sessions (none: bytes unknown). */
  counters?: InterfaceCounters;
  /** Settings and managed policy (default < user < managed); without it, defaults only. */
  settings?: SettingsService;
  /** Runs the platform's tools (ping, traceroute) for diagnostics; without it those probes say "not available". */
  commands?: CommandRunner;
  /**
   * Months of this device's own history kept in the cache (default 12), when there are no
   * settings; with settings, the effective `retentionMonths` applies (live: a change prunes
   * at once). Pruned at start and daily.
   */
  retentionMonths?: number;
  /** The support desk: relay transport, and a simulated world's own relay when the settings name none. */
  support?: SupportDeskOptions;
}

export interface Engine {
  handlers: ContractHandlers;
  events: EventHub;
  connection: ConnectionManager;
  smartConnect: SmartConnect;
  usage: UsageRecorder;
  /** The support desk: cases, the offline queue, agents' log requests, service status. */
  support: SupportService;
  /** Snapshots of the recent past taken on failure signatures, waiting to be sent. */
  recorder: FlightRecorder;
  /** Diagnostics of the current (or last failed) connection: checklist, probes, timeline by layer. */
  diagnose(pingSeconds: number, onProgress?: (progress: DiagnosticsProgress) => void, signal?: AbortSignal): Promise<DiagnosticsReport>;
  /** Restores an existing link and starts background scanning. */
  start(): Promise<void>;
  stop(): void;
}

export function createEngine(options: EngineOptions): Engine {
  const { ports } = options;
  const events = new EventHub();
  const scanner = new NetworkScanner(ports.wifi, options.directory, ports.secrets, ports.clock);
  const credentials = new ProviderCredentials(ports.secrets, options.directory);
  const eapProfiles = new EapProfileStore(options.cache, ports.secrets, ports.clock);
  const portal = new PortalSignIn({
    http: ports.http,
    clock: ports.clock,
    logger: ports.logger,
    credentials,
    directory: options.directory,
    probes: [{ url: options.internetCheck.url, expect: { status: 204 } }, ...(options.extraProbes ?? [])],
    probeTimeoutMs: options.internetCheck.timeoutMs,
    ...(options.browserUrlFor ? { browserUrlFor: options.browserUrlFor } : {}),
  });
  const connection = new ConnectionManager({
    wifi: ports.wifi,
    scanner,
    http: ports.http,
    clock: ports.clock,
    logger: ports.logger,
    secrets: ports.secrets,
    attempts: new AttemptsRepository(options.cache),
    directory: options.directory,
    portal,
    enterprise: eapProfiles,
    ...(options.personSignIn ? { personSignIn: options.personSignIn } : {}),
  });
  const usage = new UsageRecorder(options.cache, options.counters ?? noInterfaceCounters, ports.clock, ports.logger);
  // The flight recorder keeps the recent past in memory and snapshots it (with diagnostics)
  // when a failure signature appears, so the evidence exists before anyone asks.
  const recorder = new FlightRecorder({
    dir: path.join(options.info.dataDir, 'diagnostics', 'snapshots'),
    clock: ports.clock,
    logger: ports.logger,
    collectDiagnostics: () => diagnose(2),
  });
  connection.onChange((state) => {
    usage.onState(state);
    recorder.recordConnection(state);
    events.emit('connection.changed', state);
    support.onConnection(state);
  });
  const smartConnect = new SmartConnect({
    scanner,
    connection,
    memory: createSelectionMemory(options.cache),
    secrets: ports.secrets,
    processes: ports.processes,
    directory: options.directory,
    clock: ports.clock,
    logger: ports.logger,
    platform: options.platform ?? criticalAppPlatform(process.platform),
    ...(options.selectionPolicy ? { policy: options.selectionPolicy } : {}),
  });

  const simulationState = (): SimulationState => {
    const simulation = requireSimulation(options.simulation);
    const world = simulation.worldSpec;
    return {
      worldName: world.name,
      sites: world.sites.map((site) => ({ id: site.id, name: site.name, kind: site.kind })),
      currentSiteId: simulation.position().siteId,
    };
  };

  const scanAndPublish = async () => {
    const { bsses, result } = await scanner.scan();
    smartConnect.observeScan(bsses);
    events.emit('networks.changed', result);
    return result;
  };

  /** Background refresh: rescan for the list and notice a lost link. Bounded, never overlapping. */
  let refreshing: Promise<void> | undefined;
  const refresh = () => {
    refreshing ??= (async () => {
      try {
        await connection.checkLink();
        // Behind an RFC 8908 portal, keep the session budget current so the expiry warning shows in time.
        if (connection.state().phase === 'online' && connection.state().portal?.kind === 'capport') await connection.recheck();
        await scanAndPublish();
        if (autoConnectNow()) await smartConnect.keepBest();
      } catch (error) {
        ports.logger.warn('background refresh failed', { reason: (error as Error).message });
      } finally {
        refreshing = undefined;
      }
    })();
    return refreshing;
  };

  let timer: ReturnType<typeof setInterval> | undefined;
  let retentionTimer: ReturnType<typeof setInterval> | undefined;
  const retentionMonths = () => (options.settings ? options.settings.get('retentionMonths') : (options.retentionMonths ?? 12));
  let started = false;
  const pruneHistory = () => {
    try {
      const pruned = new CacheRetention(options.cache, ports.clock, { months: retentionMonths() }).prune();
      if (pruned.observations + pruned.attempts + pruned.habits + pruned.blocks > 0) ports.logger.info('cache retention pruned old history', { ...pruned });
    } catch (error) {
      ports.logger.warn('cache retention failed', { reason: (error as Error).message });
    }
  };
  let unsubscribeMoves: (() => void) | undefined;

  const evidence = new EvidenceSessions({
    info: async () => handlers['app.info']({}),
    connection: () => connection.state(),
    diagnose: (pingSeconds, onProgress) => diagnose(pingSeconds, onProgress),
    clock: ports.clock,
    spoolRoot: path.join(options.info.dataDir, 'bundle-spool'),
    snapshots: {
      // A snapshot that expires between the list and the read is simply not carried.
      waiting: async () =>
        (await Promise.all((await recorder.list()).map(async ({ id }) => ({ id, snapshot: await recorder.get(id).catch(() => null) })))).filter((s) => s.snapshot !== null),
      sent: async (ids) => {
        for (const id of ids) await recorder.delete(id);
      },
    },
  });
  const supportDesk = createSupportDesk({
    options: options.support,
    settings: options.settings,
    dataDir: options.info.dataDir,
    version: options.info.version,
    secrets: ports.secrets,
    clock: ports.clock,
    logger: ports.logger,
    evidence: {
      preview: () => evidence.preview(bytesProgress('bundle.progress')),
      save: (bundleId, dir) => evidence.save(bundleId, dir, bytesProgress('bundle.progress'), { sending: true }),
      checklist: () => evidence.lastChecklist(),
    },
    connection: () => connection.state(),
    emit: (event, payload) => events.emit(event, payload),
  });
  const support = supportDesk.service;
  const diagnose = (pingSeconds: number, onProgress?: (progress: DiagnosticsProgress) => void, signal?: AbortSignal) =>
    diagnoseEngine(
      { handlers, connection, attempts: new AttemptsRepository(options.cache), commands: options.commands ?? missingCommands, http: ports.http, clock: ports.clock, ...managedState() },
      pingSeconds,
      onProgress,
      signal,
    );
  const bytesProgress = (event: 'bundle.progress') => (p: { phase: string; doneBytes: number; totalBytes: number }) =>
    events.emit(event, { step: Math.min(p.doneBytes, p.totalBytes), total: Math.max(1, p.totalBytes), label: p.phase === 'measuring' ? 'Reading and redacting' : p.phase === 'writing' ? 'Writing the bundle' : 'Done' });

  const settingsState = (): SettingsView => {
    const service = options.settings;
    if (!service) return { settings: [], rejected: [], managedBy: null };
    const organisation = service.get('managedByOrganization');
    return {
      settings: service.view().map((v) => ({ ...v, value: v.value as unknown })),
      rejected: service.rejectedValues().map((r) => r.message),
      managedBy: typeof organisation === 'string' && organisation ? organisation : null,
    };
  };
  /** The managed state for diagnostics: managed when any policy source set (or tried to set) a value. */
  const managedState = () => {
    const service = options.settings;
    if (!service) return { managed: null, policy: null };
    const effective = service.current();
    const lockedSettings = Object.values(effective.entries).filter((entry) => entry.locked).length;
    const organisation = service.get('managedByOrganization');
    return {
      managed: lockedSettings > 0 || effective.rejected.some((item) => item.source === 'managed'),
      policy: { organization: organisation || null, lockedSettings, rejected: effective.rejected.map((item) => item.message) },
    };
  };
  // The operator's selection policy (MDM or the user's settings) overrides the defaults; a
  // value the selector refuses is logged and the last good policy stays.
  const applySelectionPolicy = () => {
    if (!options.settings) return;
    try {
      smartConnect.setPolicy(parseSelectionPolicy(selectionOverrideFrom(options.settings.current()), options.selectionPolicy));
    } catch (error) {
      ports.logger.warn('selection policy from settings refused; keeping the previous one', { code: (error as { code?: string }).code, reason: (error as Error).message });
    }
  };
  applySelectionPolicy();
  options.settings?.subscribe((change) => {
    applySelectionPolicy();
    // A shorter retention (IT's policy or the user) applies now, not at the next daily run.
    if (started && change.changed.includes('retentionMonths')) pruneHistory();
    events.emit('settings.changed', settingsState());
  });
  /** Auto-connect runs when the host wants it and the settings (or IT) have not turned it off. */
  const autoConnectNow = () => (options.autoConnect ?? false) && (options.settings ? options.settings.get('autoConnect') !== false : true);

  const handlers: ContractHandlers = {
    'app.info': async () => ({ name: 'Roamdesk', ...options.info, wifiDriver: ports.wifi.name, simulated: options.simulation !== undefined }),
    'wifi.scan': async () => scanAndPublish(),
    'connection.get': async () => connection.state(),
    'connection.connect': async (request) => {
      const state = await connection.connect(request);
      // A network the user picked by hand is respected while its signal holds.
      if (state.phase === 'online' && state.network) smartConnect.noteManualChoice(state.network.bssid, connection.onlineLink()?.ssidHex ?? '');
      return state;
    },
    'connection.connectBest': async () => smartConnect.connectBest(),
    'selection.rank': async () => smartConnect.rankView(),
    'connection.disconnect': async () => connection.disconnect(),
    'portal.recheck': async () => connection.recheck(),
    'portal.probe': async () => {
      const target = await connection.currentTarget();
      if (!target) throw new RoamdeskError('NOT_CONNECTED', 'The device is not connected to any network, so there is nothing to probe.', { hint: 'Connect to a network first.' });
      return portal.inspect(target, AbortSignal.timeout(60_000));
    },
    'portal.login': async () => connection.signInHere(),
    'eap.profiles.list': async () => ({ profiles: await eapProfiles.list() }),
    'eap.profiles.install': async ({ eapConfig, username, password }) => {
      const installed = await eapProfiles.install(eapConfig, username, password);
      ports.logger.info('enterprise Wi-Fi profile installed', { id: installed.id, ssids: installed.ssids });
      return { profiles: await eapProfiles.list() };
    },
    'eap.profiles.remove': async ({ id }) => {
      await eapProfiles.remove(id);
      return { profiles: await eapProfiles.list() };
    },
    'portal.credentials.list': async () => credentials.list(),
    'portal.credentials.set': async ({ providerId, username, password }) => {
      if (!options.directory.provider(providerId)) throw new RoamdeskError('INVALID_REQUEST', `No provider "${providerId}" is in the directory.`);
      await credentials.set(providerId, { username, password });
      ports.logger.info('provider sign-in details saved', { providerId });
      return credentials.list();
    },
    'portal.credentials.delete': async ({ providerId }) => {
      await credentials.delete(providerId);
      return credentials.list();
    },
    'diagnostics.run': async ({ pingSeconds }) =>
      evidence.diagnose(pingSeconds ?? 10, (p) => events.emit('diagnostics.progress', { step: p.state === 'done' ? p.step : p.step - 1, total: p.total, label: p.label })),
    'bundle.preview': async () => evidence.preview(bytesProgress('bundle.progress')),
    'bundle.item': async ({ bundleId, name }) => evidence.item(bundleId, name),
    'bundle.remove': async ({ bundleId, name }) => evidence.remove(bundleId, name),
    'bundle.save': async ({ bundleId }) => {
      const saved = await evidence.save(bundleId, path.join(options.info.dataDir, 'bundles'), bytesProgress('bundle.progress'));
      ports.logger.info('support bundle saved', { path: saved.path, sha256: saved.sha256, bytes: saved.bytes });
      return saved;
    },
    'settings.get': async () => settingsState(),
    'settings.set': async ({ key, value }) => {
      if (!options.settings) throw new RoamdeskError('INVALID_REQUEST', 'Settings cannot be changed in this host.');
      await options.settings.setUserValue(key, value);
      return settingsState();
    },
    ...supportDesk.handlers,
    'simulation.get': async () => simulationState(),
    'simulation.moveTo': async ({ siteId }) => {
      requireSimulation(options.simulation).moveTo(siteId);
      await refresh();
      return simulationState();
    },
  };

  return {
    handlers,
    events,
    connection,
    smartConnect,
    usage,
    support,
    recorder,
    diagnose,
    async start() {
      await connection.restore();
      started = true;
      pruneHistory();
      retentionTimer = setInterval(pruneHistory, 24 * 60 * 60 * 1000);
      retentionTimer.unref();
      if (options.simulation) unsubscribeMoves = options.simulation.onPositionChange(() => events.emit('simulation.changed', simulationState()));
      const every = options.backgroundScanMs ?? 0;
      if (every > 0) {
        timer = setInterval(() => void refresh(), every);
        timer.unref();
      }
      support.onConnection(connection.state());
      support.start();
    },
    stop() {
      connection.stop();
      if (timer) clearInterval(timer);
      if (retentionTimer) clearInterval(retentionTimer);
      started = false;
      unsubscribeMoves?.();
      void support.stop();
    },
  };
}

function requireSimulation(simulation: SimulatedDriver | undefined): SimulatedDriver {
  if (!simulation) throw new RoamdeskError('NOT_SIMULATED', 'Moving the device only works in a simulated world.', { hint: 'Start Roamdesk with --world <file>.' });
  return simulation;
}
