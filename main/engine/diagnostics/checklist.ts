/**
 * The reproducible-state checklist: what support asks first ("which version, which OS,
 * which network, which access point, which provider, is the device managed, what did the
 * last 802.1X and portal exchange say, do names resolve, does the gateway answer, is the
 * clock right, are the servers' certificates valid"), filled in automatically.
 *
 * The caller hands in what the engine knows (`ChecklistSources`); the OS facts come from
 * node:os; the probes (probes/*.ts) are run by run-diagnostics.ts and passed in. Every
 * item is a row with a status — a blank is marked `unknown` or `not-available` with the
 * reason, never left out — so two reports line up row by row.
 *
 * Privacy: no host name, no user name, no paths (they carry the user's name); portal URLs
 * go through the log redactor, so a token in a query string never lands in a report.
 */
import os from 'node:os';
import { z } from 'zod';

import { ConnectionState } from '../../../preload/contract.js';
import { redactText } from '../logging/redact.js';
import type { AnyProbeResult } from './probe-results.js';

export const OsFacts = z.object({
  platform: z.string(),
  type: z.string(),
  release: z.string(),
  version: z.string(),
  arch: z.string(),
  cpus: z.number().int().nonnegative(),
  totalMemoryMb: z.number().nonnegative(),
  uptimeSeconds: z.number().nonnegative(),
  timeZone: z.string(),
  locale: z.string(),
});
export type OsFacts = z.infer<typeof OsFacts>;

export function osFacts(): OsFacts {
  const intl = Intl.DateTimeFormat().resolvedOptions();
  return {
    platform: process.platform,
    type: os.type(),
    release: os.release(),
    version: typeof os.version === 'function' ? os.version() : '',
    arch: os.arch(),
    cpus: os.cpus().length,
    totalMemoryMb: Math.round(os.totalmem() / 1048576),
    uptimeSeconds: Math.round(os.uptime()),
    timeZone: intl.timeZone ?? 'unknown',
    locale: intl.locale ?? 'unknown',
  };
}

export const AppFacts = z.object({
  version: z.string(),
  host: z.string(),
  platform: z.string(),
  wifiDriver: z.string(),
  simulated: z.boolean(),
});
export type AppFacts = z.infer<typeof AppFacts>;

/** The access point the device is on (or last tried), as the radio saw it. */
export const LinkFacts = z.object({
  ssid: z.string(),
  bssid: z.string(),
  band: z.string().nullable(),
  channel: z.number().int().nullable(),
  frequencyMhz: z.number().int().nullable(),
  signalDbm: z.number().nullable(),
  standard: z.string().nullable(),
  security: z.string().nullable(),
});
export type LinkFacts = z.infer<typeof LinkFacts>;

export const EapFacts = z.object({
  outcome: z.enum(['success', 'failure', 'unknown']),
  code: z.string().nullable(),
  message: z.string().nullable(),
  at: z.string().nullable(),
});
export type EapFacts = z.infer<typeof EapFacts>;

export const PortalExchangeFacts = z.object({
  method: z.string(),
  url: z.string(),
  status: z.number().int().nullable(),
  /** What the exchange showed: online, captive via redirect/wispr/…, an error code. */
  outcome: z.string(),
  at: z.string().nullable(),
});
export type PortalExchangeFacts = z.infer<typeof PortalExchangeFacts>;

/** What the caller knows; every field may be null when the source has nothing to say. */
export interface ChecklistSources {
  app: AppFacts;
  /** Default: read from node:os now. */
  os?: OsFacts;
  connection: ConnectionState | null;
  link: LinkFacts | null;
  provider: { id: string; name: string } | null;
  /** Whether an organisation manages this device's settings (MDM); null when unknown. */
  managed: boolean | null;
  /** Who manages it, how many settings are locked, and the values that were not applied. */
  policy?: ManagedPolicyFacts | null;
  last8021x: EapFacts | null;
  lastPortalExchange: PortalExchangeFacts | null;
}

export interface ManagedPolicyFacts {
  /** managedByOrganization, when the policy names it. */
  organization: string | null;
  lockedSettings: number;
  /** "policy value rejected: <key>: <reason>" (and the user's own rejected values). */
  rejected: readonly string[];
}

function managedValue(managed: boolean | null, policy: ManagedPolicyFacts | null | undefined): string {
  if (managed === null) return 'unknown';
  if (!managed) return 'no';
  if (!policy) return 'yes (MDM policy applies)';
  const who = policy.organization ? `Managed by ${policy.organization}` : 'yes (MDM policy applies)';
  return `${who}; ${policy.lockedSettings} ${policy.lockedSettings === 1 ? 'setting' : 'settings'} locked`;
}

export const ChecklistStatus = z.enum(['ok', 'warning', 'failed', 'unknown', 'not-available']);
export type ChecklistStatus = z.infer<typeof ChecklistStatus>;

export const ChecklistItem = z.object({
  id: z.string(),
  label: z.string(),
  value: z.string(),
  status: ChecklistStatus,
});
export type ChecklistItem = z.infer<typeof ChecklistItem>;

export const Checklist = z.object({
  app: AppFacts,
  os: OsFacts,
  connection: ConnectionState.nullable(),
  link: LinkFacts.nullable(),
  provider: z.object({ id: z.string(), name: z.string() }).nullable(),
  managed: z.boolean().nullable(),
  last8021x: EapFacts.nullable(),
  lastPortalExchange: PortalExchangeFacts.nullable(),
  items: z.array(ChecklistItem),
});
export type Checklist = z.infer<typeof Checklist>;

const PROBE_ITEMS: Record<AnyProbeResult['kind'], string> = {
  dns: 'DNS resolution',
  'gateway-ping': 'Gateway ping series',
  traceroute: 'Route to the internet',
  'clock-skew': 'Device clock',
  certificate: 'Certificate',
};

export function buildChecklist(sources: ChecklistSources, probes: readonly AnyProbeResult[] = []): Checklist {
  const facts = sources.os ?? osFacts();
  const state = sources.connection;
  const link = sources.link;
  const portal = sources.lastPortalExchange ? { ...sources.lastPortalExchange, url: redactText(sources.lastPortalExchange.url) } : null;
  const items: ChecklistItem[] = [
    { id: 'app', label: 'Roamdesk', value: `${sources.app.version} (${sources.app.host} host, ${sources.app.platform}, Wi-Fi driver ${sources.app.wifiDriver}${sources.app.simulated ? ', simulated radio' : ''})`, status: 'ok' },
    { id: 'os', label: 'Operating system', value: `${facts.type} ${facts.release}${facts.version ? ` (${facts.version})` : ''}, ${facts.arch}, time zone ${facts.timeZone}, locale ${facts.locale}`, status: 'ok' },
    {
      id: 'connection',
      label: 'Connection',
      value: state ? `${state.phase}${state.error ? ` — ${state.error.code}: ${state.error.message}` : ''}${state.attemptId !== null ? ` (attempt ${state.attemptId})` : ''}` : 'unknown',
      status: !state ? 'unknown' : state.phase === 'online' ? 'ok' : state.phase === 'failed' ? 'failed' : 'warning',
    },
    {
      id: 'link',
      label: 'Access point',
      value: link ? [link.ssid || '(hidden)', link.bssid, link.band, link.channel !== null ? `channel ${link.channel}` : null, link.signalDbm !== null ? `${link.signalDbm} dBm` : null, link.standard, link.security].filter(Boolean).join(', ') : 'none',
      status: link ? (link.signalDbm !== null && link.signalDbm < -75 ? 'warning' : 'ok') : 'not-available',
    },
    { id: 'provider', label: 'Provider', value: sources.provider ? `${sources.provider.name} (${sources.provider.id})` : 'none known for this network', status: sources.provider ? 'ok' : 'not-available' },
    { id: 'managed', label: 'Managed by an organisation', value: managedValue(sources.managed, sources.policy), status: sources.managed === null ? 'unknown' : 'ok' },
    ...(sources.policy?.rejected ?? []).map((message, index): ChecklistItem => ({ id: `policy-rejected-${index + 1}`, label: 'Rejected setting value', value: message, status: 'warning' })),
    {
      id: 'last-8021x',
      label: 'Last 802.1X sign-in',
      value: sources.last8021x ? `${sources.last8021x.outcome}${sources.last8021x.code ? ` — ${sources.last8021x.code}` : ''}${sources.last8021x.message ? `: ${sources.last8021x.message}` : ''}${sources.last8021x.at ? ` (${sources.last8021x.at})` : ''}` : 'none on record',
      status: !sources.last8021x ? 'not-available' : sources.last8021x.outcome === 'success' ? 'ok' : sources.last8021x.outcome === 'failure' ? 'failed' : 'unknown',
    },
    {
      id: 'last-portal-exchange',
      label: 'Last portal HTTP exchange',
      value: portal ? `${portal.method} ${portal.url} → ${portal.status ?? 'no answer'} (${portal.outcome})${portal.at ? ` at ${portal.at}` : ''}` : 'none on record',
      status: !portal ? 'not-available' : /^[A-Z][A-Z0-9_]+$/.test(portal.outcome) ? 'failed' : 'ok',
    },
    ...probes.map((probe, index): ChecklistItem => {
      const role = probe.kind === 'certificate' && probe.data ? (probe.data.role === 'login' ? ' (sign-in server)' : ' (RADIUS server)') : '';
      return {
        id: probe.kind === 'certificate' ? `certificate-${probe.data?.role ?? index}` : probe.kind,
        label: `${PROBE_ITEMS[probe.kind]}${role}`,
        value: `${probe.summary} [${probe.code}, ${probe.durationMs} ms]`,
        status: probe.status === 'timeout' ? 'failed' : probe.status,
      };
    }),
  ];
  return {
    app: sources.app,
    os: facts,
    connection: state,
    link,
    provider: sources.provider,
    managed: sources.managed,
    last8021x: sources.last8021x,
    lastPortalExchange: portal,
    items,
  };
}
