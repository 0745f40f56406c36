/**
 * What the Get-help banner says about the service, and which incidents are new since the
 * last look (for a notification). Pure functions over StatusSummary.
 *
 * Relevance: with `componentIds` (the components that matter to Roamdesk, from settings) an
 * incident counts when it names one of them — or names none at all; without a map, every
 * incident counts. Components shown are the relevant ones, hiding groups, those marked
 * only-show-if-degraded while they are fine, and placeholder rows such as GitHub's
 * "Visit www.githubstatus.com for more information".
 */
import type { StatusComponent, StatusIncident, StatusLevel, StatusSummary } from './statuspage-summary.js';

export interface RelevanceOptions {
  componentIds?: readonly string[];
}

export interface KnownIssue {
  kind: 'incident' | 'maintenance' | 'degraded';
  level: StatusLevel;
  title: string;
  /** The latest update's words, or a sentence built from the components. */
  message: string;
  link: string | null;
  since: string | null;
  /** The relevant components that are not operational. */
  components: string[];
  /** How many relevant incidents are open (the banner names the worst). */
  openIncidents: number;
}

const IMPACT_RANK: Record<string, number> = { critical: 4, major: 3, minor: 2, maintenance: 1, none: 0 };
const PLACEHOLDER = /^visit\s+\S+\.\S+/i;

export function relevantComponents(summary: StatusSummary, options: RelevanceOptions = {}): StatusComponent[] {
  const wanted = options.componentIds ? new Set(options.componentIds) : undefined;
  return summary.components.filter((c) => {
    if (wanted && !wanted.has(c.id)) return false;
    if (c.isGroup || PLACEHOLDER.test(c.name)) return false;
    if (c.onlyShowIfDegraded && c.status === 'operational') return false;
    return true;
  });
}

function relevant(incident: StatusIncident, options: RelevanceOptions): boolean {
  if (!options.componentIds || incident.componentIds.length === 0) return true;
  return incident.componentIds.some((id) => options.componentIds!.includes(id));
}

function levelOfImpact(impact: string): StatusLevel {
  return impact === 'critical' || impact === 'major' ? 'outage' : impact === 'maintenance' ? 'maintenance' : 'degraded';
}

export function knownIssue(summary: StatusSummary, options: RelevanceOptions = {}): KnownIssue | null {
  const components = relevantComponents(summary, options);
  const broken = components.filter((c) => c.status !== 'operational').map((c) => c.name);
  const incidents = summary.incidents.filter((i) => relevant(i, options));
  if (incidents.length > 0) {
    const worst = [...incidents].sort((a, b) => (IMPACT_RANK[b.impact] ?? 0) - (IMPACT_RANK[a.impact] ?? 0) || (b.startedAt ?? '').localeCompare(a.startedAt ?? ''))[0]!;
    return {
      kind: 'incident',
      level: levelOfImpact(worst.impact),
      title: worst.name,
      message: worst.latestUpdate?.body || `${summary.page.name} is investigating a problem.`,
      link: worst.shortlink,
      since: worst.startedAt ?? worst.createdAt,
      components: broken,
      openIncidents: incidents.length,
    };
  }
  const running = summary.maintenances.filter((m) => m.status === 'in_progress' || m.status === 'verifying').filter((m) => relevant(m, options));
  if (running.length > 0) {
    const first = running[0]!;
    return {
      kind: 'maintenance',
      level: 'maintenance',
      title: first.name,
      message: first.latestUpdate?.body || 'Scheduled maintenance is in progress.',
      link: first.shortlink,
      since: first.startedAt ?? first.scheduledFor,
      components: broken,
      openIncidents: 0,
    };
  }
  if (broken.length > 0) {
    const worst = components.some((c) => c.status === 'major_outage') ? 'outage' : components.some((c) => c.status === 'under_maintenance') && !components.some((c) => c.status === 'partial_outage' || c.status === 'degraded_performance') ? 'maintenance' : 'degraded';
    return {
      kind: 'degraded',
      level: worst,
      title: summary.description || 'Some services are affected',
      message: `Affected: ${broken.join(', ')}.`,
      link: summary.page.url,
      since: summary.page.updatedAt,
      components: broken,
      openIncidents: 0,
    };
  }
  return null;
}

/** Maintenance that starts within `withinMs` of `now` (for "planned maintenance" notes). */
export function upcomingMaintenance(summary: StatusSummary, now: number, withinMs = 7 * 24 * 3600 * 1000): StatusIncident[] {
  return summary.maintenances.filter((m) => {
    if (m.status !== 'scheduled' || !m.scheduledFor) return false;
    const start = Date.parse(m.scheduledFor);
    return start >= now && start - now <= withinMs;
  });
}

export interface IncidentChanges {
  /** Unresolved incidents that were not in the previous summary (notify about these). */
  newIncidents: StatusIncident[];
  /** Incidents in the previous summary that are no longer open. */
  resolvedIncidentIds: string[];
  /** Open in both, but the impact got worse. */
  worsened: StatusIncident[];
}

export function incidentChanges(previous: StatusSummary | undefined, next: StatusSummary, options: RelevanceOptions = {}): IncidentChanges {
  const before = new Map((previous?.incidents ?? []).map((i) => [i.id, i] as const));
  const now = next.incidents.filter((i) => relevant(i, options));
  const nowIds = new Set(now.map((i) => i.id));
  return {
    newIncidents: now.filter((i) => !before.has(i.id)),
    resolvedIncidentIds: [...before.keys()].filter((id) => !nowIds.has(id)),
    worsened: now.filter((i) => {
      const old = before.get(i.id);
      return old !== undefined && (IMPACT_RANK[i.impact] ?? 0) > (IMPACT_RANK[old.impact] ?? 0);
    }),
  };
}
