/**
 * Validity of the login server's and the RADIUS server's certificates: from a PEM the
 * caller holds (the 802.1X profile's pinned server certificate, a capture), or read off a
 * TLS handshake with the server (node:tls). Reported: subject, issuer, names, validity
 * window, SHA-256 fingerprint, whether the chain is trusted, and what is wrong.
 *
 * The TLS connection completes the handshake with verification reported rather than
 * enforced, so an untrusted certificate can still be described; nothing is ever sent over
 * it — the socket is closed as soon as the certificate is read.
 */
import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import { z } from 'zod';

import type { Clock } from '../../ports/clock.js';
import { probeBase, stopwatch, withinBudget } from '../probe-result.js';

export const CertificateFacts = z.object({
  subject: z.string(),
  issuer: z.string(),
  subjectAltName: z.string().nullable(),
  validFrom: z.string(),
  validTo: z.string(),
  fingerprint256: z.string(),
  daysLeft: z.number(),
  /** Only for a TLS connection: whether the chain verified against the trusted CAs, and why not. */
  trusted: z.boolean().nullable(),
  trustError: z.string().nullable(),
});
export type CertificateFacts = z.infer<typeof CertificateFacts>;

export const CertificateProbeResult = z.object({
  kind: z.literal('certificate'),
  ...probeBase,
  data: z
    .object({
      role: z.enum(['login', 'radius']),
      source: z.string(),
      certificate: CertificateFacts.nullable(),
    })
    .nullable(),
});
export type CertificateProbeResult = z.infer<typeof CertificateProbeResult>;

export type CertificateSource =
  | { role: 'login' | 'radius'; pem: string; label?: string }
  | { role: 'login' | 'radius'; host: string; port?: number; servername?: string; ca?: string | readonly string[] }
  | { role: 'login' | 'radius'; unavailable: string };

export interface CertificateProbeOptions {
  clock: Clock;
  source: CertificateSource;
  timeoutMs?: number;
  /** Fewer days left than this is a warning (default 14). */
  warnDays?: number;
  signal?: AbortSignal;
}

const WHO = { login: 'sign-in (portal) server', radius: '802.1X sign-in server (RADIUS)' } as const;

export async function probeCertificate(options: CertificateProbeOptions): Promise<CertificateProbeResult> {
  const watch = stopwatch(options.clock);
  const { source } = options;
  const who = WHO[source.role];
  const result = (status: CertificateProbeResult['status'], code: string, summary: string, where: string, certificate: CertificateFacts | null = null): CertificateProbeResult => ({
    kind: 'certificate',
    status,
    code,
    summary,
    ...watch.stop(),
    data: { role: source.role, source: where, certificate },
  });
  if ('unavailable' in source) return result('not-available', 'NO_CERTIFICATE_SOURCE', source.unavailable, 'none');

  let x509: X509Certificate;
  let trust: { trusted: boolean | null; trustError: string | null } = { trusted: null, trustError: null };
  let where: string;
  if ('pem' in source) {
    where = source.label ?? 'given PEM';
    try {
      x509 = new X509Certificate(source.pem);
    } catch (error) {
      return result('failed', 'CERTIFICATE_UNREADABLE', `The ${who}'s certificate could not be read (${(error as Error).message}).`, where);
    }
  } else {
    const port = source.port ?? 443;
    where = `${source.host}:${port}`;
    const timeoutMs = options.timeoutMs ?? 5000;
    const seen = await withinBudget(timeoutMs, options.signal, (signal) => readPeerCertificate(source.host, port, source.servername ?? source.host, source.ca, signal));
    if (!seen.ok) return result('timeout', 'TLS_TIMEOUT', `The ${who} ${where} did not complete a TLS handshake within ${(timeoutMs / 1000).toFixed(1)} s.`, where);
    if ('error' in seen.value) return result('failed', 'TLS_UNREACHABLE', `The ${who} ${where} could not be reached over TLS (${seen.value.error}).`, where);
    x509 = seen.value.certificate;
    trust = { trusted: seen.value.trusted, trustError: seen.value.trustError };
  }

  const now = options.clock.now();
  const validFrom = Date.parse(x509.validFrom);
  const validTo = Date.parse(x509.validTo);
  const daysLeft = Math.floor((validTo - now) / 86_400_000);
  const facts: CertificateFacts = {
    subject: x509.subject.replace(/\n/g, ', '),
    issuer: x509.issuer.replace(/\n/g, ', '),
    subjectAltName: x509.subjectAltName ?? null,
    validFrom: new Date(validFrom).toISOString(),
    validTo: new Date(validTo).toISOString(),
    fingerprint256: x509.fingerprint256,
    daysLeft,
    ...trust,
  };
  if (now < validFrom) return result('failed', 'CERTIFICATE_NOT_YET_VALID', `The ${who}'s certificate is not valid until ${facts.validFrom} by this device's clock: check the date and time first.`, where, facts);
  if (now > validTo) return result('failed', 'CERTIFICATE_EXPIRED', `The ${who}'s certificate expired on ${facts.validTo}.`, where, facts);
  if (trust.trusted === false) return result('failed', 'CERTIFICATE_UNTRUSTED', `The ${who}'s certificate is not trusted (${trust.trustError}).`, where, facts);
  if (daysLeft < (options.warnDays ?? 14)) return result('warning', 'CERTIFICATE_EXPIRING', `The ${who}'s certificate expires in ${daysLeft} day(s), on ${facts.validTo}.`, where, facts);
  return result('ok', 'CERTIFICATE_OK', `The ${who}'s certificate is valid until ${facts.validTo} (${daysLeft} days).`, where, facts);
}

type PeerCertificate = { certificate: X509Certificate; trusted: boolean; trustError: string | null } | { error: string };

function readPeerCertificate(host: string, port: number, servername: string, ca: string | readonly string[] | undefined, signal: AbortSignal): Promise<PeerCertificate> {
  return new Promise((resolve) => {
    const socket = tls.connect({
      host,
      port,
      ...(isHostname(servername) ? { servername } : {}),
      ...(ca ? { ca: typeof ca === 'string' ? ca : [...ca] } : {}),
      // Verification is reported, not enforced: the point is to describe a bad certificate.
      // Nothing is written to this socket.
      rejectUnauthorized: false,
    });
    const finish = (value: PeerCertificate) => {
      signal.removeEventListener('abort', onAbort);
      socket.destroy();
      resolve(value);
    };
    const onAbort = () => finish({ error: 'cancelled' });
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('secureConnect', () => {
      const peer = socket.getPeerX509Certificate();
      if (!peer) return finish({ error: 'the server sent no certificate' });
      // Node checks the chain and the name (servername, else host) and reports both here.
      finish({ certificate: peer, trusted: socket.authorized, trustError: socket.authorized ? null : String(socket.authorizationError ?? 'not trusted') });
    });
    socket.once('error', (error: NodeJS.ErrnoException) => finish({ error: error.code ?? error.message }));
  });
}

function isHostname(name: string): boolean {
  return !/^[\d.]+$/.test(name) && !name.includes(':');
}
