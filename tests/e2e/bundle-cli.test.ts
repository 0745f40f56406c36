/**
 * `roamdesk bundle` as support uses it: the real built CLI in a child process, with a fresh
 * ROAMDESK_HOME whose log directory holds a log full of secrets.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { demoWorld, freshHome, runCli } from './harness.js';
import { unzip } from '../bundle/unzip.js';
import { SECRETS, encodings, secretLog } from '../bundle/plant.js';

let home: ReturnType<typeof freshHome>;
beforeEach(() => {
  home = freshHome();
  const logs = path.join(home.dir, 'logs');
  mkdirSync(logs, { recursive: true });
  writeFileSync(path.join(logs, 'roamdesk.old.log'), '[2026-11-29 10:00:00.000] [info]  older line\n');
  utimesSync(path.join(logs, 'roamdesk.old.log'), 1_700_000_000, 1_700_000_000);
  writeFileSync(path.join(logs, 'roamdesk.log'), secretLog);
});
afterEach(() => home.remove());

describe('roamdesk bundle', () => {
  test('--preview lists the items and their sizes after redaction, and writes nothing', () => {
    const result = runCli(['bundle', '--preview', '--json'], home.dir);
    expect(result.status, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { items: Array<{ name: string; status: string; bytes: number }>; contentBytes: number };
    const names = json.items.map((item) => item.name);
    expect(names).toEqual(expect.arrayContaining(['app/info.json', 'connection/state.json', 'logs/roamdesk.log', 'logs/roamdesk.old.log']));
    expect(json.items.every((item) => item.bytes > 0 && item.status === 'included')).toBe(true);
    const text = runCli(['bundle', '--preview'], home.dir);
    expect(text.stdout).toContain('logs/roamdesk.log');
    expect(text.stdout).toContain('Nothing was written.');
  });

  test('--out writes a zip with the manifest first, no secret anywhere, and prints its SHA-256', async () => {
    const out = path.join(home.dir, 'bundle.zip');
    const result = runCli(['bundle', '--out', out, '--case', 'CASE-9', '--world', demoWorld, '--json'], home.dir);
    expect(result.status, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as { path: string; sha256: string; bytes: number };
    expect(json.path).toBe(out);
    expect(json.sha256).toBe(createHash('sha256').update(readFileSync(out)).digest('hex'));
    const entries = await unzip(out);
    expect(entries[0]!.name).toBe('manifest.json');
    const manifest = JSON.parse(entries[0]!.content.toString('utf8')) as { caseId: string; trigger: { kind: string }; consent: { via: string }; files: Array<{ name: string; sha256: string }> };
    expect(manifest).toMatchObject({ caseId: 'CASE-9', trigger: { kind: 'cli' }, consent: { via: 'cli' } });
    for (const file of manifest.files) {
      const entry = entries.find((candidate) => candidate.name === file.name)!;
      expect(createHash('sha256').update(entry.content).digest('hex')).toBe(file.sha256);
    }
    const state = JSON.parse(entries.find((entry) => entry.name === 'connection/state.json')!.content.toString('utf8')) as { available: boolean };
    expect(state.available).toBe(true);
    for (const secret of SECRETS) for (const form of encodings(secret)) for (const entry of entries) expect(entry.content.includes(Buffer.from(form)), `${entry.name}: ${secret}`).toBe(false);
  });

  test('a level that does not exist is bad input (exit 2)', () => {
    const result = runCli(['bundle', '--preview', '--level', 'none', '--json'], home.dir);
    expect(result.status).toBe(2);
    expect(JSON.parse(result.stdout)).toMatchObject({ error: { code: 'BUNDLE_INVALID_INPUT' } });
  });
});
