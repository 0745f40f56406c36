/**
 * Reads an Atlassian Statuspage v2 `summary.json` (what the relay's GET /v1/status passes
 * on) into the few things the app shows: overall level, components, unresolved incidents,
 * upcoming and running maintenance. Lenient: unknown fields are ignored, unknown enum
 * values are kept as strings, nullable fields may be missing — real pages differ.
 */
import { z } from 'zod';
import { SupportError } from '../support-error.js';

const Str = z.string();
const NullableStr = z.string().nullable().optional();

const RawUpdate = z.looseObject({ status: Str.optional(), body: Str.nullable().optional(), created_at: NullableStr, display_at: NullableStr });
const RawComponent = z.looseObject({
  id: Str,
  name: Str,
  status: Str,
  description: NullableStr,
  group_id: NullableStr,
  group: z.boolean().nullable().optional(),
  only_show_if_degraded: z.boolean().nullable().optional(),
  position: z.number().nullable().optional(),
});
const RawIncident = z.looseObject({
  id: Str,
  name: Str,
  status: Str,
  impact: Str.nullable().optional(),
  created_at: NullableStr,
  updated_at: NullableStr,
  started_at: NullableStr,
  resolved_at: NullableStr,
  shortlink: NullableStr,
  scheduled_for: NullableStr,
  scheduled_until: NullableStr,
  incident_updates: z.array(RawUpdate).nullable().optional(),
  components: z.array(z.looseObject({ id: Str })).nullable().optional(),
});

export const StatuspageSummaryJson = z.looseObject({
  page: z.looseObject({ id: Str, name: Str, url: Str.optional(), time_zone: NullableStr, updated_at: NullableStr }),
  status: z.looseObject({ indicator: Str, description: Str.optional() }),
  components: z.array(RawComponent).nullable().optional(),
  incidents: z.array(RawIncident).nullable().optional(),
  scheduled_maintenances: z.array(RawIncident).nullable().optional(),
});

export type StatusLevel = 'ok' | 'degraded' | 'outage' | 'maintenance';

export interface StatusComponent {
  id: string;
  name: string;
  /** operational | degraded_performance | partial_outage | major_outage | under_maintenance (or what the page says) */
  status: string;
  description: string | null;
  groupId: string | null;
  isGroup: boolean;
  onlyShowIfDegraded: boolean;
}

export interface StatusUpdate {
  status: string;
  body: string;
  at: string | null;
}

export interface StatusIncident {
  id: string;
  name: string;
  /** investigating | identified | monitoring | resolved | postmortem; for maintenance scheduled | in_progress | verifying | completed */
  status: string;
  /** none | minor | major | critical | maintenance */
  impact: string;
  createdAt: string | null;
  updatedAt: string | null;
  startedAt: string | null;
  scheduledFor: string | null;
  scheduledUntil: string | null;
  shortlink: string | null;
  latestUpdate: StatusUpdate | null;
  componentIds: string[];
}

export interface StatusSummary {
  page: { id: string; name: string; url: string | null; timeZone: string | null; updatedAt: string | null };
  /** none | minor | major | critical | maintenance (as the page says) */
  indicator: string;
  description: string;
  level: StatusLevel;
  components: StatusComponent[];
  /** Unresolved incidents (resolved / postmortem ones are dropped). */
  incidents: StatusIncident[];
  /** Scheduled and running maintenance (completed ones are dropped). */
  maintenances: StatusIncident[];
}

export function levelOfIndicator(indicator: string): StatusLevel {
  switch (indicator) {
    case 'none':
      return 'ok';
    case 'minor':
      return 'degraded';
    case 'major':
    case 'critical':
      return 'outage';
    case 'maintenance':
      return 'maintenance';
    default:
      return 'degraded';
  }
}

export function parseStatuspageSummary(json: unknown): StatusSummary {
  const parsed = StatuspageSummaryJson.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SupportError('STATUS_FEED_INVALID', `The service status feed is not a Statuspage summary${issue ? ` (${issue.path.join('.') || '(root)'}: ${issue.message})` : ''}.`);
  }
  const raw = parsed.data;
  const incident = (entry: z.infer<typeof RawIncident>): StatusIncident => {
    const updates = [...(entry.incident_updates ?? [])].sort((a, b) => timeOf(b.display_at ?? b.created_at) - timeOf(a.display_at ?? a.created_at));
    const latest = updates[0];
    return {
      id: entry.id,
      name: entry.name,
      status: entry.status,
      impact: entry.impact ?? 'none',
      createdAt: entry.created_at ?? null,
      updatedAt: entry.updated_at ?? null,
      startedAt: entry.started_at ?? null,
      scheduledFor: entry.scheduled_for ?? null,
      scheduledUntil: entry.scheduled_until ?? null,
      shortlink: entry.shortlink ?? null,
      latestUpdate: latest ? { status: latest.status ?? entry.status, body: latest.body ?? '', at: latest.display_at ?? latest.created_at ?? null } : null,
      componentIds: (entry.components ?? []).map((component) => component.id),
    };
  };
  return {
    page: { id: raw.page.id, name: raw.page.name, url: raw.page.url ?? null, timeZone: raw.page.time_zone ?? null, updatedAt: raw.page.updated_at ?? null },
    indicator: raw.status.indicator,
    description: raw.status.description ?? '',
    level: levelOfIndicator(raw.status.indicator),
    components: [...(raw.components ?? [])]
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
      .map((c) => ({
        id: c.id,
        name: c.name,
        status: c.status,
        description: c.description ?? null,
        groupId: c.group_id ?? null,
        isGroup: c.group === true,
        onlyShowIfDegraded: c.only_show_if_degraded === true,
      })),
    incidents: (raw.incidents ?? []).filter((i) => i.status !== 'resolved' && i.status !== 'postmortem').map(incident),
    maintenances: (raw.scheduled_maintenances ?? []).filter((m) => m.status !== 'completed').map(incident),
  };
}

function timeOf(value: string | null | undefined): number {
  const ms = value ? Date.parse(value) : NaN;
  return Number.isFinite(ms) ? ms : 0;
}
