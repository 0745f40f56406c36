/**
 * Filters: a candidate that fails one is not ranked at all, whatever its score would be.
 * They run in a fixed order (operator policy first, then what makes joining impossible,
 * then quality floors), and the first that fails is the reason shown to the user.
 *
 * Exemptions, and why:
 * - The current link is kept down to the exit floor (`usableFloorDbm`), below the entry
 *   thresholds: entering and leaving at the same level would flap at the edge of coverage.
 *   Its block and success rate are not checked either: they are about connecting, and it
 *   is already connected.
 * - The user's manual choice is kept down to `manual.floorDbm` and ignores the blocklist
 *   and the success-rate minimum: the user asked for it. Operator policy still applies.
 * - While the device is suspected (every AP failed), blocks are not trusted.
 * - When nothing passes, a second pass relaxes the soft filters (entry threshold, block,
 *   success-rate minimum): see `FilterFacts.fallback`. Policy, security and credentials
 *   never give way.
 */
import type { Candidate } from './facts.js';
import { isBlocked } from './blocklist.js';
import { type CompiledPolicy, SECURITY_LEVEL, ssidIn } from './compiled-policy.js';
import type { PooledSuccess } from './success-rate.js';
import type { SkipReason } from './types.js';

export interface FilterFacts {
  signalDbm: number;
  isCurrent: boolean;
  isManual: boolean;
  deviceSuspect: boolean;
  now: number;
  /**
   * Nothing passed the filters: the second pass relaxes the soft ones (see rank()). The
   * entry threshold drops to `signal.lastResortDbm`, a block only spaces retries (if
   * `blocklist.aloneRetryMs` asks for it), and the success-rate minimum gives way: a
   * network that may connect beats none.
   */
  fallback?: boolean;
}

const PERSONAL = new Set(['wep', 'wpa2-personal', 'wpa3-personal']);
const ENTERPRISE = new Set(['wpa2-enterprise', 'wpa3-enterprise']);

function minutes(ms: number): string {
  const m = Math.ceil(ms / 60_000);
  return m === 1 ? '1 minute' : `${m} minutes`;
}

export function skipReason(c: Candidate, f: FilterFacts, success: PooledSuccess, compiled: CompiledPolicy): SkipReason | null {
  const { policy } = compiled;
  const provider = c.directory?.providerId ?? null;

  if (ssidIn(compiled.prohibitedSsids, c.ssid, c.ssidHex)) {
    return { code: 'POLICY_PROHIBITED_SSID', message: `Your organisation does not allow “${c.ssid}”.` };
  }
  if (provider !== null && compiled.prohibitedProviders.has(provider)) {
    return { code: 'POLICY_PROHIBITED_PROVIDER', message: `Your organisation does not allow hotspots of provider ${provider}.` };
  }
  if (
    compiled.allowListActive &&
    !ssidIn(compiled.allowedSsids, c.ssid, c.ssidHex) &&
    !(provider !== null && compiled.allowedProviders.has(provider))
  ) {
    return { code: 'POLICY_NOT_ALLOWED', message: `“${c.ssid}” is not on your organisation's list of allowed networks.` };
  }
  if (SECURITY_LEVEL[c.security] < compiled.minSecurityLevel) {
    return { code: 'SECURITY_BELOW_MINIMUM', message: `Its security (${c.security}) is below the minimum your organisation set (${policy.minSecurity}).` };
  }
  if (!c.hasCredentials && PERSONAL.has(c.security)) {
    return { code: 'NO_CREDENTIALS', message: `It needs a password this device does not have.` };
  }
  if (!c.hasCredentials && ENTERPRISE.has(c.security)) {
    return { code: 'ENTERPRISE_PROFILE_MISSING', message: `It needs an enterprise (802.1X) profile that is not installed.` };
  }

  const bandMin = compiled.minDbm[c.band];
  const threshold = f.isCurrent
    ? Math.min(policy.signal.usableFloorDbm, bandMin)
    : f.fallback === true
      ? Math.min(policy.signal.lastResortDbm, bandMin)
      : f.isManual
        ? Math.min(policy.manual.floorDbm, bandMin)
        : bandMin;
  if (f.signalDbm < threshold) {
    return { code: 'SIGNAL_TOO_WEAK', message: `Its signal (${f.signalDbm} dBm) is below the ${threshold} dBm needed on ${c.band}.` };
  }

  if (!f.isCurrent && !f.isManual && !f.deviceSuspect && isBlocked(c.block, f.signalDbm, f.now, policy)) {
    const block = c.block!;
    if (f.fallback === true) {
      // Nothing else qualifies: retry it, but not back to back.
      const lastAttempt = c.history?.lastAttemptAt ?? null;
      const retryAt = lastAttempt === null ? f.now : lastAttempt + policy.blocklist.aloneRetryMs;
      if (f.now >= retryAt) return successSkip(f, success, compiled);
      return {
        code: 'BLOCKLISTED',
        message: `It failed ${policy.blocklist.failuresToBlock} times in a row; nothing else qualifies, so it is retried in ${Math.ceil((retryAt - f.now) / 1000)} s.`,
      };
    }
    return {
      code: 'BLOCKLISTED',
      message: `It failed ${policy.blocklist.failuresToBlock} times in a row; set aside for ${minutes(block.blockedUntil - f.now)} more (or until its signal rises above ${block.signalAtBlockDbm + policy.blocklist.earlyReleaseDb} dBm).`,
    };
  }

  return successSkip(f, success, compiled);
}

function successSkip(f: FilterFacts, success: PooledSuccess, compiled: CompiledPolicy): SkipReason | null {
  const { policy } = compiled;
  const minimum = policy.successRate.minimum;
  // The minimum steers the choice away from unreliable APs while there is a choice; with
  // nothing else in view, one that connects some of the time beats staying offline.
  if (f.fallback === true) return null;
  // Own evidence fades by the minute (success-rate.ts): 5 failures this minute are 9.9999
  // attempts, and must count as the 10 they are.
  if (!f.isCurrent && !f.isManual && minimum > 0 && success.evidence >= policy.successRate.minimumEvidence - 1e-3 && success.rate < minimum) {
    return {
      code: 'SUCCESS_RATE_BELOW_MINIMUM',
      message: `Only ${Math.round(success.rate * 100)}% of connections to it succeed; your organisation requires ${Math.round(minimum * 100)}%.`,
    };
  }
  return null;
}
