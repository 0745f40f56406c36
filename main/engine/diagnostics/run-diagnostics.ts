/**
 * One entry for "run diagnostics": the probes in turn, each bounded, then the checklist and
 * the layer timeline, as one JSON-serialisable report (schema below) — with a progress
 * callback (step i of n) for the UI's progress bar and the CLI.
 *
 *   runDiagnostics(deps, options, onProgress) → DiagnosticsReport
 *
 * Steps: DNS → gateway ping series → traceroute → clock → certificates → timeline. A probe
 * that cannot run says so (not-available, with the reason); the run itself only fails on
 * bad options or cancellation.
 */
import { z } from 'zod';

import type { Clock } from '../ports/clock.js';
import type { CommandRunner } from '../ports/command-runner.js';
import type { HttpClient } from '../ports/http.js';
import type { Logger } from '../ports/logger.js';
import type { EapOutcome } from '../eap/failure-explain.js';
import { Checklist, type ChecklistSources, buildChecklist } from './checklist.js';
import { DiagnosticsError } from './diagnostics-error.js';
import { AnyProbeResult } from './probe-results.js';
import { type CertificateSource, probeCertificate } from './probes/certificate.js';
import { probeClockSkew } from './probes/clock-skew.js';
import { findDefaultGateway } from './probes/default-gateway.js';
import { type DnsProbeResult, probeDns } from './probes/dns.js';
import { type DiagPlatform, type PingProbeResult, probeGatewayPing } from './probes/ping.js';
import { probeTraceroute } from './probes/traceroute.js';
import { Timeline, type TimelineEvidence, buildTimeline } from './timeline.js';

export { AnyProbeResult, Checklist, Timeline };

export const DiagnosticsReport = z.object({
  version: z.literal(1),
  startedAt: z.string(),
  finishedAt: z.string(),
  durationMs: z.number().nonnegative(),
  checklist: Checklist,
  timeline: Timeline,
  probes: z.array(AnyProbeResult),
});
export type DiagnosticsReport = z.infer<typeof DiagnosticsReport>;

export const DiagnosticsProgress = z.object({
  /** 1-based. */
  step: z.number().int().positive(),
  total: z.number().int().positive(),
  name: z.enum(['dns', 'gateway-ping', 'traceroute', 'clock-skew', 'certificates', 'timeline']),
  label: z.string(),
  state: z.enum(['running', 'done']),
  /** When done: the probe's status (or ok for the timeline). */
  status: z.string().optional(),
});
export type DiagnosticsProgress = z.infer<typeof DiagnosticsProgress>;

export interface DiagnosticsDeps {
  commands: CommandRunner;
  http: HttpClient;
  clock: Clock;
  logger?: Logger;
  /** Default: this machine's. */
  platform?: DiagPlatform;
}

export interface DiagnosticsOptions {
  /** What the engine knows now: app, connection, link, provider, managed, last 802.1X, last portal exchange. */
  sources: ChecklistSources;
  /** Length of the gateway ping series in seconds (product: 30–60; 1 or more). */
  pingSeconds: number;
  /** Seconds between pings (default 1; Windows is always 1). */
  pingIntervalSeconds?: number;
  /** The gateway to ping: an address, null for "none", or undefined to ask the system's route tool. */
  gateway?: string | null;
  /** Why the gateway is unknown, when `gateway` is null (for the not-available sentence). */
  gatewayUnavailableReason?: string;
  /** DNS: the portal's host, public names, servers, canary; `skip` to report not-available with a reason. */
  dns?: { portalHost?: string; publicNames?: readonly string[]; servers?: readonly string[]; canaryName?: string | null; timeoutMs?: number } | { skip: string };
  /** Traceroute target; null to skip with a reason. Default 1.1.1.1. */
  traceTarget?: string | null;
  traceUnavailableReason?: string;
  traceMaxHops?: number;
  /** An HTTP URL whose Date header is trusted; null to skip with a reason. */
  timeReferenceUrl?: string | null;
  timeUnavailableReason?: string;
  certificates?: readonly CertificateSource[];
  /** Extra evidence for the timeline (a fresh portal probe, an 802.1X explanation). */
  evidence?: { portal?: TimelineEvidence['portal']; eap?: EapOutcome };
  /** Per-probe budget for DNS, clock and TLS (default 5 s). */
  probeTimeoutMs?: number;
  signal?: AbortSignal;
}

export type DiagnosticsProgressListener = (progress: DiagnosticsProgress) => void;

const LABELS: Record<DiagnosticsProgress['name'], string> = {
  dns: 'Resolving names',
  'gateway-ping': 'Pinging the gateway',
  traceroute: 'Tracing the route',
  'clock-skew': 'Checking the clock',
  certificates: 'Checking certificates',
  timeline: 'Reading the connection timeline',
};

export const PING_SECONDS = { min: 1, max: 300, productDefault: 30 } as const;

export async function runDiagnostics(deps: DiagnosticsDeps, options: DiagnosticsOptions, onProgress: DiagnosticsProgressListener = () => {}): Promise<DiagnosticsReport> {
  if (!Number.isFinite(options.pingSeconds) || options.pingSeconds < PING_SECONDS.min || options.pingSeconds > PING_SECONDS.max) {
    throw new DiagnosticsError('DIAGNOSTICS_INVALID_OPTIONS', `The ping series must last ${PING_SECONDS.min} to ${PING_SECONDS.max} seconds (got ${options.pingSeconds}).`, { hint: 'Use 30 to 60 seconds for a useful loss and jitter figure.' });
  }
  const { clock } = deps;
  const platform = deps.platform ?? diagPlatformOf(process.platform);
  const signal = options.signal;
  const started = clock.now();
  const timeoutMs = options.probeTimeoutMs ?? 5000;
  const steps: Array<DiagnosticsProgress['name']> = ['dns', 'gateway-ping', 'traceroute', 'clock-skew', 'certificates', 'timeline'];
  const probes: AnyProbeResult[] = [];
  const notify = (name: DiagnosticsProgress['name'], state: DiagnosticsProgress['state'], status?: string) => {
    try {
      onProgress({ step: steps.indexOf(name) + 1, total: steps.length, name, label: LABELS[name], state, ...(status !== undefined ? { status } : {}) });
    } catch (error) {
      deps.logger?.warn('diagnostics progress listener failed', { reason: (error as Error).message });
    }
  };
  const step = async <T extends AnyProbeResult | AnyProbeResult[]>(name: DiagnosticsProgress['name'], work: () => Promise<T>): Promise<T> => {
    if (signal?.aborted) throw new DiagnosticsError('DIAGNOSTICS_CANCELLED', undefined, { cause: signal.reason });
    notify(name, 'running');
    const result = await work();
    const list = Array.isArray(result) ? result : [result];
    probes.push(...list);
    notify(name, 'done', worst(list.map((probe) => probe.status)));
    return result;
  };

  const dns = await step('dns', () => {
    const spec = options.dns;
    if (spec && 'skip' in spec) return Promise.resolve(skipped<DnsProbeResult>('dns', clock, spec.skip));
    return probeDns({
      clock,
      ...(spec?.portalHost ? { portalHost: spec.portalHost } : {}),
      ...(spec?.publicNames ? { publicNames: spec.publicNames } : {}),
      ...(spec?.servers ? { servers: spec.servers } : {}),
      ...(spec?.canaryName !== undefined ? { canaryName: spec.canaryName } : {}),
      timeoutMs: spec?.timeoutMs ?? Math.min(timeoutMs, 3000),
      ...(signal ? { signal } : {}),
    });
  });

  let gateway = options.gateway;
  let gatewayReason = options.gatewayUnavailableReason;
  if (gateway === undefined) {
    const found = await findDefaultGateway(deps.commands, platform);
    gateway = found.address;
    if (found.address === null) gatewayReason = found.reason;
  }
  const ping = await step('gateway-ping', async () => {
    if (gateway === null && gatewayReason) return skipped<PingProbeResult>('gateway-ping', clock, gatewayReason, 'NO_GATEWAY');
    return probeGatewayPing({ runner: deps.commands, clock, platform, address: gateway ?? null, seconds: options.pingSeconds, ...(options.pingIntervalSeconds !== undefined ? { intervalSeconds: options.pingIntervalSeconds } : {}), ...(signal ? { signal } : {}) });
  });

  await step('traceroute', () => {
    const target = options.traceTarget === undefined ? '1.1.1.1' : options.traceTarget;
    if (target === null) return Promise.resolve(skipped('traceroute', clock, options.traceUnavailableReason ?? 'No address to trace a route to.', 'NO_TARGET'));
    return probeTraceroute({ runner: deps.commands, clock, platform, address: target, ...(options.traceMaxHops !== undefined ? { maxHops: options.traceMaxHops } : {}), ...(signal ? { signal } : {}) });
  });

  await step('clock-skew', () =>
    probeClockSkew({
      http: deps.http,
      clock,
      url: options.timeReferenceUrl ?? null,
      timeoutMs,
      ...(options.timeUnavailableReason ? { unavailableReason: options.timeUnavailableReason } : {}),
      ...(signal ? { signal } : {}),
    }),
  );

  await step('certificates', async () => {
    const sources = options.certificates?.length ? options.certificates : [];
    const results = [];
    for (const source of sources) results.push(await probeCertificate({ clock, source, timeoutMs, ...(signal ? { signal } : {}) }));
    return results;
  });

  if (signal?.aborted) throw new DiagnosticsError('DIAGNOSTICS_CANCELLED', undefined, { cause: signal.reason });
  notify('timeline', 'running');
  const sources = options.sources;
  const eap = options.evidence?.eap;
  const timeline = sources.connection
    ? buildTimeline(sources.connection, { dns, gatewayPing: ping, ...(options.evidence?.portal ? { portal: options.evidence.portal } : {}), ...(eap ? { eap } : {}) })
    : buildTimeline({ phase: 'idle', attemptId: null, network: null, timeline: [], error: null, since: new Date(started).toISOString(), portal: null });
  const checklist = buildChecklist(sources, probes);
  notify('timeline', 'done', timeline.failingLayer ? 'failed' : 'ok');

  const finished = clock.now();
  return DiagnosticsReport.parse({
    version: 1,
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: Math.max(0, finished - started),
    checklist,
    timeline,
    probes,
  });
}

function diagPlatformOf(platform: string): DiagPlatform {
  return platform === 'darwin' || platform === 'win32' ? platform : 'linux';
}

const ORDER = ['failed', 'timeout', 'warning', 'not-available', 'ok'];
function worst(statuses: string[]): string {
  if (statuses.length === 0) return 'not-available';
  return [...statuses].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b))[0]!;
}

function skipped<T extends AnyProbeResult>(kind: T['kind'], clock: Clock, reason: string, code = 'NOT_AVAILABLE_HERE'): T {
  return { kind, status: 'not-available', code, summary: reason, startedAt: new Date(clock.now()).toISOString(), durationMs: 0, data: null } as T;
}
