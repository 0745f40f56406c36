/**
 * DNS resolution of the portal's host and a few public names, with node:dns/promises (the
 * system's configured servers, or the ones given), each lookup bounded in time. Also asks
 * for a name that must not exist (the canary): a resolver that answers it — or answers a
 * public name with a private address — is rewriting answers (a captive portal's DNS, an
 * NXDOMAIN-hijacking ISP resolver).
 */
import { Resolver } from 'node:dns/promises';
import { isIP } from 'node:net';
import { z } from 'zod';

import type { Clock } from '../../ports/clock.js';
import { probeBase, stopwatch, withinBudget } from '../probe-result.js';

export const DnsLookup = z.object({
  name: z.string(),
  role: z.enum(['portal', 'public', 'canary']),
  outcome: z.enum(['resolved', 'not-found', 'failed', 'timeout']),
  addresses: z.array(z.string()),
  /** The resolver's error code (ENOTFOUND, ESERVFAIL, ECONNREFUSED, …) when it failed. */
  error: z.string().nullable(),
  durationMs: z.number().nonnegative(),
});
export type DnsLookup = z.infer<typeof DnsLookup>;

export const DnsProbeResult = z.object({
  kind: z.literal('dns'),
  ...probeBase,
  data: z.object({ servers: z.array(z.string()), lookups: z.array(DnsLookup) }).nullable(),
});
export type DnsProbeResult = z.infer<typeof DnsProbeResult>;

export const DEFAULT_PUBLIC_NAMES: readonly string[] = ['connectivitycheck.gstatic.com', 'www.msftconnecttest.com', 'captive.apple.com'];

export interface DnsProbeOptions {
  clock: Clock;
  /** The portal's host (login server), when the network has one. */
  portalHost?: string | undefined;
  publicNames?: readonly string[];
  /** A name that must not resolve; default a random label under roamdesk.app. Pass null to skip. */
  canaryName?: string | null;
  /** DNS servers as `ip` or `ip:port`; default the system's. */
  servers?: readonly string[];
  /** Per lookup (default 3 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export async function probeDns(options: DnsProbeOptions): Promise<DnsProbeResult> {
  const watch = stopwatch(options.clock);
  const timeoutMs = options.timeoutMs ?? 3000;
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  if (options.servers?.length) resolver.setServers([...options.servers]);
  const servers = resolver.getServers();
  const canary = options.canaryName === undefined ? `nx-${Math.random().toString(36).slice(2, 12)}.roamdesk.app` : options.canaryName;
  const names: Array<{ name: string; role: DnsLookup['role'] }> = [
    ...(options.portalHost && isIP(options.portalHost) === 0 ? [{ name: options.portalHost, role: 'portal' as const }] : []),
    ...(options.publicNames ?? DEFAULT_PUBLIC_NAMES).map((name) => ({ name, role: 'public' as const })),
    ...(canary ? [{ name: canary, role: 'canary' as const }] : []),
  ];

  const lookups = await Promise.all(
    names.map(async ({ name, role }): Promise<DnsLookup> => {
      const started = options.clock.now();
      const done = (outcome: DnsLookup['outcome'], addresses: string[], error: string | null): DnsLookup => ({ name, role, outcome, addresses, error, durationMs: Math.max(0, options.clock.now() - started) });
      const answer = await withinBudget(timeoutMs + 500, options.signal, async () => {
        try {
          return { addresses: await resolver.resolve4(name) };
        } catch (error) {
          return { error: String((error as { code?: unknown }).code ?? 'EFAIL') };
        }
      });
      if (!answer.ok) return done('timeout', [], 'ETIMEOUT');
      if ('addresses' in answer.value) return done('resolved', answer.value.addresses, null);
      const code = answer.value.error;
      if (code === 'ETIMEOUT') return done('timeout', [], code);
      return done(code === 'ENOTFOUND' || code === 'ENODATA' ? 'not-found' : 'failed', [], code);
    }),
  );
  resolver.cancel();

  const result = (status: DnsProbeResult['status'], code: string, summary: string): DnsProbeResult => ({ kind: 'dns', status, code, summary, ...watch.stop(), data: { servers, lookups } });
  if (servers.length === 0) return result('failed', 'DNS_NO_SERVERS', 'This device has no DNS server configured, so no name can be looked up.');
  const publics = lookups.filter((lookup) => lookup.role === 'public');
  const canaryLookup = lookups.find((lookup) => lookup.role === 'canary');
  const portal = lookups.find((lookup) => lookup.role === 'portal');
  const rewritten = publics.filter((lookup) => lookup.addresses.some(isPrivateAddress));
  if (canaryLookup?.outcome === 'resolved' || rewritten.length > 0) {
    const evidence = canaryLookup?.outcome === 'resolved' ? `a name that does not exist (${canaryLookup.name}) resolved to ${canaryLookup.addresses.join(', ')}` : `${rewritten[0]!.name} resolved to a private address (${rewritten[0]!.addresses.join(', ')})`;
    return result('warning', 'DNS_HIJACKED', `The network's DNS rewrites answers: ${evidence}. A captive portal does this before sign-in; after sign-in it breaks names.`);
  }
  if (publics.length > 0 && publics.every((lookup) => lookup.outcome === 'timeout')) return result('failed', 'DNS_TIMEOUT', `The DNS server (${servers.join(', ')}) did not answer within ${(timeoutMs / 1000).toFixed(1)} s.`);
  if (publics.length > 0 && publics.every((lookup) => lookup.outcome !== 'resolved')) return result('failed', 'DNS_FAILED', `No public name resolved (${publics.map((lookup) => `${lookup.name}: ${lookup.error}`).join('; ')}).`);
  if (portal && portal.outcome !== 'resolved') return result('warning', 'DNS_PORTAL_UNRESOLVED', `Public names resolve, but the sign-in server ${portal.name} does not (${portal.error}).`);
  const failed = publics.filter((lookup) => lookup.outcome !== 'resolved');
  if (failed.length > 0) return result('warning', 'DNS_PARTIAL', `Some names did not resolve: ${failed.map((lookup) => `${lookup.name} (${lookup.error})`).join(', ')}.`);
  const slowest = Math.max(0, ...lookups.map((lookup) => lookup.durationMs));
  return result('ok', 'DNS_OK', `Names resolve (slowest ${slowest} ms) and nothing rewrites answers.`);
}

/** Private, loopback, link-local, CGNAT and unspecified IPv4 addresses: never a public name's answer. */
export function isPrivateAddress(address: string): boolean {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part))) return false;
  const [a, b] = parts as [number, number, number, number];
  return a === 10 || a === 127 || a === 0 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254) || (a === 100 && b >= 64 && b <= 127);
}
