/** Every probe's result, as one discriminated union (on `kind`) for reports and checklists. */
import { z } from 'zod';

import { CertificateProbeResult } from './probes/certificate.js';
import { ClockSkewProbeResult } from './probes/clock-skew.js';
import { DnsProbeResult } from './probes/dns.js';
import { PingProbeResult } from './probes/ping.js';
import { TracerouteProbeResult } from './probes/traceroute.js';

export const AnyProbeResult = z.discriminatedUnion('kind', [DnsProbeResult, PingProbeResult, TracerouteProbeResult, ClockSkewProbeResult, CertificateProbeResult]);
export type AnyProbeResult = z.infer<typeof AnyProbeResult>;
