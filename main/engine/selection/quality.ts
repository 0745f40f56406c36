/**
 * Quality within a bucket: how well a network will serve once joined. Each part is a
 * value in 0..1 times its policy weight (points); the parts and their reasons become the
 * candidate's score terms, which is what "why this network" shows.
 */
import type { AuthMethod, Candidate } from './facts.js';
import type { Band, PhyStandard } from '../../../preload/contract.js';
import type { CompiledPolicy } from './compiled-policy.js';
import type { PooledSuccess } from './success-rate.js';
import type { ScoreTerm } from './types.js';

/** 2.4 GHz is crowded and slow; 6 GHz is clean and wide. */
export const BAND_VALUE: Readonly<Record<Band, number>> = { '2.4GHz': 0, '5GHz': 0.8, '6GHz': 1 };

export const STANDARD_VALUE: Readonly<Record<PhyStandard, number>> = {
  '802.11b': 0,
  '802.11a': 0.2,
  '802.11g': 0.2,
  '802.11n': 0.5,
  '802.11ac': 0.75,
  '802.11ax': 0.9,
  '802.11be': 1,
};

/** Top PHY rate per spatial stream at 20 MHz, Mbps (highest MCS, short guard). */
const PHY_MBPS_20MHZ: Readonly<Record<PhyStandard, number>> = {
  '802.11b': 11,
  '802.11a': 54,
  '802.11g': 54,
  '802.11n': 72,
  '802.11ac': 96,
  '802.11ax': 143,
  '802.11be': 172,
};

/**
 * Friction of signing in (0 none … 1 a person must act): open < PSK/802.1X/Passpoint
 * (automatic, credentials already held) < WISPr/RFC 8908 (automatic, but a login round
 * trip that can fail) < a web portal that needs a click or a form.
 */
export const AUTH_FRICTION: Readonly<Record<AuthMethod, number>> = {
  open: 0,
  passpoint: 0.05,
  psk: 0.1,
  '802.1x': 0.1,
  wispr: 0.3,
  rfc8908: 0.3,
  'web-portal': 1,
};
/** A network the directory does not know: an open one may hide a portal. */
const UNKNOWN_OPEN_FRICTION = 0.5;
const UNKNOWN_SECURED_FRICTION = 0.1;

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

/** The friction (0..1) of signing in to a candidate: its directory auth method, else a guess from its security. */
export function signInFriction(c: Candidate): number {
  const auth = c.directory?.authMethod;
  return auth !== undefined ? AUTH_FRICTION[auth] : c.security === 'open' || c.security === 'owe' || c.security === 'wep' ? UNKNOWN_OPEN_FRICTION : UNKNOWN_SECURED_FRICTION;
}

/** Signal from the band's entry threshold (0) up to the sufficiency cap (1); more adds nothing. */
export function signalValue(effectiveDbm: number, band: Band, compiled: CompiledPolicy): number {
  const floor = compiled.minDbm[band];
  return clamp01((effectiveDbm - floor) / (compiled.policy.signal.sufficientDbm - floor));
}

/** Radio estimate: streams × width × signal quality × ~50% MAC efficiency. */
export function phyEstimateMbps(c: Candidate, signalDbm: number): number {
  const legacy = c.standard === '802.11a' || c.standard === '802.11b' || c.standard === '802.11g';
  const width = legacy ? 1 : Math.max(1, c.channelWidthMhz / 20);
  const streams = legacy ? 1 : 2; // laptops are almost all 2×2
  // Rate adaptation: full rate from -60 dBm, falling roughly linearly to ~5% at -88 dBm.
  const snr = Math.min(1, Math.max(0.05, (signalDbm + 90) / 30));
  return PHY_MBPS_20MHZ[c.standard] * width * streams * snr * 0.5;
}

/** Where the throughput estimate came from, best first. */
export type ThroughputSource = 'own' | 'crowd' | 'radio';

/**
 * Writes signal, band, standard, throughput, success rate and portal friction terms (and
 * returns their sum). `terms` null skips building the explanation strings.
 */
export function qualityTerms(
  c: Candidate,
  signalDbm: number,
  forecastDbm: number | null,
  success: PooledSuccess,
  compiled: CompiledPolicy,
  terms: ScoreTerm[] | null,
): number {
  const { weights, signal, throughput, handover } = compiled.policy;

  // A falling signal counts at its forecast; a rising one gets no credit for the future.
  const effective = forecastDbm !== null && forecastDbm < signalDbm ? forecastDbm : signalDbm;
  const vSignal = weights.signal * signalValue(effective, c.band, compiled);
  const vBand = weights.band * BAND_VALUE[c.band];
  const vStandard = weights.standard * STANDARD_VALUE[c.standard];

  let mbps: number;
  let source: ThroughputSource;
  if (c.history?.meanThroughputMbps != null) {
    mbps = c.history.meanThroughputMbps;
    source = 'own';
  } else if (c.directory?.crowdThroughputMbps != null) {
    mbps = c.directory.crowdThroughputMbps;
    source = 'crowd';
  } else {
    mbps = Math.min(throughput.unmeasuredCapMbps, phyEstimateMbps(c, effective));
    source = 'radio';
  }
  const vThroughput = weights.throughput * clamp01(Math.log1p(Math.max(0, mbps)) / Math.log1p(throughput.sufficientMbps));

  const vSuccess = weights.successRate * success.rate;

  const auth = c.directory?.authMethod;
  const friction = signInFriction(c);
  const vFriction = weights.portalFriction * (1 - friction);

  if (terms !== null) {
    const forecastText = effective < signalDbm ? `, forecast ${Math.round(effective)} dBm in ${handover.horizonMs / 1000} s` : '';
    terms.push(
      { name: 'signal', value: vSignal, detail: `${signalDbm} dBm${forecastText} (counts from ${compiled.minDbm[c.band]}, full at ${signal.sufficientDbm} dBm)` },
      { name: 'band', value: vBand, detail: c.band },
      { name: 'standard', value: vStandard, detail: c.standard },
      {
        name: 'throughput',
        value: vThroughput,
        detail:
          source === 'own'
            ? `${round1(mbps)} Mbps measured by this device`
            : source === 'crowd'
              ? `${round1(mbps)} Mbps measured by other users`
              : `~${round1(mbps)} Mbps estimated from ${c.standard} at ${c.channelWidthMhz} MHz (not measured yet; at most ${throughput.unmeasuredCapMbps})`,
      },
      {
        name: 'successRate',
        value: vSuccess,
        detail: `${Math.round(success.rate * 100)}% expected success (${c.history?.attempts ?? 0} own, ${c.directory?.crowdAttempts ?? 0} crowd attempts; ${c.site !== null ? `site's other APs ${Math.round(success.prior * 100)}%` : 'no site data'})`,
      },
      { name: 'portalFriction', value: vFriction, detail: auth !== undefined ? `sign-in: ${auth}` : `not in the directory (${c.security})` },
    );
  }
  return vSignal + vBand + vStandard + vThroughput + vSuccess + vFriction;
}
