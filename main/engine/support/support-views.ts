/**
 * How the support desk's records look over the contract: relay cases with the SLA clock's
 * due time, queued items, log requests (an open request past its expiry shows as expired),
 * and a status reading. Pure mapping, no I/O.
 */
import type { ErrorInfo, SupportCaseView, SupportQueuedView, SupportRequestView, SupportStatusView } from '../../../preload/contract.js';
import type { CaseReply, SupportCase } from './client/relay-schemas.js';
import type { OutboxItem } from './client/support-outbox.js';
import type { LogRequestRecord } from './log-request-history.js';
import { Severity } from './sla/severity.js';
import type { SlaClock } from './sla/sla-clock.js';
import type { StatusReading } from './status-feed/status-feed.js';
import { isSupportError } from './support-error.js';
import { isRoamdeskError } from '../errors.js';

export function caseView(c: SupportCase, replies: readonly CaseReply[], sla: SlaClock): SupportCaseView {
  const severity = Severity.safeParse(c.severity);
  let dueAt: string | null = c.dueAt ?? null;
  if (dueAt === null && severity.success) {
    try {
      dueAt = sla.dueAt(c.createdAt, severity.data).toISOString();
    } catch {
      dueAt = null; // a createdAt the clock cannot read: no due time rather than a wrong one
    }
  }
  const rating = c.rating && c.rating.score >= 1 && c.rating.score <= 5 ? Math.round(c.rating.score) : null;
  return {
    id: c.id,
    number: c.number ?? null,
    subject: c.subject,
    status: c.status,
    severity: c.severity,
    category: c.category ?? null,
    createdAt: c.createdAt,
    dueAt,
    replies: (replies.length > 0 ? replies : c.replies).map((r) => ({ id: r.id, author: r.author ?? 'support', body: r.body, createdAt: r.createdAt ?? null })),
    rating,
    canRate: rating === null && (c.status === 'resolved' || c.status === 'closed'),
  };
}

export function queuedView(item: OutboxItem): SupportQueuedView {
  return {
    key: item.key,
    subject: item.subject,
    severity: item.severity,
    state: item.state,
    queuedAt: item.queuedAt,
    hasBundle: item.bundle !== null,
    lastError: item.lastError ? { code: item.lastError.code, message: item.lastError.message } : null,
  };
}

export function requestView(record: LogRequestRecord, now: number): SupportRequestView {
  const expired = record.state === 'pending' && record.expiresAt !== null && Date.parse(record.expiresAt) <= now;
  return {
    id: record.id,
    caseId: record.caseId,
    caseNumber: record.caseNumber,
    requestedBy: record.requestedBy,
    reason: record.reason,
    requestedAt: record.requestedAt,
    expiresAt: record.expiresAt,
    state: expired ? 'expired' : record.state,
    answeredAt: record.answeredAt,
    answeredBy: record.answeredBy,
    sha256: record.sha256,
    bytes: record.bytes,
    problem: record.problem,
  };
}

export function statusView(reading: StatusReading | undefined, newIncidents: readonly string[], problem: ErrorInfo | null): SupportStatusView {
  if (!reading) {
    return { available: false, pageName: null, level: 'unknown', description: problem?.message ?? 'No service status feed is configured.', knownIssue: null, incidents: [], maintenances: [], newIncidents: [], fetchedAt: null, fromCache: false, stale: false, problem };
  }
  const { summary } = reading;
  const issue = reading.knownIssue;
  return {
    available: true,
    pageName: summary.page.name,
    level: summary.level,
    description: summary.description,
    knownIssue: issue ? { kind: issue.kind, level: issue.level, title: issue.title, message: issue.message, link: issue.link, since: issue.since, components: issue.components } : null,
    incidents: summary.incidents.map((i) => ({ id: i.id, name: i.name, impact: i.impact, status: i.status, link: i.shortlink })),
    maintenances: summary.maintenances.map((m) => ({ id: m.id, name: m.name, status: m.status, scheduledFor: m.scheduledFor })),
    newIncidents: [...newIncidents],
    fetchedAt: reading.fetchedAt,
    fromCache: reading.fromCache,
    stale: reading.stale,
    problem: problem ?? (reading.error ? { code: reading.error.code, message: reading.error.message } : null),
  };
}

/** `{code, message, hint?}` for any error, without stack or cause. */
export function errorInfo(error: unknown): ErrorInfo {
  if (isSupportError(error)) return error.info();
  if (isRoamdeskError(error)) return error.toInfo();
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}
