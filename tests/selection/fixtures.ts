/** Builders for selector tests: a plausible candidate, overridden where a test cares. */
import type { BssidHistory, Candidate, DirectoryHotspot, SiteQuality } from '../../main/engine/selection/index.js';
import type { SelectionContext } from '../../main/engine/selection/index.js';

export const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);
export const MINUTE = 60_000;
export const DAY = 86_400_000;

export function hex(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}

export function bssid(n: number): string {
  return `02:00:00:00:${((n >> 8) & 0xff).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}`;
}

export function candidate(overrides: Partial<Candidate> & { ssid?: string } = {}): Candidate {
  const ssid = overrides.ssid ?? 'Cafe';
  return {
    bssid: bssid(1),
    ssidHex: hex(ssid),
    ssid,
    signalDbm: -60,
    frequencyMhz: 5180,
    band: '5GHz',
    standard: '802.11ax',
    security: 'open',
    channelWidthMhz: 80,
    hasCredentials: false,
    directory: null,
    history: null,
    site: null,
    habit: null,
    block: null,
    ...overrides,
  };
}

export function directory(overrides: Partial<DirectoryHotspot> = {}): DirectoryHotspot {
  return {
    bssid: bssid(1),
    ssidHex: hex('Cafe'),
    providerId: 'skyfi',
    siteId: null,
    authMethod: 'open',
    realmPrefix: null,
    venueKind: null,
    standard: null,
    band: null,
    lat: null,
    lon: null,
    crowdAttempts: 0,
    crowdSuccesses: 0,
    crowdThroughputMbps: null,
    ...overrides,
  };
}

export function history(overrides: Partial<BssidHistory> = {}): BssidHistory {
  return {
    bssid: bssid(1),
    attempts: 0,
    successes: 0,
    consecutiveFailures: 0,
    lastAttemptAt: null,
    lastSuccessAt: null,
    meanThroughputMbps: null,
    timeToOnlineMsP50: null,
    ...overrides,
  };
}

export function site(attempts: number, successes: number, siteId = 'airport'): SiteQuality {
  return { siteId, attempts, successes };
}

export function context(overrides: Partial<SelectionContext> = {}): SelectionContext {
  return { now: NOW, current: null, lastSwitchAt: null, manualChoice: null, criticalAppRunning: false, ...overrides };
}

/** The current link on `c`, online for ten minutes. */
export function on(c: Candidate, extra: Partial<NonNullable<SelectionContext['current']>> = {}): SelectionContext['current'] {
  return { bssid: c.bssid, ssidHex: c.ssidHex, since: NOW - 10 * MINUTE, ...extra };
}
