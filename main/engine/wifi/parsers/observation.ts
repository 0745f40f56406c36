/**
 * From what a tool showed to the common model: one `Observation` per BSS (fields may be
 * missing), resolved into a complete `Bss` or a `PartialBss` that says what is missing.
 * Band comes from the frequency where a tool gives one, never from a channel number alone
 * when it can be helped (6 GHz channel numbers overlap 2.4 GHz ones).
 */
import type { Band, PhyStandard, Security } from '../../../../preload/contract.js';
import { type Bss, bandOfFrequency, channelOfFrequency, frequencyOfChannel, ssidFromHex, ssidToHex } from '../bss.js';
import type { PartialBss } from './parse-result.js';

export interface Observation {
  ssidHex?: string | null | undefined;
  ssid?: string | null | undefined;
  bssid?: string | null | undefined;
  signalDbm?: number | null | undefined;
  frequencyMhz?: number | null | undefined;
  channel?: number | null | undefined;
  band?: Band | null | undefined;
  standard?: PhyStandard | null | undefined;
  security?: Security | null | undefined;
  channelWidthMhz?: number | null | undefined;
}

/** SSID text as a tool printed it → hex of its UTF-8 bytes and display text. */
export function ssidFields(ssid: string): { ssid: string; ssidHex: string } {
  return { ssid, ssidHex: ssidToHex(ssid) };
}

export function ssidFieldsFromHex(hex: string): { ssid: string; ssidHex: string } {
  const clean = hex.toLowerCase();
  return { ssid: ssidFromHex(clean), ssidHex: clean };
}

const FREQUENCY_BANDS: Array<{ band: Band; min: number; max: number }> = [
  { band: '2.4GHz', min: 2400, max: 2500 },
  { band: '5GHz', min: 4900, max: 5925 },
  { band: '6GHz', min: 5925, max: 7125 },
];

export function isPlausibleFrequency(frequencyMhz: number): boolean {
  return FREQUENCY_BANDS.some(({ min, max }) => frequencyMhz >= min && frequencyMhz <= max);
}

/** Channel numbers a band can carry (IEEE 802.11 channel plans). */
export function isPlausibleChannel(band: Band, channel: number): boolean {
  if (!Number.isInteger(channel)) return false;
  if (band === '2.4GHz') return channel >= 1 && channel <= 14;
  if (band === '6GHz') return channel >= 1 && channel <= 233;
  return channel >= 32 && channel <= 196;
}

/** A band from text like `2.4 GHz`, `2,4 GHz`, `2GHz`, `5 GHz`, `6GHz`, `5g`, or the CoreWLAN numbers 2.4/5/6. */
export function bandFromText(text: string | number): Band | undefined {
  const value = typeof text === 'number' ? text : Number(String(text).replace(',', '.').replace(/\s*g(hz)?\s*$/i, '').trim());
  if (value === 2 || value === 2.4) return '2.4GHz';
  if (value === 5) return '5GHz';
  if (value === 6) return '6GHz';
  return undefined;
}

/**
 * The highest PHY standard named in text like `802.11ax`, `802.11a/n/ac/ax`, `11ax`, `HE`,
 * `802.11b/g/n`. Undefined when nothing is recognised.
 */
export function standardFromText(text: string): PhyStandard | undefined {
  const value = text.toLowerCase();
  const tokens = value.replace(/802\.11\s*/g, '').replace(/^11/, '').split(/[^a-z0-9]+/).filter(Boolean);
  const order: Array<[string, PhyStandard]> = [
    ['be', '802.11be'],
    ['eht', '802.11be'],
    ['ax', '802.11ax'],
    ['he', '802.11ax'],
    ['ac', '802.11ac'],
    ['vht', '802.11ac'],
    ['n', '802.11n'],
    ['ht', '802.11n'],
    ['g', '802.11g'],
    ['gn', '802.11n'],
    ['bg', '802.11g'],
    ['a', '802.11a'],
    ['b', '802.11b'],
  ];
  for (const [token, standard] of order) if (tokens.includes(token)) return standard;
  // iwlist's `IEEE 802.11gn` / `802.11bgn`: letters run together.
  const squashed = /802\.11([abgnc]+x?)/.exec(value)?.[1];
  if (squashed) {
    if (squashed.includes('ax')) return '802.11ax';
    if (squashed.includes('ac')) return '802.11ac';
    if (squashed.includes('n')) return '802.11n';
    if (squashed.includes('g')) return '802.11g';
    if (squashed.includes('a')) return '802.11a';
    if (squashed.includes('b')) return '802.11b';
  }
  return undefined;
}

/**
 * A lower bound on the PHY standard when a tool does not name it: 6 GHz needs 802.11ax;
 * 80 MHz and wider needs 802.11ac; 40 MHz needs 802.11n; otherwise the band's legacy PHY.
 */
export function inferStandard(band: Band, channelWidthMhz: number | null | undefined): PhyStandard {
  if (band === '6GHz') return '802.11ax';
  if ((channelWidthMhz ?? 20) >= 80) return '802.11ac';
  if ((channelWidthMhz ?? 20) >= 40) return '802.11n';
  return band === '2.4GHz' ? '802.11g' : '802.11a';
}

/**
 * Security from the words tools use: `WPA2-Personal`, `WPA3-SAE`, `WPA2 Enterprise`,
 * `wpa2-psk`, `Open`/`Offen`/`Ouvrir`/`Abierta`/`Aperta`, `None`, `OWE`, `WEP`, `WPA3 Transition`.
 * Transition (WPA2/WPA3 mixed) personal networks count as wpa3-personal.
 */
export function securityFromText(text: string): Security | undefined {
  const value = text.toLowerCase().normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  if (/\bowe\b|enhanced open/.test(value)) return 'owe';
  const enterprise = /enterprise|entreprise|empresa|aziendale|unternehmen|802\.1x|\beap\b|\bent\b/.test(value) || /^wpa[23]?$/.test(value.trim());
  if (/wpa3/.test(value)) return enterprise ? 'wpa3-enterprise' : 'wpa3-personal';
  if (/\bsae\b/.test(value)) return 'wpa3-personal';
  if (/wpa|rsn/.test(value)) return enterprise ? 'wpa2-enterprise' : 'wpa2-personal';
  if (/wep|shared/.test(value)) return 'wep';
  if (/^(open|offen|ouvert|ouvrir|abierta|abierto|aperta|aperto|none|keine|aucun|aucune|ninguna|ninguno|nessuna|nessuno|otwarte|open system)\b/.test(value.trim())) return 'open';
  return undefined;
}

/** Resolves frequency, channel and band from whichever of them a tool showed. */
export function resolveRadio(observation: Observation): { frequencyMhz: number; channel: number; band: Band } | undefined {
  const { frequencyMhz, channel, band } = observation;
  if (frequencyMhz != null && isPlausibleFrequency(frequencyMhz)) {
    const rounded = Math.round(frequencyMhz);
    return { frequencyMhz: rounded, channel: channel ?? channelOfFrequency(rounded), band: bandOfFrequency(rounded) };
  }
  if (channel == null || !Number.isInteger(channel) || channel <= 0) return undefined;
  const resolvedBand = band ?? (channel <= 14 ? '2.4GHz' : '5GHz');
  if (!isPlausibleChannel(resolvedBand, channel)) return undefined;
  return { frequencyMhz: frequencyOfChannel(resolvedBand, channel), channel, band: resolvedBand };
}

/**
 * Turns one observation into a complete `Bss`, or a `PartialBss` saying what is missing.
 * A missing standard or width is filled in (lower bound, 20 MHz); a missing BSSID, SSID,
 * signal, channel or security is not guessed.
 */
export function resolveObservation(observation: Observation): { bss: Bss } | { partial: PartialBss } {
  const radio = resolveRadio(observation);
  const width = observation.channelWidthMhz ?? null;
  const standard = observation.standard ?? (radio ? inferStandard(radio.band, width) : null);
  const missing: PartialBss['missing'] = [];
  if (!observation.bssid) missing.push('bssid');
  if (observation.ssidHex == null || observation.ssid == null) missing.push('ssid');
  if (observation.signalDbm == null || !Number.isFinite(observation.signalDbm)) missing.push('signal');
  if (!radio) missing.push('channel');
  if (observation.security == null) missing.push('security');
  if (missing.length === 0 && radio && standard) {
    return {
      bss: {
        ssidHex: observation.ssidHex!,
        ssid: observation.ssid!,
        bssid: observation.bssid!,
        signalDbm: observation.signalDbm!,
        frequencyMhz: radio.frequencyMhz,
        channel: radio.channel,
        band: radio.band,
        standard,
        security: observation.security!,
        channelWidthMhz: width ?? 20,
      },
    };
  }
  return {
    partial: {
      ssidHex: observation.ssidHex ?? null,
      ssid: observation.ssid ?? null,
      bssid: observation.bssid ?? null,
      signalDbm: observation.signalDbm ?? null,
      frequencyMhz: radio?.frequencyMhz ?? null,
      channel: radio?.channel ?? observation.channel ?? null,
      band: radio?.band ?? observation.band ?? null,
      standard,
      security: observation.security ?? null,
      channelWidthMhz: width,
      missing,
    },
  };
}

/** Sorts observations into complete and incomplete BSSes. */
export function collect(observations: Observation[]): { networks: Bss[]; incomplete: PartialBss[] } {
  const networks: Bss[] = [];
  const incomplete: PartialBss[] = [];
  for (const observation of observations) {
    const resolved = resolveObservation(observation);
    if ('bss' in resolved) networks.push(resolved.bss);
    else incomplete.push(resolved.partial);
  }
  return { networks, incomplete };
}

/** Bounded cut of a text for messages (never echo a whole unknown file). */
export function excerpt(text: string, length = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}
