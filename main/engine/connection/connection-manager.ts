/**
 * The connection manager: scan → pick → associate → verify → online, as an explicit state
 * machine that records a timeline of stages. Every attempt is written to the cache when
 * it starts and completed when it ends. One attempt runs at a time; a new connect or a
 * disconnect cancels the one in flight.
 *
 *   idle ──connect──► connecting ──(all stages pass)──────────────► online
 *     ▲                   │    │                                       ▲   │
 *     │                   │    └─(portal needs a person)─► sign-in-required │ link lost ──► failed
 *     │                   └──(a stage fails)──► failed      (re-probed until online)
 *     └──────── disconnecting ◄──disconnect (signs out of a WISPr portal first)
 *
 * Stages: associate → verify (probe) → [sign-in → verify] when the path is captive.
 */
import type { ConnectedNetwork, ConnectionState, ConnectionStageName, ErrorInfo, StageEntry } from '../../../preload/contract.js';
import type { AttemptsRepository } from '../cache/attempts-repository.js';
import type { ProviderDirectory } from '../directory/provider-directory.js';
import { RoamdeskError, isRoamdeskError } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { HttpClient } from '../ports/http.js';
import type { Logger } from '../ports/logger.js';
import type { SecretStore } from '../ports/secret-store.js';
import type { WifiDriver } from '../ports/wifi-driver.js';
import { type Bss, normaliseBssid, ssidFromHex } from '../wifi/bss.js';
import { type NetworkScanner, needsPersonalSecret, pskSecretKey } from '../wifi/network-scanner.js';
import type { CaptiveSignIn, SignInTarget } from './sign-in-port.js';
import type { EnterpriseCredentials } from '../ports/wifi-driver.js';

export interface ConnectionManagerDeps {
  wifi: WifiDriver;
  scanner: NetworkScanner;
  http: HttpClient;
  clock: Clock;
  logger: Logger;
  secrets: SecretStore;
  attempts: AttemptsRepository;
  directory: ProviderDirectory;
  portal: CaptiveSignIn;
  /** The installed 802.1X profile for an enterprise network's SSID. */
  enterprise?: { credentialsFor(ssid: string): Promise<{ credentials: EnterpriseCredentials } | null> };
  /** How long to wait for a person to sign in on a portal page, and how often to re-probe meanwhile. */
  personSignIn?: { timeoutMs: number; probeEveryMs: number };
}

export interface ConnectRequest {
  target: string;
  passphrase?: string | undefined;
}

/** What the selector's memory learns from one finished attempt (see smart-connect.ts). */
export interface AttemptReport {
  attemptId: number;
  bss: Bss;
  outcome: 'online' | 'failed' | 'cancelled';
  errorCode: string | null;
  timeToOnlineMs: number | null;
  /** Epoch ms when the attempt ended. */
  at: number;
}

/** A stretch online that ended (disconnect, link lost, another network chosen). */
export interface SessionReport {
  bssid: string;
  ssidHex: string;
  onlineMs: number;
  at: number;
}

interface InFlight {
  controller: AbortController;
  done: Promise<ConnectionState>;
  /** Wakes a wait for a person's portal sign-in to probe at once (portal.recheck). */
  wake?: (() => void) | undefined;
}

export class ConnectionManager {
  private current: ConnectionState;
  private inFlight: InFlight | undefined;
  private readonly listeners = new Set<(state: ConnectionState) => void>();
  private readonly attemptListeners = new Set<(report: AttemptReport) => void>();
  private readonly sessionListeners = new Set<(report: SessionReport) => void>();
  /** When the current link went online, to credit time online to the network's habit. */
  private onlineSince: { bssid: string; ssidHex: string; at: number } | null = null;
  /** Signs out of the current portal session (WISPr LogoffURL), when one is held. */
  private logOff: ((signal?: AbortSignal) => Promise<void>) | undefined;
  /** The current network's sign-in context, for refreshes while online. */
  private signInTarget: SignInTarget | undefined;

  constructor(private readonly deps: ConnectionManagerDeps) {
    this.current = this.idleState();
  }

  state(): ConnectionState {
    return structuredClone(this.current);
  }

  onChange(listener: (state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onAttemptEnd(listener: (report: AttemptReport) => void): () => void {
    this.attemptListeners.add(listener);
    return () => this.attemptListeners.delete(listener);
  }

  onSessionEnd(listener: (report: SessionReport) => void): () => void {
    this.sessionListeners.add(listener);
    return () => this.sessionListeners.delete(listener);
  }

  /** The link that is online now and since when (epoch ms), for the selector's context. */
  onlineLink(): { bssid: string; ssidHex: string; since: number } | null {
    return this.onlineSince && this.current.phase === 'online' ? { bssid: this.onlineSince.bssid, ssidHex: this.onlineSince.ssidHex, since: this.onlineSince.at } : null;
  }

  /**
   * Picks up a link the OS already has (the app restarted, or another CLI run connected):
   * online if the last attempt on that access point reached online, as the OS keeps it.
   */
  async restore(): Promise<void> {
    const link = await this.deps.wifi.currentLink();
    if (!link) return;
    const last = this.deps.attempts.lastFor(link.bssid);
    const bss = this.deps.scanner.lastScan()?.bsses.find((candidate) => candidate.bssid === link.bssid) ?? (await this.deps.scanner.scan()).bsses.find((b) => b.bssid === link.bssid);
    if (last?.outcome === 'online') this.onlineSince = { bssid: link.bssid, ssidHex: link.ssidHex, at: Date.parse(last.endedAt ?? link.associatedAt) || this.deps.clock.now() };
    this.set({
      phase: last?.outcome === 'online' ? 'online' : 'idle',
      attemptId: last?.id ?? null,
      network: bss ? this.describe(bss) : { ssid: ssidFromHex(link.ssidHex), bssid: link.bssid, band: '2.4GHz', security: 'open', provider: this.deps.directory.providerOf(link.bssid) },
      timeline: last?.stages ?? [],
      error: null,
      since: last?.endedAt ?? link.associatedAt,
      portal: null,
    });
  }

  /** Resolves with the attempt's final state; a failed attempt is a state, not an exception. */
  async connect(request: ConnectRequest): Promise<ConnectionState> {
    await this.cancelInFlight();
    const { bsses } = await this.deps.scanner.scan();
    const bss = pickTarget(request.target, bsses);
    const passphrase = await this.passphraseFor(bss, request.passphrase);

    const controller = new AbortController();
    const flight: InFlight = { controller, done: Promise.resolve(this.state()) };
    // The caller gets the state once the attempt ends — or once it waits for a person to sign
    // in on a portal page, which goes on in the background until online, cancelled or timed out.
    let waitingForPerson!: (state: ConnectionState) => void;
    const handedOver = new Promise<ConnectionState>((resolve) => (waitingForPerson = resolve));
    flight.done = this.run(bss, passphrase, request.passphrase !== undefined, controller.signal, flight, waitingForPerson).finally(() => {
      if (this.inFlight === flight) this.inFlight = undefined;
    });
    this.inFlight = flight;
    return Promise.race([flight.done, handedOver]);
  }

  /** Ends any attempt in flight (a wait for a person's portal sign-in included): the host is shutting down. */
  stop(): void {
    this.inFlight?.controller.abort(new DOMException('engine stopped', 'AbortError'));
  }

  /** The network the radio is on now and what the directory says of its provider, or null when not associated. */
  async currentTarget(): Promise<SignInTarget | null> {
    const link = await this.deps.wifi.currentLink();
    if (!link) return null;
    const bss = this.deps.scanner.lastScan()?.bsses.find((b) => b.bssid === link.bssid) ?? (await this.deps.scanner.scan()).bsses.find((b) => b.bssid === link.bssid);
    if (!bss) return null;
    const providerId = this.deps.directory.providerOf(bss.bssid)?.id;
    return { bss, provider: providerId ? this.deps.directory.provider(providerId) : null };
  }

  /**
   * Signs in on the current association's portal (probe → sign-in → verify) without
   * re-associating: for `roamdesk portal login`, or after the person saved sign-in details.
   */
  async signInHere(): Promise<ConnectionState> {
    await this.cancelInFlight();
    const target = await this.currentTarget();
    if (!target) throw new RoamdeskError('NOT_CONNECTED', 'The device is not connected to any network, so there is no portal to sign in to.', { hint: 'Connect to the network first.' });
    const controller = new AbortController();
    const flight: InFlight = { controller, done: Promise.resolve(this.state()) };
    let waitingForPerson!: (state: ConnectionState) => void;
    const handedOver = new Promise<ConnectionState>((resolve) => (waitingForPerson = resolve));
    flight.done = this.run(target.bss, undefined, false, controller.signal, flight, waitingForPerson, true).finally(() => {
      if (this.inFlight === flight) this.inFlight = undefined;
    });
    this.inFlight = flight;
    return Promise.race([flight.done, handedOver]);
  }

  /**
   * Probes again now: while waiting for a person's portal sign-in, that ends the wait if the
   * path is open; while online behind an RFC 8908 portal, it refreshes the session budget.
   */
  async recheck(): Promise<ConnectionState> {
    if (this.current.phase === 'sign-in-required' && this.inFlight?.wake) {
      const flight = this.inFlight;
      flight.wake?.();
      await Promise.race([flight.done, this.deps.clock.sleep(this.deps.personSignIn?.probeEveryMs ?? 3000)]);
      return this.state();
    }
    if (this.current.phase === 'online' && this.current.portal && this.signInTarget) {
      const portal = await this.deps.portal.refresh(this.signInTarget, AbortSignal.timeout(10_000)).catch(() => null);
      if (portal) this.set({ ...this.current, portal });
    }
    return this.state();
  }

  async disconnect(): Promise<ConnectionState> {
    await this.cancelInFlight();
    const link = await this.deps.wifi.currentLink();
    if (link || this.current.phase !== 'idle') {
      this.set({ ...this.current, phase: 'disconnecting', since: this.nowIso() });
      this.endSession();
      await this.signOut();
      await this.deps.wifi.disassociate();
      this.deps.logger.info('disconnected', { bssid: link?.bssid });
    }
    this.set({ ...this.idleState(), network: null });
    return this.state();
  }

  /** Ends a portal session before leaving, so the venue does not keep counting it (bounded; never blocks leaving). */
  private async signOut(): Promise<void> {
    const logOff = this.logOff;
    this.logOff = undefined;
    this.signInTarget = undefined;
    if (!logOff) return;
    try {
      await logOff(AbortSignal.timeout(5000));
      this.deps.logger.info('signed out of the portal');
    } catch (error) {
      this.deps.logger.warn('portal sign-out failed; leaving anyway', { code: (error as { code?: string }).code, reason: (error as Error).message });
    }
  }

  /** Notices a link the radio lost on its own (walked away, AP gone). */
  async checkLink(): Promise<void> {
    if (this.current.phase !== 'online' || this.inFlight) return;
    const looked = this.current;
    if (await this.deps.wifi.currentLink()) return;
    // A new attempt (or a disconnect) may have begun while the radio answered: the loss was of
    // the link it replaced, and is not this attempt's to report.
    if (this.current !== looked || this.inFlight) return;
    this.deps.logger.warn('link lost', { bssid: this.current.network?.bssid });
    this.endSession();
    this.set({
      ...this.current,
      phase: 'failed',
      error: new RoamdeskError('NETWORK_OUT_OF_RANGE', 'The connection was lost: the access point is out of range.', { hint: 'Pick another network.' }).toInfo(),
      since: this.nowIso(),
    });
  }

  private async run(bss: Bss, passphrase: string | undefined, saveSecret: boolean, signal: AbortSignal, flight: InFlight, waitingForPerson: (state: ConnectionState) => void, keepAssociation = false): Promise<ConnectionState> {
    const started = this.deps.clock.now();
    const network = this.describe(bss);
    const attemptId = this.deps.attempts.begin({ startedAt: this.nowIso(), ssidHex: bss.ssidHex, ssid: bss.ssid, bssid: bss.bssid, providerId: network.provider?.id ?? null });
    this.deps.logger.info('connecting', { attemptId, ssid: bss.ssid, bssid: bss.bssid, security: bss.security });
    this.set({ phase: 'connecting', attemptId, network, timeline: [], error: null, since: this.nowIso(), portal: null });

    const existing = await this.deps.wifi.currentLink();
    this.endSession();
    if (existing && !keepAssociation) await this.signOut();
    if (existing && existing.bssid !== bss.bssid) await this.deps.wifi.disassociate();

    try {
      if (!keepAssociation && isEnterprise(bss.security)) {
        await this.associateEnterprise(bss, signal);
      } else if (!keepAssociation) {
        await this.stage('associate', async () => {
          await this.deps.wifi.associate({ bssid: bss.bssid, ssidHex: bss.ssidHex, ...(passphrase !== undefined ? { passphrase } : {}), signal });
          return { detail: `associated with ${bss.bssid} on channel ${bss.channel} (${bss.band})`, value: undefined };
        });
      }
      if (saveSecret && passphrase !== undefined) await this.deps.secrets.set(pskSecretKey(bss.ssidHex), passphrase);
      const providerId = network.provider?.id;
      const target: SignInTarget = { bss, provider: providerId ? this.deps.directory.provider(providerId) : null };
      const first = await this.stage('verify', async () => {
        const probe = await this.deps.portal.probe(target, signal);
        return { detail: probe.detail, value: probe };
      });
      if (first.kind === 'captive') {
        const result = await this.stage('sign-in', async () => {
          const outcome = await this.deps.portal.signIn(first, target, signal);
          return { detail: outcome.detail, value: outcome };
        });
        this.signInTarget = target;
        this.set({ ...this.current, portal: result.portal });
        if (result.kind === 'signed-in') {
          this.logOff = result.logOff;
        } else {
          await this.waitForPerson(target, signal, flight, waitingForPerson);
        }
        await this.stage('verify', async () => {
          const probe = await this.deps.portal.probe(target, signal);
          if (probe.kind !== 'online') {
            throw new RoamdeskError('PORTAL_STILL_CAPTIVE', 'Signed in, but the network still holds traffic back.', { hint: 'Open the sign-in page to finish, or pick another network.' });
          }
          return { detail: probe.detail, value: probe };
        });
        // Behind an RFC 8908 portal the API now states the session's budget: show it from the start.
        if (this.current.portal?.kind === 'capport') {
          const portal = await this.deps.portal.refresh(target, signal).catch(() => null);
          if (portal) this.set({ ...this.current, portal });
        }
      }
      const timeToOnlineMs = this.deps.clock.now() - started;
      this.deps.attempts.finish(attemptId, { endedAt: this.nowIso(), outcome: 'online', errorCode: null, timeToOnlineMs, stages: this.current.timeline });
      this.deps.logger.info('online', { attemptId, timeToOnlineMs });
      this.onlineSince = { bssid: bss.bssid, ssidHex: bss.ssidHex, at: this.deps.clock.now() };
      this.report({ attemptId, bss, outcome: 'online', errorCode: null, timeToOnlineMs, at: this.deps.clock.now() });
      this.set({ ...this.current, phase: 'online', since: this.nowIso() });
    } catch (error) {
      const cancelled = signal.aborted;
      const info = cancelled ? new RoamdeskError('CANCELLED', 'The connection attempt was cancelled.').toInfo() : toErrorInfo(error);
      this.deps.attempts.finish(attemptId, { endedAt: this.nowIso(), outcome: cancelled ? 'cancelled' : 'failed', errorCode: info.code, timeToOnlineMs: null, stages: this.current.timeline });
      this.report({ attemptId, bss, outcome: cancelled ? 'cancelled' : 'failed', errorCode: info.code, timeToOnlineMs: null, at: this.deps.clock.now() });
      this.logOff = undefined;
      if (!cancelled) {
        this.deps.logger.warn('connection failed', { attemptId, code: info.code, reason: info.message });
        // Do not sit on an access point that does not carry traffic: leave it so another can be tried.
        if (await this.deps.wifi.currentLink()) await this.deps.wifi.disassociate();
        this.set({ ...this.current, phase: 'failed', error: info, since: this.nowIso() });
      }
    }
    return this.state();
  }

  /**
   * The portal needs a person: say so (the caller's connect() resolves here), then re-probe
   * every few seconds — or at once on recheck — until the path opens, the attempt is
   * cancelled, or the wait times out.
   */
  private async waitForPerson(target: SignInTarget, signal: AbortSignal, flight: InFlight, waitingForPerson: (state: ConnectionState) => void): Promise<void> {
    const { timeoutMs, probeEveryMs } = this.deps.personSignIn ?? { timeoutMs: 10 * 60_000, probeEveryMs: 3000 };
    this.set({ ...this.current, phase: 'sign-in-required', since: this.nowIso() });
    waitingForPerson(this.state());
    const deadline = this.deps.clock.now() + timeoutMs;
    while (this.deps.clock.now() < deadline) {
      await new Promise<void>((resolve) => {
        flight.wake = resolve;
        void this.deps.clock.sleep(probeEveryMs, signal).then(resolve, resolve);
      });
      flight.wake = undefined;
      if (signal.aborted) throw signal.reason;
      const probe = await this.deps.portal.probe(target, signal).catch((error: unknown) => {
        if (signal.aborted) throw error;
        return null; // a failed probe is not an answer while the person signs in: probe again
      });
      if (probe?.kind === 'online') {
        this.set({ ...this.current, phase: 'connecting', since: this.nowIso() });
        return;
      }
    }
    throw new RoamdeskError('PORTAL_SIGN_IN_TIMEOUT', `Nobody signed in on the portal page within ${Math.round(timeoutMs / 60_000)} minutes.`, {
      hint: 'Connect again and finish the sign-in page, or pick another network.',
    });
  }

  /**
   * An 802.1X network: association, then the sign-in with the installed profile, as two
   * stages of the timeline — so a failure shows at the layer it happened (a rejected
   * password is the authenticate stage, not the radio).
   */
  private async associateEnterprise(bss: Bss, signal: AbortSignal): Promise<void> {
    const installed = await this.deps.enterprise?.credentialsFor(bss.ssid);
    if (!installed) {
      throw new RoamdeskError('EAP_PROFILE_MISSING', `${bss.ssid} uses 802.1X, and this device has no enterprise profile for it.`, {
        hint: 'Install the Wi-Fi profile your organisation gave you under Enterprise Wi-Fi, then connect again.',
      });
    }
    const { credentials } = installed;
    let signInFailure: unknown;
    await this.stage('associate', async () => {
      try {
        await this.deps.wifi.associate({ bssid: bss.bssid, ssidHex: bss.ssidHex, enterprise: credentials, signal });
      } catch (error) {
        if (!isRoamdeskError(error) || !error.code.startsWith('EAP_')) throw error;
        signInFailure = error;
      }
      return { detail: `associated with ${bss.bssid} on channel ${bss.channel} (${bss.band})`, value: undefined };
    });
    await this.stage('authenticate', async () => {
      if (signInFailure !== undefined) throw signInFailure;
      return { detail: `802.1X ${credentials.method} as ${credentials.identity}; server ${credentials.serverNames.join(', ')} verified`, value: undefined };
    });
  }

  /** Runs one stage and records it in the timeline, whatever its outcome. */
  private async stage<T>(name: ConnectionStageName, work: () => Promise<{ detail: string; value: T }>): Promise<T> {
    const startedAt = this.deps.clock.now();
    const index = this.current.timeline.length;
    const entry: StageEntry = { stage: name, status: 'running', startedAt: new Date(startedAt).toISOString() };
    this.set({ ...this.current, timeline: [...this.current.timeline, entry] });
    const finish = (status: StageEntry['status'], detail: string) => {
      const timeline = [...this.current.timeline];
      timeline[index] = { ...entry, status, durationMs: this.deps.clock.now() - startedAt, detail };
      this.set({ ...this.current, timeline });
    };
    try {
      const { detail, value } = await work();
      finish('succeeded', detail);
      return value;
    } catch (error) {
      const aborted = (error as { name?: string })?.name === 'AbortError' || isAbortReason(error);
      finish(aborted ? 'cancelled' : 'failed', aborted ? 'cancelled' : toErrorInfo(error).message);
      throw error;
    }
  }

  private async passphraseFor(bss: Bss, given: string | undefined): Promise<string | undefined> {
    if (!needsPersonalSecret(bss.security)) return undefined;
    const passphrase = given ?? (await this.deps.secrets.get(pskSecretKey(bss.ssidHex)));
    if (passphrase === undefined) {
      throw new RoamdeskError('CREDENTIALS_REQUIRED', `${bss.ssid} needs a password, and none is saved on this device.`, { hint: 'Enter the network password to connect.' });
    }
    return passphrase;
  }

  private async cancelInFlight(): Promise<void> {
    const flight = this.inFlight;
    if (!flight) return;
    flight.controller.abort(new DOMException('superseded', 'AbortError'));
    await flight.done.catch(() => undefined);
    this.inFlight = undefined;
  }

  private report(report: AttemptReport): void {
    for (const listener of this.attemptListeners) {
      try {
        listener(report);
      } catch (error) {
        // Learning from an attempt must never break the connection itself.
        this.deps.logger.warn('attempt listener failed', { reason: (error as Error).message });
      }
    }
  }

  private endSession(): void {
    const session = this.onlineSince;
    if (!session) return;
    this.onlineSince = null;
    const now = this.deps.clock.now();
    const report: SessionReport = { bssid: session.bssid, ssidHex: session.ssidHex, onlineMs: Math.max(0, now - session.at), at: now };
    for (const listener of this.sessionListeners) {
      try {
        listener(report);
      } catch (error) {
        this.deps.logger.warn('session listener failed', { reason: (error as Error).message });
      }
    }
  }

  private describe(bss: Bss): ConnectedNetwork {
    return { ssid: bss.ssid, bssid: bss.bssid, band: bss.band, security: bss.security, provider: this.deps.directory.providerOf(bss.bssid) };
  }

  private idleState(): ConnectionState {
    return { phase: 'idle', attemptId: null, network: null, timeline: [], error: null, since: this.nowIso(), portal: null };
  }

  private nowIso(): string {
    return new Date(this.deps.clock.now()).toISOString();
  }

  private set(next: ConnectionState): void {
    this.current = next;
    const snapshot = this.state();
    for (const listener of this.listeners) listener(snapshot);
  }
}

/** A BSSID pins one access point; an SSID takes its strongest access point in range. */
export function pickTarget(target: string, bsses: readonly Bss[]): Bss {
  const bssid = normaliseBssid(target);
  const matches = bssid ? bsses.filter((bss) => bss.bssid === bssid) : bsses.filter((bss) => bss.ssid === target);
  const best = [...matches].sort((a, b) => b.signalDbm - a.signalDbm)[0];
  if (!best) {
    throw new RoamdeskError('NETWORK_NOT_FOUND', `No network "${target}" is in range.`, {
      hint: bsses.length ? `In range: ${[...new Set(bsses.map((b) => b.ssid))].join(', ')}.` : 'No networks are in range right now.',
    });
  }
  return best;
}

function isEnterprise(security: Bss['security']): boolean {
  return security === 'wpa2-enterprise' || security === 'wpa3-enterprise';
}

function toErrorInfo(error: unknown): ErrorInfo {
  if (isRoamdeskError(error)) return error.toInfo();
  return { code: 'INTERNAL', message: 'Something went wrong inside Roamdesk while connecting.', hint: 'Try again; if it keeps happening, collect diagnostics for support.' };
}

function isAbortReason(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}
