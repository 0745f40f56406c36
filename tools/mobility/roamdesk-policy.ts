/**
 * Roamdesk's real selector (main/engine/selection) behind the benchmark's Policy adapter.
 * It gets only what the engine would give it: Candidates built from the scan and the
 * device's cache (own history, habits, block states), the directory's crowd data and site
 * pooling when the scenario ships a directory, the process list for critical apps, and its
 * own recent signal samples and switches. Block states follow the selector's own
 * onAttemptOutcome/suspectDevice, as the engine's cache would store them.
 */
import type { Bss } from '../../main/engine/wifi/bss.js';
import {
  findCriticalApps,
  onAttemptOutcome,
  parseSelectionPolicy,
  rank,
  suspectDevice,
  type BlockState,
  type Candidate,
  type Ranking,
  type SelectionContext,
  type SelectionPolicy,
  type SignalSample,
  type SiteQuality,
  type SwitchRecord,
} from '../../main/engine/selection/index.js';
import type { AttemptResult } from './device-cache.js';
import type { Action, Policy, PolicyFactory, PolicyView } from './policy.js';

/** The commonest reason the ranking skipped candidates: why nothing was eligible. */
function mainSkipCode(ranking: Ranking): string {
  const counts = new Map<string, number>();
  for (const s of ranking.skipped) counts.set(s.reason.code, (counts.get(s.reason.code) ?? 0) + 1);
  let best = 'none skipped';
  let n = 0;
  for (const [code, c] of counts) if (c > n) [best, n] = [code, c];
  return best;
}

/** Signal samples kept per BSSID (the selector reads at most its maxSamples newest). */
const TREND_SAMPLES = 12;
/** Switch records kept (the ping-pong guard looks back minutes, not hours). */
const SWITCHES_KEPT = 20;

export interface RoamdeskPolicy extends Policy {
  /** The ranking behind the last decision (for debugging a scenario). */
  lastRanking(): Ranking | null;
}

export function createRoamdeskPolicy(operatorPolicy: Record<string, unknown>): RoamdeskPolicy {
  const policy: SelectionPolicy = parseSelectionPolicy(operatorPolicy);
  const blocks = new Map<string, BlockState>();
  const trend = new Map<string, SignalSample[]>();
  const switches: SwitchRecord[] = [];
  let lastSwitchAt: number | null = null;
  let lastView: PolicyView | null = null;
  let last: Ranking | null = null;
  const lastSignal = new Map<string, number>();

  const candidatesFor = (view: PolicyView, scan: readonly Bss[]): Candidate[] => {
    // The cache pools a site's APs, own and crowd, over every AP it knows at that site.
    const sites = new Map<string, SiteQuality>();
    for (const d of view.directory.values()) {
      if (d.siteId === null) continue;
      const site = sites.get(d.siteId) ?? { siteId: d.siteId, attempts: 0, successes: 0 };
      const own = view.cache.history.get(d.bssid);
      site.attempts += d.crowdAttempts + (own?.attempts ?? 0);
      site.successes += d.crowdSuccesses + (own?.successes ?? 0);
      sites.set(d.siteId, site);
    }
    return scan.map((b) => {
      const directory = view.directory.get(b.bssid) ?? null;
      return {
        bssid: b.bssid,
        ssidHex: b.ssidHex,
        ssid: b.ssid,
        signalDbm: b.signalDbm,
        frequencyMhz: b.frequencyMhz,
        band: b.band,
        standard: b.standard,
        security: b.security,
        channelWidthMhz: b.channelWidthMhz,
        hasCredentials: view.credentials.has(b.ssid),
        directory,
        history: view.cache.history.get(b.bssid) ?? null,
        site: directory?.siteId ? (sites.get(directory.siteId) ?? null) : null,
        habit: view.cache.habits.get(b.ssidHex) ?? null,
        block: blocks.get(b.bssid) ?? null,
      };
    });
  };

  return {
    name: 'roamdesk',
    lastRanking: () => last,
    observeAttempt(result: AttemptResult) {
      const history = lastView?.cache.history.get(result.bssid);
      const signalDbm = lastSignal.get(result.bssid) ?? -90;
      // Whether the device is suspect is judged on the facts after this outcome.
      const deviceSuspect = lastView !== null && suspectDevice(candidatesFor(lastView, lastView.scan), result.at, policy);
      const next = onAttemptOutcome(
        blocks.get(result.bssid) ?? null,
        { bssid: result.bssid, outcome: result.success ? 'success' : 'failure', consecutiveFailures: history?.consecutiveFailures ?? 0, signalDbm, at: result.at, deviceSuspect },
        policy,
      );
      if (next === null) blocks.delete(result.bssid);
      else blocks.set(result.bssid, next);
    },
    decide(view: PolicyView): Action {
      lastView = view;
      for (const b of view.scan) {
        lastSignal.set(b.bssid, b.signalDbm);
        const samples = trend.get(b.bssid) ?? [];
        samples.push({ at: view.now, dbm: b.signalDbm });
        if (samples.length > TREND_SAMPLES) samples.shift();
        trend.set(b.bssid, samples);
      }
      const critical = findCriticalApps(view.processes, 'windows', policy.criticalApps);
      const context: SelectionContext = {
        now: view.now,
        current: view.current ? { bssid: view.current.bssid, ssidHex: view.current.ssidHex, since: view.current.since, signalDbm: view.current.signalDbm } : null,
        lastSwitchAt,
        manualChoice: null,
        criticalAppRunning: critical.length > 0,
        criticalAppNames: critical.map((c) => c.label),
        signalTrend: trend,
        recentSwitches: switches,
        // The simulator models Wi-Fi only: no cellular to hand over to.
        cellularAvailable: false,
        onCellular: false,
      };
      last = rank(candidatesFor(view, view.scan), context, policy);
      const { action, target, code } = last.decision;
      if ((action === 'connect' || action === 'switch') && target !== null && target !== view.current?.bssid) {
        if (view.current) {
          switches.push({ from: view.current.bssid, to: target, at: view.now });
          if (switches.length > SWITCHES_KEPT) switches.shift();
          lastSwitchAt = view.now;
        }
        return { kind: 'connect', bssid: target, reason: code };
      }
      return { kind: 'stay', reason: code === 'NO_CANDIDATES' ? `NO_CANDIDATES (${mainSkipCode(last)})` : code };
    },
  };
}

export const roamdesk: PolicyFactory = {
  name: 'roamdesk',
  create: (world) => createRoamdeskPolicy(world.operatorPolicy),
};
