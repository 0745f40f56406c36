/**
 * A Wi-Fi driver that scans and associates inside a world file instead of the air. It
 * reports what a real radio would (SSID bytes, BSSID, dBm, frequency, band, PHY, security)
 * and lets a device on with each access point's true success probability.
 */
import type { Clock } from '../../ports/clock.js';
import type { AssociateRequest, Link, WifiDriver } from '../../ports/wifi-driver.js';
import { simulateEapSignIn } from './simulated-eap.js';
import { RoamdeskError } from '../../errors.js';
import { type Bss, frequencyOfChannel, ssidToHex } from '../bss.js';
import { SCAN_FLOOR_DBM, sampledSignalDbm } from './signal-model.js';
import { uniform } from './seeded-random.js';
import type { AccessPointSpec, SiteSpec, WorldSpec } from './world-schema.js';
import { MemorySimulationState, type SimulationStateFile, type SimulationStateStore } from './simulation-state.js';

export interface DevicePosition {
  siteId: string | null;
  x: number;
  y: number;
}

export interface SimulatedDriverOptions {
  world: WorldSpec;
  clock: Clock;
  state?: SimulationStateStore;
}

/** A signal this weak drops the link: the device has walked away from the access point. */
const LINK_LOSS_DBM = -90;

export class SimulatedDriver implements WifiDriver {
  private associations = 0;
  readonly name = 'simulated';
  private readonly world: WorldSpec;
  private readonly clock: Clock;
  private readonly store: SimulationStateStore;
  private readonly state: SimulationStateFile;
  private readonly accessPoints = new Map<string, { ap: AccessPointSpec; site: SiteSpec }>();
  private readonly listeners = new Set<() => void>();

  constructor(options: SimulatedDriverOptions) {
    this.world = options.world;
    this.clock = options.clock;
    this.store = options.state ?? new MemorySimulationState();
    for (const site of this.world.sites) for (const ap of site.accessPoints) this.accessPoints.set(ap.bssid, { ap, site });
    const saved = this.store.load();
    this.state = saved && this.isConsistent(saved) ? saved : { startedAt: this.clock.now(), link: null, override: null, attempts: {}, scans: 0 };
    this.persist();
  }

  get worldSpec(): WorldSpec {
    return this.world;
  }

  /** Called when the device moves by request (not when it drifts along its track). */
  onPositionChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  position(): DevicePosition {
    if (this.state.override) return { ...this.state.override };
    const elapsed = (this.clock.now() - this.state.startedAt) / 1000;
    const track = this.world.device.track;
    const first = track[0]!;
    if (elapsed <= first.atSeconds) return { siteId: first.siteId, ...first.position };
    for (let i = 1; i < track.length; i++) {
      const from = track[i - 1]!;
      const to = track[i]!;
      if (elapsed > to.atSeconds) continue;
      // Between two sites the device is in transit, where no simulated radio reaches it.
      if (from.siteId !== to.siteId) return { siteId: null, x: 0, y: 0 };
      const span = to.atSeconds - from.atSeconds;
      const share = span === 0 ? 1 : (elapsed - from.atSeconds) / span;
      return {
        siteId: from.siteId,
        x: from.position.x + (to.position.x - from.position.x) * share,
        y: from.position.y + (to.position.y - from.position.y) * share,
      };
    }
    const last = track[track.length - 1]!;
    return { siteId: last.siteId, ...last.position };
  }

  moveTo(siteId: string): void {
    const site = this.world.sites.find((candidate) => candidate.id === siteId);
    if (!site) throw new RoamdeskError('SITE_NOT_FOUND', `There is no site "${siteId}" in ${this.world.name}.`, { hint: `Sites: ${this.world.sites.map((s) => s.id).join(', ')}.` });
    // Arrive where the track first visits this site, or at its origin.
    const arrival = this.world.device.track.find((point) => point.siteId === siteId)?.position ?? { x: 0, y: 0 };
    this.state.override = { siteId, ...arrival };
    this.persist();
    for (const listener of this.listeners) listener();
  }

  async scan(): Promise<Bss[]> {
    const position = this.position();
    const scanIndex = this.state.scans++;
    this.persist();
    if (position.siteId === null) return [];
    const site = this.world.sites.find((candidate) => candidate.id === position.siteId)!;
    const seen: Bss[] = [];
    for (const ap of site.accessPoints) {
      const signalDbm = sampledSignalDbm(this.world.seed, ap, position, scanIndex);
      if (signalDbm < SCAN_FLOOR_DBM) continue;
      seen.push(toBss(ap, signalDbm));
    }
    return seen.sort((a, b) => b.signalDbm - a.signalDbm);
  }

  async associate(request: AssociateRequest): Promise<Link> {
    const entry = this.accessPoints.get(request.bssid);
    const position = this.position();
    if (!entry || entry.site.id !== position.siteId) {
      throw new RoamdeskError('NETWORK_OUT_OF_RANGE', 'The access point is not in range any more.', { hint: 'Scan again and pick a network that is listed.' });
    }
    const { ap } = entry;
    const enterprise = ap.security === 'wpa2-enterprise' || ap.security === 'wpa3-enterprise';
    if (enterprise && !request.enterprise) simulateEapSignIn(ap.eap, ap.ssid, undefined);
    const attempt = (this.state.attempts[ap.bssid] ?? 0) + 1;
    this.state.attempts[ap.bssid] = attempt;
    this.persist();
    await this.clock.sleep(ap.truth.associationMs, request.signal);
    if (ap.passphrase !== undefined) {
      if (request.passphrase === undefined) throw new RoamdeskError('CREDENTIALS_REQUIRED', `${ap.ssid} needs a password.`, { hint: 'Enter the network password and connect again.' });
      if (request.passphrase !== ap.passphrase) {
        throw new RoamdeskError('CREDENTIALS_REJECTED', `${ap.ssid} rejected the password (the 4-way handshake failed).`, { hint: 'Check the password and try again.' });
      }
    }
    // 802.1X runs after association and before the keys exist: a failed sign-in leaves no link.
    if (enterprise) simulateEapSignIn(ap.eap, ap.ssid, request.enterprise);
    if (uniform(this.world.seed, `associate:${ap.bssid}`, attempt) >= ap.truth.successProbability) {
      throw new RoamdeskError('ASSOCIATION_REJECTED', `The access point ${ap.bssid} (${ap.ssid}) did not let the device on.`, {
        hint: 'Try another access point of the same network, or move closer and try again.',
      });
    }
    const link: Link = { bssid: ap.bssid, ssidHex: ssidToHex(ap.ssid), associatedAt: new Date(this.clock.now()).toISOString() };
    this.state.link = link;
    this.associations += 1;
    this.persist();
    return link;
  }

  /** How many associations this driver made: a new one means a new session at a captive portal. */
  associationSerial(): number {
    return this.associations;
  }

  async disassociate(): Promise<void> {
    this.state.link = null;
    this.persist();
  }

  async currentLink(): Promise<Link | null> {
    const link = this.state.link;
    if (!link) return null;
    const entry = this.accessPoints.get(link.bssid);
    const position = this.position();
    if (!entry || entry.site.id !== position.siteId || sampledSignalDbm(this.world.seed, entry.ap, position, this.state.scans) < LINK_LOSS_DBM) {
      this.state.link = null;
      this.persist();
      return null;
    }
    return { ...link };
  }

  /** The access point the device is on, for the simulated gateway; undefined when off-line. */
  associatedAccessPoint(): AccessPointSpec | undefined {
    return this.state.link ? this.accessPoints.get(this.state.link.bssid)?.ap : undefined;
  }

  private isConsistent(saved: SimulationStateFile): boolean {
    return (saved.link === null || this.accessPoints.has(saved.link.bssid)) && (saved.override === null || this.world.sites.some((s) => s.id === saved.override!.siteId));
  }

  private persist(): void {
    this.store.save(this.state);
  }
}

function toBss(ap: AccessPointSpec, signalDbm: number): Bss {
  const frequencyMhz = frequencyOfChannel(ap.band, ap.channel);
  return {
    ssidHex: ssidToHex(ap.ssid),
    ssid: ap.ssid,
    bssid: ap.bssid,
    signalDbm,
    frequencyMhz,
    channel: ap.channel,
    band: ap.band,
    standard: ap.standard,
    security: ap.security,
    channelWidthMhz: ap.channelWidthMhz,
  };
}
