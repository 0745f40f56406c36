/**
 * SmartConnect: the selector put to work. It turns a scan into candidates with everything
 * the cache knows (selection/facts.ts), asks the pure ranker (selection/) what to do, joins
 * the best network through the connection manager — trying the next one when an attempt
 * fails — and feeds every outcome back into the cache, so the next ranking knows more.
 *
 *   scan ──► candidates (+ facts from SQLite) ──► rank() ──► connect best ──► outcome
 *                                                   ▲                          │
 *                                                   └──── observations, habits, blocklist
 */
import type { ConnectionState, RankedNetwork, SelectionResult, SkippedNetwork } from '../../../preload/contract.js';
import type { ProviderDirectory } from '../directory/provider-directory.js';
import { RoamdeskError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { ProcessList } from '../ports/process-list.js';
import type { SecretStore } from '../ports/secret-store.js';
import {
  type BlockState,
  type Candidate,
  type CriticalAppPlatform,
  type Ranking,
  type SelectionContext,
  type SelectionFactsSource,
  type SelectionPolicy,
  type SignalSample,
  type SwitchRecord,
  defaultSelectionPolicy,
  explainRanking,
  findCriticalApps,
  onAttemptOutcome,
  rank,
} from '../selection/index.js';
import type { Bss } from '../wifi/bss.js';
import { type NetworkScanner, needsPersonalSecret, pskSecretKey } from '../wifi/network-scanner.js';
import type { AttemptReport, ConnectionManager, SessionReport } from './connection-manager.js';

/** The cache as SmartConnect needs it: facts to rank on, and places to record what happened. */
export interface SelectionMemory extends SelectionFactsSource {
  recordObservation(observation: { bssid: string; ssidHex: string; signalDbm: number; outcome: 'success' | 'failure'; timeToOnlineMs: number | null; at: number }): void;
  recordUse(ssidHex: string, at: number): void;
  addOnlineTime(ssidHex: string, onlineMs: number, at: number): void;
  saveBlock(bssid: string, block: BlockState | null): void;
}

export interface SmartConnectDeps {
  scanner: NetworkScanner;
  connection: ConnectionManager;
  memory: SelectionMemory;
  secrets: SecretStore;
  processes: ProcessList;
  directory: ProviderDirectory;
  clock: Clock;
  logger: Logger;
  platform: CriticalAppPlatform;
  policy?: SelectionPolicy;
  /** Distinct access points one connectBest() may try before it gives up. */
  maxTries?: number;
}

/** Signal samples kept per BSSID for the handover forecast. */
const TREND_SAMPLES = 8;

export class SmartConnect {
  private policy: SelectionPolicy;
  private readonly trend = new Map<string, SignalSample[]>();
  private readonly switches: SwitchRecord[] = [];
  private manualChoice: { bssid: string; ssidHex: string; at: number } | null = null;
  private lastSwitchAt: number | null = null;
  private lastSignal = new Map<string, number>();
  private deviceSuspect = false;

  constructor(private readonly deps: SmartConnectDeps) {
    this.policy = deps.policy ?? defaultSelectionPolicy;
    deps.connection.onAttemptEnd((report) => this.learn(report));
    deps.connection.onSessionEnd((report) => this.learnSession(report));
  }

  /** Managed policy changed while running: rank with the new weights, thresholds and lists from now on. */
  setPolicy(policy: SelectionPolicy): void {
    this.policy = policy;
  }

  currentPolicy(): SelectionPolicy {
    return this.policy;
  }

  /** Remembers signals for the forecast; call after every scan. */
  observeScan(bsses: readonly Bss[]): void {
    const now = this.deps.clock.now();
    const oldest = now - this.policy.handover.sampleMaxAgeMs;
    for (const bss of bsses) {
      const samples = this.trend.get(bss.bssid) ?? [];
      samples.push({ at: now, dbm: bss.signalDbm });
      while (samples.length > TREND_SAMPLES || (samples[0] && samples[0].at < oldest)) samples.shift();
      this.trend.set(bss.bssid, samples);
      this.lastSignal.set(bss.bssid, bss.signalDbm);
    }
    // Forget BSSIDs not seen within the sample window, so the map stays as small as the view.
    for (const [bssid, samples] of this.trend) if ((samples.at(-1)?.at ?? 0) < oldest) this.trend.delete(bssid);
  }

  /** The user picked this network by hand: respected while its signal holds. */
  noteManualChoice(bssid: string, ssidHex: string): void {
    this.manualChoice = { bssid, ssidHex, at: this.deps.clock.now() };
  }

  /**
   * Gathers facts and ranks. Scans first unless `reuseScanWithinMs` allows the last scan
   * (the UI ranks what it just listed, so the two show the same signals).
   */
  async rank(reuseScanWithinMs = 0): Promise<{ ranking: Ranking; bsses: Bss[] }> {
    const last = this.deps.scanner.lastScan();
    const reusable = last && this.deps.clock.now() - Date.parse(last.result.scannedAt) <= reuseScanWithinMs;
    const { bsses } = reusable ? last : await this.deps.scanner.scan();
    if (!reusable) this.observeScan(bsses);
    const ranking = rank(await this.candidates(bsses), await this.context(), this.policy);
    this.deviceSuspect = ranking.decision.deviceSuspect;
    return { ranking, bsses };
  }

  async rankView(): Promise<SelectionResult> {
    const { ranking } = await this.rank(10_000);
    return this.view(ranking);
  }

  /**
   * Joins the best-ranked network; when the attempt fails, ranks again (the failure is now
   * in the cache) and tries the next access point, up to `maxTries` distinct ones.
   */
  async connectBest(): Promise<ConnectionState> {
    const maxTries = this.deps.maxTries ?? 3;
    const tried = new Set<string>();
    let last: ConnectionState | undefined;
    this.manualChoice = null;
    while (tried.size < maxTries) {
      const { ranking } = await this.rank();
      const next = ranking.eligible.find((scored) => !tried.has(scored.candidate.bssid));
      if (!next) break;
      tried.add(next.candidate.bssid);
      const from = this.deps.connection.onlineLink()?.bssid ?? null;
      this.deps.logger.info('smart connect', { bssid: next.candidate.bssid, bucket: next.bucket, score: Math.round(next.score), attempt: tried.size });
      last = await this.deps.connection.connect({ target: next.candidate.bssid });
      if (last.phase === 'online') {
        this.noteSwitch(from, next.candidate.bssid);
        return last;
      }
      if (last.error?.code === 'CANCELLED') return last;
    }
    if (last) return last;
    throw new RoamdeskError('NETWORK_NOT_FOUND', 'No network in range is one Roamdesk can join.', {
      hint: 'See "Why" in the ranked list: every network in view was skipped.',
    });
  }

  /**
   * One step of keeping the device on the best network (background refresh): reconnect when
   * the link was lost, switch when the selector says so (never optionally during a call).
   */
  async keepBest(): Promise<void> {
    const state = this.deps.connection.state();
    if (state.phase === 'connecting' || state.phase === 'disconnecting') return;
    const lost = state.phase === 'failed' && state.error?.code === 'NETWORK_OUT_OF_RANGE';
    if (lost) {
      this.deps.logger.info('link lost: connecting to the best network in view');
      await this.connectBest().catch((error: Error) => this.deps.logger.info('no network to fall back to', { reason: error.message }));
      return;
    }
    if (state.phase !== 'online') return;
    const { ranking } = await this.rank();
    const { decision } = ranking;
    if (decision.action !== 'switch' || !decision.target) return;
    const from = this.deps.connection.onlineLink()?.bssid ?? null;
    this.deps.logger.info('switching network', { from, to: decision.target, code: decision.code, forced: decision.forced });
    const result = await this.deps.connection.connect({ target: decision.target });
    if (result.phase === 'online') this.noteSwitch(from, decision.target);
  }

  private noteSwitch(from: string | null, to: string): void {
    if (from === to) return;
    const at = this.deps.clock.now();
    this.lastSwitchAt = at;
    this.switches.push({ from, to, at });
    while (this.switches.length > 16) this.switches.shift();
  }

  private async candidates(bsses: readonly Bss[]): Promise<Candidate[]> {
    const facts = this.deps.memory.factsFor(bsses);
    const credentials = new Map<string, boolean>();
    const candidates: Candidate[] = [];
    for (const bss of bsses) {
      let hasCredentials = credentials.get(bss.ssidHex);
      if (hasCredentials === undefined) {
        hasCredentials = await this.holdsCredentials(bss);
        credentials.set(bss.ssidHex, hasCredentials);
      }
      const directory = facts.directory.get(bss.bssid) ?? null;
      const siteId = directory?.siteId ?? null;
      candidates.push({
        bssid: bss.bssid,
        ssidHex: bss.ssidHex,
        ssid: bss.ssid,
        signalDbm: bss.signalDbm,
        frequencyMhz: bss.frequencyMhz,
        band: bss.band,
        standard: bss.standard,
        security: bss.security,
        channelWidthMhz: bss.channelWidthMhz,
        hasCredentials,
        directory,
        history: facts.history.get(bss.bssid) ?? null,
        site: siteId ? (facts.sites.get(siteId) ?? null) : null,
        habit: facts.habits.get(bss.ssidHex) ?? null,
        block: facts.blocks.get(bss.bssid) ?? null,
      });
    }
    return candidates;
  }

  private async holdsCredentials(bss: Bss): Promise<boolean> {
    if (needsPersonalSecret(bss.security)) return (await this.deps.secrets.get(pskSecretKey(bss.ssidHex))) !== undefined;
    // 802.1X profiles arrive with issue 5; until then no enterprise network is joinable.
    if (bss.security === 'wpa2-enterprise' || bss.security === 'wpa3-enterprise') return false;
    return true;
  }

  private async context(): Promise<SelectionContext> {
    const now = this.deps.clock.now();
    const online = this.deps.connection.onlineLink();
    let criticalAppNames: string[] = [];
    try {
      criticalAppNames = findCriticalApps(await this.deps.processes.list(), this.deps.platform, this.policy.criticalApps).map((match) => match.label);
    } catch (error) {
      // Without a process list, assume no call is running rather than never switching.
      this.deps.logger.warn('process list unavailable', { reason: (error as Error).message });
    }
    const currentSignal = online ? this.lastSignal.get(online.bssid) : undefined;
    return {
      now,
      current: online ? { bssid: online.bssid, ssidHex: online.ssidHex, since: online.since, ...(currentSignal !== undefined ? { signalDbm: currentSignal } : {}) } : null,
      lastSwitchAt: this.lastSwitchAt,
      manualChoice: this.manualChoice,
      criticalAppRunning: criticalAppNames.length > 0,
      criticalAppNames,
      signalTrend: this.trend,
      recentSwitches: this.switches,
    };
  }

  /** Feeds one attempt's outcome back: observation, habit, and the blocklist. */
  private learn(report: AttemptReport): void {
    if (report.outcome === 'cancelled') return;
    const { memory } = this.deps;
    const outcome = report.outcome === 'online' ? 'success' : 'failure';
    memory.recordObservation({ bssid: report.bss.bssid, ssidHex: report.bss.ssidHex, signalDbm: report.bss.signalDbm, outcome, timeToOnlineMs: report.timeToOnlineMs, at: report.at });
    if (outcome === 'success') memory.recordUse(report.bss.ssidHex, report.at);
    const facts = memory.factsFor([report.bss]);
    const previous = facts.blocks.get(report.bss.bssid) ?? null;
    const next = onAttemptOutcome(
      previous,
      {
        bssid: report.bss.bssid,
        outcome,
        consecutiveFailures: facts.history.get(report.bss.bssid)?.consecutiveFailures ?? (outcome === 'failure' ? 1 : 0),
        signalDbm: report.bss.signalDbm,
        at: report.at,
        deviceSuspect: this.deviceSuspect,
      },
      this.policy,
    );
    if (next !== previous) {
      memory.saveBlock(report.bss.bssid, next);
      if (next) this.deps.logger.info('access point blocklisted', { bssid: next.bssid, streak: next.streak, until: new Date(next.blockedUntil).toISOString() });
    }
  }

  private learnSession(report: SessionReport): void {
    this.deps.memory.addOnlineTime(report.ssidHex, report.onlineMs, report.at);
  }

  private view(ranking: Ranking): SelectionResult {
    const ranked: RankedNetwork[] = ranking.eligible.map((scored) => ({
      bssid: scored.candidate.bssid,
      ssid: scored.candidate.ssid,
      signalDbm: scored.candidate.signalDbm,
      band: scored.candidate.band,
      security: scored.candidate.security,
      provider: this.deps.directory.providerOf(scored.candidate.bssid),
      bucket: scored.bucket,
      score: Math.round(scored.score * 10) / 10,
      successRate: scored.successRate,
      successEvidence: scored.successEvidence,
      manual: scored.manual,
      terms: scored.terms.map((term) => ({ name: term.name, value: Math.round(term.value * 10) / 10, detail: term.detail })),
    }));
    const skipped: SkippedNetwork[] = ranking.skipped.map(({ candidate, reason }) => ({
      bssid: candidate.bssid,
      ssid: candidate.ssid,
      signalDbm: candidate.signalDbm,
      code: reason.code,
      reason: reason.message,
    }));
    const { decision } = ranking;
    return {
      ranked,
      skipped,
      decision: { action: decision.action, target: decision.target, code: decision.code, reason: decision.reason, forced: decision.forced, deviceSuspect: decision.deviceSuspect },
      explanation: explainRanking(ranking, { maxRanked: 50, maxSkipped: 50 }),
      rankedAt: new Date(this.deps.clock.now()).toISOString(),
    };
  }
}
