/**
 * A policy turned into lookup structures once, so the ranking loop does set lookups
 * instead of scanning lists per candidate. Cached per policy object (policies are treated
 * as immutable values: parse a new one to change it).
 */
import type { Band, Security } from '../../../preload/contract.js';
import type { SelectionPolicy } from './policy.js';

/** Security strength, for the minimum-security filter. WEP is broken, so it ranks with open. */
export const SECURITY_LEVEL: Readonly<Record<Security, number>> = {
  open: 0,
  wep: 0,
  owe: 1,
  'wpa2-personal': 2,
  'wpa3-personal': 3,
  'wpa2-enterprise': 3,
  'wpa3-enterprise': 4,
};

/** SSID list entries: plain text matches the SSID text, `hex:…` the raw SSID bytes. */
export interface SsidSet {
  text: ReadonlySet<string>;
  hex: ReadonlySet<string>;
  size: number;
}

export interface CompiledPolicy {
  policy: SelectionPolicy;
  preferredSsids: SsidSet;
  prohibitedSsids: SsidSet;
  allowedSsids: SsidSet;
  preferredProviders: ReadonlySet<string>;
  prohibitedProviders: ReadonlySet<string>;
  allowedProviders: ReadonlySet<string>;
  managedProviders: ReadonlySet<string>;
  minSecurityLevel: number;
  /** Any allow list is set: everything else is denied. */
  allowListActive: boolean;
  minDbm: Readonly<Record<Band, number>>;
}

function ssidSet(entries: readonly string[]): SsidSet {
  const text = new Set<string>();
  const hex = new Set<string>();
  for (const entry of entries) {
    if (entry.startsWith('hex:')) hex.add(entry.slice(4).toLowerCase());
    else text.add(entry);
  }
  return { text, hex, size: text.size + hex.size };
}

export function ssidIn(set: SsidSet, ssid: string, ssidHex: string): boolean {
  return set.size > 0 && (set.text.has(ssid) || set.hex.has(ssidHex));
}

const cache = new WeakMap<SelectionPolicy, CompiledPolicy>();

export function compilePolicy(policy: SelectionPolicy): CompiledPolicy {
  let compiled = cache.get(policy);
  if (!compiled) {
    const { lists } = policy;
    const allowedSsids = ssidSet(lists.allowedSsids);
    const allowedProviders = new Set(lists.allowedProviders);
    compiled = {
      policy,
      preferredSsids: ssidSet(lists.preferredSsids),
      prohibitedSsids: ssidSet(lists.prohibitedSsids),
      allowedSsids,
      preferredProviders: new Set(lists.preferredProviders),
      prohibitedProviders: new Set(lists.prohibitedProviders),
      allowedProviders,
      managedProviders: new Set(lists.managedProviders),
      minSecurityLevel: SECURITY_LEVEL[policy.minSecurity],
      allowListActive: allowedSsids.size > 0 || allowedProviders.size > 0,
      minDbm: policy.signal.minDbm,
    };
    cache.set(policy, compiled);
  }
  return compiled;
}
