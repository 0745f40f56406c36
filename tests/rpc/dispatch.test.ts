import { describe, expect, test } from 'vitest';
import type { AppInfo, ConnectionState, ContractHandlers } from '../../preload/contract.js';
import { RoamdeskError } from '../../main/engine/errors.js';
import type { Logger } from '../../main/engine/ports/logger.js';
import { dispatch } from '../../main/rpc/dispatch.js';

const info: AppInfo = { name: 'Roamdesk', version: '1.2.3', host: 'node', platform: 'linux', wifiDriver: 'simulated', simulated: true, dataDir: '/d', logDir: '/l' };
const idle: ConnectionState = { phase: 'idle', attemptId: null, network: null, timeline: [], error: null, since: '2026-01-15T09:00:00.000Z', portal: null };

function recordingLogger() {
  const entries: Array<{ level: string; message: string; fields?: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, fields?: Record<string, unknown>) => void entries.push(fields ? { level, message, fields } : { level, message });
  const logger: Logger = { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
  return { logger, entries };
}

function handlers(overrides: Partial<ContractHandlers> = {}) {
  const calls: Array<{ method: string; request: unknown }> = [];
  const record =
    <T>(method: string, value: T) =>
    async (request: unknown) => {
      calls.push({ method, request });
      return value;
    };
  const base: ContractHandlers = {
    'app.info': record('app.info', info),
    'wifi.scan': record('wifi.scan', { networks: [], scannedAt: '2026-01-15T09:00:00.000Z' }),
    'connection.get': record('connection.get', idle),
    'connection.connect': record('connection.connect', idle),
    'connection.disconnect': record('connection.disconnect', idle),
    'connection.connectBest': record('connection.connectBest', idle),
    'selection.rank': record('selection.rank', {
      ranked: [],
      skipped: [],
      decision: { action: 'none', target: null, code: 'NO_CANDIDATES', reason: 'Nothing in range.', forced: false, deviceSuspect: false },
      explanation: [],
      rankedAt: '2026-01-15T09:00:00.000Z',
    }),
    'portal.recheck': record('portal.recheck', idle),
    'portal.probe': record('portal.probe', { state: 'online', detail: 'The internet answered.' }),
    'portal.login': record('portal.login', idle),
    'eap.profiles.list': record('eap.profiles.list', { profiles: [] }),
    'eap.profiles.install': record('eap.profiles.install', { profiles: [] }),
    'eap.profiles.remove': record('eap.profiles.remove', { profiles: [] }),
    'diagnostics.run': record('diagnostics.run', { startedAt: 'x', durationMs: 0, timeline: { layers: [], failingLayer: null, verdict: { code: 'ALL_OK', owner: null, summary: '', nextStep: null } }, checklist: { items: [] } }),
    'bundle.preview': record('bundle.preview', { bundleId: '00000000-0000-4000-8000-000000000000', level: 'standard', contentBytes: 0, sizeCapBytes: 1, fits: true, items: [] }),
    'bundle.item': record('bundle.item', { name: 'a', text: '', truncated: false }),
    'bundle.remove': record('bundle.remove', { bundleId: '00000000-0000-4000-8000-000000000000', level: 'standard', contentBytes: 0, sizeCapBytes: 1, fits: true, items: [] }),
    'settings.get': record('settings.get', { settings: [], rejected: [], managedBy: null }),
    'settings.set': record('settings.set', { settings: [], rejected: [], managedBy: null }),
    'bundle.save': record('bundle.save', { path: '/x.zip', sha256: '0'.repeat(64), bytes: 1 }),
    'portal.credentials.list': record('portal.credentials.list', { providers: [] }),
    'portal.credentials.set': record('portal.credentials.set', { providers: [] }),
    'portal.credentials.delete': record('portal.credentials.delete', { providers: [] }),
    'simulation.get': record('simulation.get', { worldName: 'w', sites: [], currentSiteId: null }),
    'simulation.moveTo': record('simulation.moveTo', { worldName: 'w', sites: [], currentSiteId: null }),
    'support.state': record('support.state', { configured: false, relayUrl: null, activated: false, deviceId: null, reachable: null, problem: null, consent: 'always-ask' as const, managed: false, queued: [], openRequests: 0, severities: [], hotlines: [], prefill: { subject: 's', description: '', category: 'other' as const, severity: 'sev3' as const, severityReason: '' } }),
    'support.activate': record('support.activate', { configured: false, relayUrl: null, activated: false, deviceId: null, reachable: null, problem: null, consent: 'always-ask' as const, managed: false, queued: [], openRequests: 0, severities: [], hotlines: [], prefill: { subject: 's', description: '', category: 'other' as const, severity: 'sev3' as const, severityReason: '' } }),
    'support.cases.list': record('support.cases.list', { cases: [], queued: [], offline: null }),
    'support.cases.create': record('support.cases.create', { outcome: 'queued' as const, caseId: null, caseNumber: null, dueAt: 'x', target: 't', queuedKey: 'k', bundle: null, message: 'm' }),
    'support.cases.get': record('support.cases.get', { id: 'c', number: null, subject: 's', status: 'open', severity: 'sev3', category: null, createdAt: 'x', dueAt: null, replies: [], rating: null, canRate: false }),
    'support.cases.escalate': record('support.cases.escalate', { deliveredToTicket: true }),
    'support.cases.rate': record('support.cases.rate', { id: 'c', number: null, subject: 's', status: 'open', severity: 'sev3', category: null, createdAt: 'x', dueAt: null, replies: [], rating: null, canRate: false }),
    'support.requests.list': record('support.requests.list', { pending: [], history: [] }),
    'support.requests.answer': record('support.requests.answer', { id: 'r', caseId: 'c', caseNumber: null, requestedBy: 'a', reason: '', requestedAt: null, expiresAt: null, state: 'declined' as const, answeredAt: null, answeredBy: null, sha256: null, bytes: null, problem: null }),
    'support.status': record('support.status', { available: false, pageName: null, level: 'unknown' as const, description: '', knownIssue: null, incidents: [], maintenances: [], newIncidents: [], fetchedAt: null, fromCache: false, stale: false, problem: null }),
  };
  return { handlers: { ...base, ...overrides }, calls };
}

describe('dispatch', () => {
  test('a valid call reaches its handler with the parsed request and answers ok', async () => {
    const { handlers: h, calls } = handlers();
    const { logger } = recordingLogger();
    expect(await dispatch(h, 'app.info', {}, logger)).toEqual({ ok: true, value: info });
    expect(await dispatch(h, 'app.info', undefined, logger)).toEqual({ ok: true, value: info });
    expect(await dispatch(h, 'connection.connect', { target: 'Lobby', passphrase: 'correct horse battery' }, logger)).toEqual({ ok: true, value: idle });
    expect(calls).toEqual([
      { method: 'app.info', request: {} },
      { method: 'app.info', request: {} },
      { method: 'connection.connect', request: { target: 'Lobby', passphrase: 'correct horse battery' } },
    ]);
  });

  test.each([['no.such.method'], ['__proto__'], ['toString'], [42], [null]])('an unknown method (%j) is UNKNOWN_METHOD and calls nothing', async (method) => {
    const { handlers: h, calls } = handlers();
    const outcome = await dispatch(h, method, {}, recordingLogger().logger);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(calls).toEqual([]);
  });

  test('a very long unknown method name is cut short in the message', async () => {
    const outcome = await dispatch(handlers().handlers, 'x'.repeat(10_000), {}, recordingLogger().logger);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.error.message.length).toBeLessThan(200);
  });

  test.each([
    ['an extra key on a strict request', 'connection.connect', { target: 'Lobby', extra: true }, 'extra'],
    ['a passphrase of 3 characters', 'connection.connect', { target: 'Lobby', passphrase: 'abc' }, 'passphrase'],
    ['a missing target', 'connection.connect', {}, 'target'],
    ['a target of the wrong type', 'connection.connect', { target: 7 }, 'target'],
    ['parameters on a method that takes none', 'app.info', { verbose: true }, 'verbose'],
    ['a request that is not an object', 'simulation.moveTo', 'airport', 'request'],
  ])('%s is INVALID_REQUEST and calls nothing', async (_label, method, request, mentioned) => {
    const { handlers: h, calls } = handlers();
    const outcome = await dispatch(h, method, request, recordingLogger().logger);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST', message: expect.stringContaining(mentioned) } });
    expect(calls).toEqual([]);
  });

  test('a RoamdeskError travels as its code, message and hint', async () => {
    const { handlers: h } = handlers({
      'connection.connect': async () => {
        throw new RoamdeskError('NETWORK_NOT_FOUND', 'No network "Nowhere" is in range.', { hint: 'In range: Lobby.' });
      },
    });
    expect(await dispatch(h, 'connection.connect', { target: 'Nowhere' }, recordingLogger().logger)).toEqual({
      ok: false,
      error: { code: 'NETWORK_NOT_FOUND', message: 'No network "Nowhere" is in range.', hint: 'In range: Lobby.' },
    });
  });

  test('any other error is INTERNAL, without its message, and is logged', async () => {
    const { handlers: h } = handlers({
      'wifi.scan': async () => {
        throw new Error('ENOENT /home/ann/.secret/path leaked detail');
      },
    });
    const { logger, entries } = recordingLogger();
    const outcome = await dispatch(h, 'wifi.scan', {}, logger);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'INTERNAL', hint: expect.any(String) } });
    expect(JSON.stringify(outcome)).not.toContain('leaked detail');
    expect(entries).toEqual([expect.objectContaining({ level: 'error', fields: expect.objectContaining({ method: 'wifi.scan', reason: 'ENOENT /home/ann/.secret/path leaked detail' }) })]);
  });

  test('a thrown non-Error is INTERNAL too', async () => {
    const { handlers: h } = handlers({
      'wifi.scan': async () => {
        throw 'a string';
      },
    });
    expect(await dispatch(h, 'wifi.scan', {}, recordingLogger().logger)).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
  });

  test('a handler answer outside the response schema is INTERNAL and logged', async () => {
    const { handlers: h } = handlers({ 'app.info': (async () => ({ ...info, name: 'Other' })) as unknown as ContractHandlers['app.info'] });
    const { logger, entries } = recordingLogger();
    const outcome = await dispatch(h, 'app.info', {}, logger);
    expect(outcome).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(JSON.stringify(outcome)).not.toContain('Other');
    expect(entries).toEqual([expect.objectContaining({ level: 'error', fields: expect.objectContaining({ method: 'app.info' }) })]);
  });

  test('the answer is the parsed value: unknown keys a handler adds are stripped', async () => {
    const { handlers: h } = handlers({ 'app.info': (async () => ({ ...info, internalPath: '/secret' })) as unknown as ContractHandlers['app.info'] });
    const outcome = await dispatch(h, 'app.info', {}, recordingLogger().logger);
    expect(outcome).toEqual({ ok: true, value: info });
  });
});
