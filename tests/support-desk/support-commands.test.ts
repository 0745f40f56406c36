/**
 * `roamdesk case …` and `roamdesk status-feed` against the loopback relay peer, with the
 * same helper shapes cli.ts lends (a small stand-in for its action/print here).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../preload/contract.js';
import type { HostEngine } from '../../main/common/compose-engine.js';
import { isRoamdeskError } from '../../main/engine/errors.js';
import { MemorySecretStore } from '../../main/engine/ports/secret-store.js';
import { type SupportCommandDeps, type SupportCommandHelpers, registerSupportCommands } from '../../main/host/support-commands.js';
import { tempDir } from '../support/temp-dir.js';
import { RelayPeer } from './relay-peer.js';

const statusFixture = fileURLToPath(new URL('../../../shared/fixtures/status/statuspage-summary-github-major-outage-2020-04-02.json', import.meta.url));

interface Run {
  out: string[];
  errors: Array<{ code: string; message: string; hint?: string }>;
}

async function run(args: string[], deps: SupportCommandDeps, state?: ConnectionState): Promise<Run> {
  const result: Run = { out: [], errors: [] };
  const helpers: SupportCommandHelpers = {
    action: (work) => async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      try {
        await work(command, ...(args.slice(0, -2) as string[]));
      } catch (error) {
        if (isRoamdeskError(error)) result.errors.push(error.toInfo());
        else throw error;
      }
    },
    withCommonOptions: (command) => command.option('--world <file>').option('--json'),
    withEngine: async (_options, work) => work({ engine: { handlers: { 'connection.get': async () => state } } } as unknown as HostEngine),
    print: (options, json, text) => void result.out.push(options.json ? JSON.stringify(json) : text),
  };
  const program = new Command('roamdesk').exitOverride();
  registerSupportCommands(program, helpers, deps);
  await program.parseAsync(['node', 'roamdesk', ...args]);
  return result;
}

let peer: RelayPeer;
let deps: SupportCommandDeps;
beforeEach(async () => {
  peer = await new RelayPeer().start();
  peer.statusBody = readFileSync(statusFixture, 'utf8');
  deps = { env: { ROAMDESK_RELAY_URL: peer.url, ROAMDESK_ACTIVATION_TOKEN: 'good-token' }, dataDir: tempDir(), secrets: new MemorySecretStore(), now: () => Date.parse('2026-01-09T23:59:00Z') };
});
afterEach(async () => {
  await peer.stop();
});

describe('roamdesk case', () => {
  it('creates a case with a bundle, lists it and shows it', async () => {
    const bundle = path.join(tempDir(), 'bundle.zip');
    writeFileSync(bundle, Buffer.alloc(3000, 7));
    const created = await run(['case', 'create', '--subject', 'Hotel Wi-Fi drops', '--severity', 'end-user', '--category', 'connection', '--bundle', bundle], deps);
    expect(created.errors).toEqual([]);
    expect(created.out[0]).toBe('Case 1000 filed with its diagnostic bundle. End user issue: first response expected by 2026-01-12T01:59:00.000Z.');
    expect(peer.cases.get('1000')!.body).toMatchObject({ subject: 'Hotel Wi-Fi drops', severity: 'end-user', category: 'connection' });
    expect(String(peer.cases.get('1000')!.body.description)).toContain('Filed on the device at: 2026-01-09T23:59:00.000Z');
    expect(String(peer.cases.get('1000')!.body.description)).toContain('Reply expected by (device\'s SLA clock): 2026-01-12T01:59:00.000Z');
    expect(peer.uploads.get('up-1')!.complete).toBe(true);

    const listed = await run(['case', 'list', '--json'], deps);
    expect(JSON.parse(listed.out[0]!)).toMatchObject({ cases: [{ id: '1000', subject: 'Hotel Wi-Fi drops' }], queued: [] });
    const shown = await run(['case', 'show', '1000'], deps);
    expect(shown.out[0]).toContain('Case 1000: Hotel Wi-Fi drops');
    expect((await run(['case', 'show', '77'], deps)).errors[0]!.code).toBe('SUPPORT_CASE_NOT_FOUND');
  });

  it('fills a case from the current connection', async () => {
    const state: ConnectionState = {
      phase: 'failed',
      attemptId: 3,
      network: { ssid: 'CafeNet', bssid: '02:00:00:00:00:01', band: '2.4GHz', security: 'wpa2-personal', provider: null },
      timeline: [],
      error: { code: 'CREDENTIALS_REJECTED', message: 'The network rejected the password.' },
      since: '2026-01-09T23:58:00.000Z',
      portal: null,
    };
    const created = await run(['case', 'create', '--from-connection', '--json'], deps, state);
    expect(JSON.parse(created.out[0]!)).toMatchObject({ queued: false, item: { state: 'sent', subject: 'Cannot sign in to “CafeNet”' } });
    // The relay has fewer categories: sign-in goes as captive-portal, the device's own words in the description.
    expect(peer.cases.get('1000')!.body).toMatchObject({ category: 'captive-portal' });
    expect(String(peer.cases.get('1000')!.body.description)).toContain('Category (device): sign-in');
    expect(String(peer.cases.get('1000')!.body.description)).toContain('Connection: failed — CREDENTIALS_REJECTED: The network rejected the password.');
    expect(String(peer.cases.get('1000')!.body.description)).toContain('SSID CafeNet');
  });

  it('queues the case when the relay is down and sends it with the next command', async () => {
    const port = new URL(peer.url).port;
    await peer.stop();
    const queued = await run(['case', 'create', '--subject', 'Offline case'], deps);
    expect(queued.out[0]).toMatch(/^Case queued on this device \(SUPPORT_RELAY_UNREACHABLE/);
    peer = await new RelayPeer().start(Number(port));
    const listed = await run(['case', 'list', '--json'], deps);
    // The new relay knows no device yet: the client activates with the token, then the queue goes out.
    expect(listed.errors).toEqual([]);
    expect(JSON.parse(listed.out[0]!)).toMatchObject({ cases: [{ subject: 'Offline case' }], queued: [] });
  });

  it('says clearly when no relay is configured, or the case has no subject', async () => {
    for (const args of [['case', 'list'], ['case', 'create', '--subject', 'x'], ['status-feed']]) {
      const result = await run(args, { ...deps, env: {} });
      expect(result.errors[0]).toMatchObject({ code: 'SUPPORT_RELAY_NOT_CONFIGURED', hint: expect.stringContaining('ROAMDESK_RELAY_URL') });
    }
    expect((await run(['case', 'create'], deps)).errors[0]!.code).toBe('SUPPORT_CASE_INVALID');
    expect((await run(['case', 'list'], { ...deps, env: { ROAMDESK_RELAY_URL: peer.url } })).errors[0]!.code).toBe('SUPPORT_NOT_ACTIVATED');
    expect((await run(['case', 'list'], { ...deps, env: { ROAMDESK_RELAY_URL: 'http://relay.example' } })).errors[0]!.code).toBe('SUPPORT_RELAY_URL_INVALID');
  });
});

describe('roamdesk status-feed', () => {
  it('shows the known issue, and the cached copy when offline', async () => {
    const online = await run(['status-feed'], deps);
    expect(online.out[0]).toContain('GitHub: Partial System Outage (outage)');
    expect(online.out[0]).toContain('incident: Incident on 2020-04-02 20:20 UTC');
    await peer.stop();
    const offline = await run(['status-feed', '--json'], deps);
    expect(JSON.parse(offline.out[0]!)).toMatchObject({ fromCache: true, knownIssue: { kind: 'incident' }, error: { code: 'SUPPORT_RELAY_UNREACHABLE' } });
  });
});
