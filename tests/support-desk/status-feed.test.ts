/**
 * The status feed over every real Statuspage capture in ../shared/fixtures/status/ (used as
 * they are), the Get-help banner, new-incident detection and the offline cache.
 */
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseStatuspageSummary } from '../../main/engine/support/status-feed/statuspage-summary.js';
import { incidentChanges, knownIssue, relevantComponents, upcomingMaintenance } from '../../main/engine/support/status-feed/known-issue.js';
import { StatusFeed } from '../../main/engine/support/status-feed/status-feed.js';
import { ManualClock } from '../support/manual-clock.js';
import { tempDir } from '../support/temp-dir.js';

const fixtures = fileURLToPath(new URL('../../../shared/fixtures/status/', import.meta.url));
const read = (name: string): unknown => JSON.parse(readFileSync(path.join(fixtures, name), 'utf8'));

interface Expected {
  indicator: string;
  level: string;
  components: number;
  notOperational: string[];
  incidents: string[];
  maintenances: string[];
  banner: null | { kind: string; level: string; title: string; link: string | null };
}

const expected: Record<string, Expected> = {
  'statuspage-summary-github-operational-2019-12-30.json': { indicator: 'none', level: 'ok', components: 9, notOperational: [], incidents: [], maintenances: [], banner: null },
  'statuspage-summary-github-major-outage-2020-04-02.json': {
    indicator: 'major',
    level: 'outage',
    components: 9,
    notOperational: ['Git Operations', 'API Requests', 'Webhooks', 'Issues, PRs, Projects', 'GitHub Actions', 'GitHub Packages'],
    incidents: ['80d0cs6kpsps'],
    maintenances: [],
    banner: { kind: 'incident', level: 'outage', title: 'Incident on 2020-04-02 20:20 UTC', link: 'http://stspg.io/n0wskg2n6bvy' },
  },
  'statuspage-summary-cloudamqp-maintenance-2020-07-16.json': {
    indicator: 'maintenance',
    level: 'maintenance',
    components: 23,
    notOperational: ['Shared servers'],
    incidents: [],
    maintenances: ['qy6n39trpl7l'],
    banner: { kind: 'maintenance', level: 'maintenance', title: 'Upgrade of shared servers “jellyfish”, “wildboar”, and “reindeer”', link: 'http://stspg.io/3crfld0dxr87' },
  },
};

const files = readdirSync(fixtures).filter((name) => name.endsWith('.json')).sort();

describe('Statuspage captures', () => {
  it('finds the captures', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const name of Object.keys(expected)) expect(files).toContain(name);
  });

  it.each(files)('%s parses into a consistent summary', (name) => {
    const raw = read(name) as { components: unknown[]; status: { indicator: string } };
    const summary = parseStatuspageSummary(raw);
    expect(summary.components).toHaveLength(raw.components.length);
    expect(summary.indicator).toBe(raw.status.indicator);
    expect(['ok', 'degraded', 'outage', 'maintenance']).toContain(summary.level);
    for (const incident of [...summary.incidents, ...summary.maintenances]) {
      expect(incident.id).not.toBe('');
      if (incident.latestUpdate?.at) expect(Number.isFinite(Date.parse(incident.latestUpdate.at))).toBe(true);
    }
    // An operational page shows no banner; anything else shows one.
    expect(knownIssue(summary) === null).toBe(summary.level === 'ok' && summary.incidents.length === 0);
    const want = expected[name];
    if (!want) return;
    expect(summary.level).toBe(want.level);
    expect(summary.components).toHaveLength(want.components);
    expect(summary.components.filter((c) => c.status !== 'operational').map((c) => c.name)).toEqual(want.notOperational);
    expect(summary.incidents.map((i) => i.id)).toEqual(want.incidents);
    expect(summary.maintenances.map((m) => m.id)).toEqual(want.maintenances);
    const banner = knownIssue(summary);
    if (want.banner === null) expect(banner).toBeNull();
    else expect(banner).toMatchObject(want.banner);
  });

  it('takes the newest update as the incident’s latest words, and hides placeholder components', () => {
    const summary = parseStatuspageSummary(read('statuspage-summary-github-major-outage-2020-04-02.json'));
    expect(summary.incidents[0]!.latestUpdate).toEqual({ status: 'investigating', body: 'We are investigating reports of service unavailability.', at: '2020-04-02T20:26:36.354Z' });
    expect(relevantComponents(summary).map((c) => c.name)).not.toContain('Visit www.githubstatus.com for more information');
    expect(knownIssue(summary)!.components).toContain('Git Operations');
  });

  it('limits the banner to the components Roamdesk maps', () => {
    const summary = parseStatuspageSummary(read('statuspage-summary-cloudamqp-maintenance-2020-07-16.json'));
    expect(knownIssue(summary, { componentIds: ['8znl1vrnsx4h'] })).toBeNull(); // Dedicated servers: fine
    expect(knownIssue(summary, { componentIds: ['m9jl6sdbs4vb'] })).toMatchObject({ kind: 'maintenance', components: ['Shared servers'] });
    expect(upcomingMaintenance(summary, Date.parse('2020-07-16T20:00:00Z'))).toEqual([]); // it is running, not upcoming
  });

  it('is lenient on unknown fields and missing optionals, strict on what it needs', () => {
    const minimal = parseStatuspageSummary({ page: { id: 'p', name: 'Relay' }, status: { indicator: 'minor', novel: 1 }, brandNew: true });
    expect(minimal).toMatchObject({ level: 'degraded', components: [], incidents: [], maintenances: [] });
    expect(() => parseStatuspageSummary({ status: { indicator: 'none' } })).toThrow(expect.objectContaining({ code: 'STATUS_FEED_INVALID' }));
    expect(() => parseStatuspageSummary('<html>')).toThrow(expect.objectContaining({ code: 'STATUS_FEED_INVALID' }));
  });
});

describe('new incidents', () => {
  it('notices an incident that was not there before, and its resolution', () => {
    const calm = parseStatuspageSummary(read('statuspage-summary-github-operational-2019-12-30.json'));
    const storm = parseStatuspageSummary(read('statuspage-summary-github-major-outage-2020-04-02.json'));
    expect(incidentChanges(calm, storm).newIncidents.map((i) => i.id)).toEqual(['80d0cs6kpsps']);
    expect(incidentChanges(storm, storm).newIncidents).toEqual([]);
    expect(incidentChanges(storm, calm).resolvedIncidentIds).toEqual(['80d0cs6kpsps']);
    expect(incidentChanges(undefined, storm).newIncidents).toHaveLength(1);
    const worse = { ...storm, incidents: storm.incidents.map((i) => ({ ...i, impact: 'critical' })) };
    expect(incidentChanges(storm, worse).worsened.map((i) => i.id)).toEqual(['80d0cs6kpsps']);
  });
});

describe('offline cache', () => {
  it('caches the last good copy, answers from it offline, and says when it is stale', async () => {
    const clock = new ManualClock(Date.parse('2020-04-02T20:40:00Z'));
    const cacheFile = path.join(tempDir(), 'status', 'summary.json');
    const feed = new StatusFeed({ cacheFile, clock, staleAfterMs: 60_000 });
    await expect(feed.refresh(async () => Promise.reject(new Error('offline')))).rejects.toMatchObject({ code: 'STATUS_FEED_UNAVAILABLE' });

    const calm = await feed.refresh(async () => read('statuspage-summary-github-operational-2019-12-30.json'));
    expect(calm).toMatchObject({ fromCache: false, stale: false, knownIssue: null, changes: { newIncidents: [] } });
    const storm = await new StatusFeed({ cacheFile, clock }).refresh(async () => read('statuspage-summary-github-major-outage-2020-04-02.json'));
    expect(storm.changes.newIncidents.map((i) => i.id)).toEqual(['80d0cs6kpsps']);

    clock.advance(5 * 60_000);
    const offline = await feed.refresh(async () => Promise.reject(new Error('no route to host')));
    expect(offline).toMatchObject({ fromCache: true, stale: true, fetchedAt: '2020-04-02T20:40:00.000Z', knownIssue: { kind: 'incident' }, error: { code: 'STATUS_FEED_UNAVAILABLE' } });
    // A broken answer does not replace the good copy.
    const garbage = await feed.refresh(async () => ({ nope: true }));
    expect(garbage).toMatchObject({ fromCache: true, error: { code: 'STATUS_FEED_INVALID' } });
    expect(new StatusFeed({ cacheFile, clock }).cachedReading()!.summary.incidents).toHaveLength(1);
    writeFileSync(cacheFile, 'not json');
    expect(feed.cachedReading()).toBeUndefined();
  });
});
