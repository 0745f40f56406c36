/**
 * The `roamdesk` command as IT, support and CI use it: real processes, real files, exit
 * codes and stable error codes. The OS-level association survives between runs, so
 * status in a second process sees what connect did in the first.
 */
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { writeDirectory } from '../../tools/directory-generator/directory-writer.js';
import { demoWorld, freshHome, runCli } from './harness.js';

let home: ReturnType<typeof freshHome>;
beforeEach(() => (home = freshHome()));
afterEach(() => home.remove());

describe('roamdesk CLI', () => {
  test('scan --json lists the demo networks in the documented shape', () => {
    const result = runCli(['scan', '--world', demoWorld, '--json'], home.dir);
    expect(result.status).toBe(0);
    const networks = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(networks.length).toBe(5);
    for (const network of networks) {
      expect(Object.keys(network).sort()).toEqual(['band', 'bssid', 'frequencyMhz', 'security', 'signalDbm', 'ssid', 'standard']);
      expect(network.bssid).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
      expect(network.signalDbm).toBeLessThan(-20);
    }
    const good = networks.find((n) => n.bssid === '02:5c:01:00:00:01');
    expect(good).toMatchObject({ ssid: 'SkyFi', frequencyMhz: 5180, band: '5GHz', standard: '802.11ax', security: 'open' });
    const signals = networks.map((n) => n.signalDbm as number);
    expect(signals).toEqual([...signals].sort((a, b) => b - a));
  });

  test('connect, status in another process, disconnect — and every attempt is in the cache', () => {
    const connect = runCli(['connect', '02:5c:01:00:00:01', '--world', demoWorld, '--json'], home.dir);
    expect(connect.status).toBe(0);
    const state = JSON.parse(connect.stdout);
    expect(state.phase).toBe('online');
    expect(state.timeline.map((s: { stage: string; status: string }) => `${s.stage}:${s.status}`)).toEqual(['associate:succeeded', 'verify:succeeded', 'sign-in:succeeded', 'verify:succeeded']);

    const status = runCli(['status', '--world', demoWorld, '--json'], home.dir);
    expect(JSON.parse(status.stdout)).toMatchObject({ phase: 'online', network: { bssid: '02:5c:01:00:00:01', provider: { id: 'skyfi' } } });

    const broken = runCli(['connect', '02:5c:01:00:00:03', '--world', demoWorld], home.dir);
    expect(broken.status).toBe(1);
    expect(broken.stdout).toContain('ASSOCIATION_REJECTED');

    const disconnect = runCli(['disconnect', '--world', demoWorld, '--json'], home.dir);
    expect(JSON.parse(disconnect.stdout).phase).toBe('idle');
    expect(JSON.parse(runCli(['status', '--world', demoWorld, '--json'], home.dir).stdout).phase).toBe('idle');

    const db = new Database(path.join(home.dir, 'hotspots.sqlite'), { readonly: true });
    const rows = db.prepare('SELECT bssid, outcome, error_code FROM attempts ORDER BY id').all();
    db.close();
    expect(rows).toEqual([
      { bssid: '02:5c:01:00:00:01', outcome: 'online', error_code: null },
      { bssid: '02:5c:01:00:00:03', outcome: 'failed', error_code: 'ASSOCIATION_REJECTED' },
    ]);
  });

  test('an SSID picks its strongest access point', () => {
    const result = runCli(['connect', 'StayBright-Guest', '--world', demoWorld, '--json'], home.dir);
    // The device starts at the airport: the hotel's network is not in range.
    expect(result.status).toBe(2);
    expect(JSON.parse(result.stdout).error.code).toBe('NETWORK_NOT_FOUND');
  });

  test('a passphrase is read from standard input, never from the command line', () => {
    const result = runCli(['connect', 'Lufthansa Lounge', '--passphrase-stdin', '--world', demoWorld, '--json'], home.dir, 'senator-lounge-2026\n');
    expect(JSON.parse(result.stdout).phase).toBe('online');
    // Saved for next time, and not in clear on disk.
    const again = runCli(['scan', '--world', demoWorld, '--json'], home.dir);
    expect(again.status).toBe(0);
    const missing = runCli(['connect', 'Lufthansa Lounge', '--world', demoWorld, '--json'], home.dir);
    expect(JSON.parse(missing.stdout).phase).toBe('online');
  });

  test('rank --explain breaks every score down; connect --best goes online and the ranking learns from it', () => {
    const explain = runCli(['rank', '--explain', '--world', demoWorld], home.dir);
    expect(explain.status).toBe(0);
    expect(explain.stdout).toMatch(/^Decision: connect 02:5c:01:00:00:0\d/);
    expect(explain.stdout).toMatch(/signal\s+\+\d/);
    expect(explain.stdout).toContain('successRate');
    expect(explain.stdout).toMatch(/Lufthansa Lounge.*NO_CREDENTIALS/);

    const best = runCli(['connect', '--best', '--world', demoWorld, '--json'], home.dir);
    expect(best.status).toBe(0);
    const state = JSON.parse(best.stdout);
    expect(state.phase).toBe('online');
    expect(state.network.ssid).toBe('SkyFi');

    const ranked = JSON.parse(runCli(['rank', '--world', demoWorld, '--json'], home.dir).stdout);
    const joined = ranked.ranked.find((n: { bssid: string }) => n.bssid === state.network.bssid);
    expect(joined.successEvidence).toBeGreaterThan(0);
    expect(ranked.decision.action).toBe('stay');

    const both = runCli(['connect', 'SkyFi', '--best', '--world', demoWorld], home.dir);
    expect(both.status).toBe(2);
    expect(both.stderr).toContain('INVALID_REQUEST');
  });

  test('bad input gets a stable code and a non-zero exit', () => {
    const unknown = runCli(['connect', 'No-Such-Network', '--world', demoWorld], home.dir);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('NETWORK_NOT_FOUND');

    const badFile = path.join(home.dir, 'bad-world.json');
    writeFileSync(badFile, JSON.stringify({ name: 'x', sites: [], device: { track: [] } }));
    const invalid = runCli(['scan', '--world', badFile], home.dir);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain('WORLD_INVALID');
    expect(invalid.stderr).toContain('sites');

    const missing = runCli(['scan', '--world', path.join(home.dir, 'nope.json'), '--json'], home.dir);
    expect(missing.status).toBe(2);
    expect(JSON.parse(missing.stdout).error.code).toBe('WORLD_NOT_FOUND');

    // No world: the platform's real driver (NetworkManager on Linux). This machine has no
    // Wi-Fi and no running NetworkManager, which must be said, never shown as an empty list.
    const noWorld = runCli(['scan', '--json'], home.dir);
    expect(noWorld.status).toBe(1);
    expect(JSON.parse(noWorld.stdout).error.code).toMatch(/^WIFI_(COMMAND_FAILED|COMMAND_NOT_FOUND|NO_INTERFACE|RADIO_OFF)$/);
  });

  test('directory status shows the demo world\'s directory; sync refuses a file not signed with the pinned key and changes nothing', () => {
    expect(JSON.parse(runCli(['directory', 'status', '--json'], home.dir).stdout)).toEqual({ installed: null, hotspots: 0 });
    expect(runCli(['scan', '--world', demoWorld, '--json'], home.dir).status).toBe(0);
    const before = JSON.parse(runCli(['directory', 'status', '--json'], home.dir).stdout);
    expect(before.installed.directoryId).toMatch(/^world-[0-9a-f]{16}$/);
    expect(before.hotspots).toBe(12);

    const pair = generateKeyPairSync('ed25519');
    const file = path.join(home.dir, 'rogue.rdir');
    writeDirectory(file, { kind: 'full', directoryId: 'rogue', version: 99, createdAt: '2026-11-30T00:00:00.000Z', tiles: [[1, 1]], privateKey: pair.privateKey }, [['P', 1, 'evil', 'Evil Wi-Fi', null]]);
    const sync = runCli(['directory', 'sync', file, '--json'], home.dir);
    expect(sync.status).toBe(2);
    expect(JSON.parse(sync.stdout).error.code).toBe('DIRECTORY_SIGNATURE_INVALID');
    expect(JSON.parse(runCli(['directory', 'status', '--json'], home.dir).stdout)).toEqual(before);

    const missing = runCli(['directory', 'sync', path.join(home.dir, 'nope.rdir')], home.dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('DIRECTORY_NOT_FOUND');
  });
});
