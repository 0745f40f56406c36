/**
 * The log bundle end to end: secrets of every kind planted in logs, settings, portal captures
 * and supplicant output; the zip unzipped with yauzl and every byte of every entry searched.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { BundleError, type BundleManifest, type BundleRequest, bundleManifestSchema, buildBundle, previewBundle } from '../../main/engine/support/bundle/index.js';
import { tempDir } from '../support/temp-dir.js';
import { IDENTIFIERS, KNOWN, SECRETS, appLog, eapItems, encodings, plantFile, portalCaptures, secretLog, settingsJson } from './plant.js';
import { unzip } from './unzip.js';

const consent = { approvedAt: '2026-11-30T08:05:00.000Z', via: 'app' as const, uiVersion: '0.1.0', destination: 'case 4711' };

function request(dir: string, extra: Partial<BundleRequest> = {}): BundleRequest {
  const older = plantFile(path.join(dir, 'roamdesk.old.log'), appLog(50), 1_700_000_000);
  const current = plantFile(path.join(dir, 'roamdesk.log'), secretLog, 1_700_000_100);
  return {
    logs: [current, older],
    items: [
      { name: 'diagnostics/connection.json', category: 'connection', json: { phase: 'online', network: { ssid: 'Airport Free', bssid: '3c:22:fb:a1:b2:c3' }, gateway: '192.168.44.1' } },
      { name: 'settings/settings.json', category: 'settings', json: settingsJson },
      ...portalCaptures().map((item) => ({ ...item, category: 'portal' as const })),
      ...eapItems(),
    ],
    trigger: { kind: 'agent-request', caseId: 'CASE-4711', requestId: 'req-1', agent: 'Sam' },
    client: { version: '0.1.0', host: 'node' },
    known: KNOWN,
    ...extra,
  };
}

function searchAll(entries: Array<{ name: string; content: Buffer }>, values: readonly string[]): string[] {
  const found: string[] = [];
  for (const value of values) {
    for (const form of encodings(value)) {
      for (const entry of entries) {
        if (entry.content.includes(Buffer.from(form)) || entry.content.toString('utf8').toLowerCase().includes(form.toLowerCase())) found.push(`${entry.name}: ${value} (as ${form})`);
      }
    }
  }
  return found;
}

describe('a support bundle', () => {
  test('carries no planted secret, in any encoding, in any entry, at any level', async () => {
    for (const level of ['minimal', 'standard', 'strict'] as const) {
      const dir = tempDir();
      const out = path.join(dir, 'bundle.zip');
      await buildBundle({ ...request(dir, { redaction: { level } }), out, consent });
      const entries = await unzip(out);
      expect(entries.length).toBeGreaterThan(5);
      expect(searchAll(entries, SECRETS), level).toEqual([]);
    }
  });

  test('at standard and strict, emails, user and host names, MAC and IP addresses are hashed or masked', async () => {
    for (const level of ['standard', 'strict'] as const) {
      const dir = tempDir();
      const out = path.join(dir, 'bundle.zip');
      await buildBundle({ ...request(dir, { redaction: { level } }), out, consent });
      const entries = await unzip(out);
      const hits = searchAll(entries, IDENTIFIERS).filter((hit) => !hit.includes('(as '.concat(Buffer.from('user03').toString('hex'))));
      expect(hits, level).toEqual([]);
      const log = entries.find((entry) => entry.name === 'logs/roamdesk.log')!.content.toString('utf8');
      expect(log).toMatch(level === 'strict' ? /email#[0-9a-f]{10}(?!@)/ : /email#[0-9a-f]{10}@example\.com/);
      expect(log).toMatch(level === 'strict' ? /xx:xx:xx:xx:xx:xx#[0-9a-f]{10}/ : /3c:22:fb:xx:xx:xx#[0-9a-f]{10}/);
      expect(log).toMatch(level === 'strict' ? /192\.x\.x\.x#/ : /192\.168\.x\.x#/);
    }
  });

  test('minimal keeps identifiers (it removes secrets only)', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'bundle.zip');
    await buildBundle({ ...request(dir, { redaction: { level: 'minimal', locked: true } }), out, consent });
    const entries = await unzip(out);
    const log = entries.find((entry) => entry.name === 'logs/roamdesk.log')!.content.toString('utf8');
    expect(log).toContain('alice.smith@example.com');
    expect(log).toContain('3c:22:fb:a1:b2:c3');
    const manifest = JSON.parse(entries[0]!.content.toString('utf8')) as BundleManifest;
    expect(manifest.redaction).toMatchObject({ level: 'minimal', locked: true });
  });

  test('manifest.json comes first, validates, and its hashes verify against the unzipped entries; the bundle hash matches the file', async () => {
    const dir = tempDir();
    const out = path.join(dir, 'bundle.zip');
    const result = await buildBundle({ ...request(dir), caseId: 'CASE-4711', out, consent });
    expect(result.sha256).toBe(createHash('sha256').update(readFileSync(out)).digest('hex'));
    expect(result.bytes).toBe(readFileSync(out).length);
    const entries = await unzip(out);
    expect(entries[0]!.name).toBe('manifest.json');
    const manifest = bundleManifestSchema.parse(JSON.parse(entries[0]!.content.toString('utf8')));
    expect(manifest).toEqual(JSON.parse(JSON.stringify(result.manifest)));
    expect(manifest.files.map((file) => file.name)).toEqual(entries.slice(1).map((entry) => entry.name));
    for (const file of manifest.files) {
      const entry = entries.find((candidate) => candidate.name === file.name)!;
      expect(createHash('sha256').update(entry.content).digest('hex'), file.name).toBe(file.sha256);
      expect(entry.content.length, file.name).toBe(file.bytes);
    }
    expect(manifest.trigger).toEqual({ kind: 'agent-request', caseId: 'CASE-4711', requestId: 'req-1', agent: 'Sam' });
    expect(manifest.caseId).toBe('CASE-4711');
    expect(manifest.client).toMatchObject({ name: 'Roamdesk', version: '0.1.0', host: 'node' });
    expect(manifest.consent).toMatchObject({ ...consent, approvedItems: manifest.files.map((file) => file.name), removedItems: [] });
    const log = manifest.files.find((file) => file.name === 'logs/roamdesk.log')!;
    for (const kind of ['password', 'authorization', 'cookie', 'private-key', 'jwt', 'url-credentials', 'email', 'user', 'host', 'mac', 'ipv4', 'ipv6'] as const) expect(log.redactions[kind], kind).toBeGreaterThan(0);
    expect(manifest.redaction.counts.password).toBeGreaterThan(log.redactions.password!);
    expect(manifest.redaction.counts['secret-element']).toBeGreaterThan(0);
    expect(manifest.redaction.counts['eap-message']).toBeGreaterThan(0);
    expect(JSON.stringify(manifest)).not.toMatch(/"salt"/i);
  });

  test('pseudonyms are the same for the same value within a bundle, and differ across bundles', async () => {
    const tokens = async () => {
      const dir = tempDir();
      const out = path.join(dir, 'bundle.zip');
      await buildBundle({ ...request(dir), out, consent });
      const text = (await unzip(out)).map((entry) => entry.content.toString('utf8')).join('\n');
      const email = [...text.matchAll(/(?:\tidentity="|user: ')email#([0-9a-f]{10})@example\.com/g)].map((match) => match[1]);
      const alice = [...text.matchAll(/\/home\/user#([0-9a-f]{10})/g)].map((match) => match[1]);
      const user = [...text.matchAll(/User-Name = "user#([0-9a-f]{10})"/g)].map((match) => match[1]);
      const host = [...text.matchAll(/hostname: 'host#([0-9a-f]{10})'/g)].map((match) => match[1]);
      const device = [...text.matchAll(/"deviceName": "host#([0-9a-f]{10})"/g)].map((match) => match[1]);
      return { email, alice, user, host, device };
    };
    const first = await tokens();
    const second = await tokens();
    // alice.smith@example.com appears in the log and twice in the supplicant config: one token
    expect(first.email.length).toBeGreaterThanOrEqual(2);
    expect(new Set(first.email).size).toBe(1);
    // "alice" as a home folder and as a RADIUS User-Name: one token; roam-laptop in the log and in the settings: one token
    expect(first.alice[0]).toBeDefined();
    expect(first.user[0]).toBe(first.alice[0]);
    expect(first.device[0]).toBe(first.host[0]);
    expect(second.email[0]).not.toBe(first.email[0]);
    expect(second.alice[0]).not.toBe(first.alice[0]);
    expect(second.host[0]).not.toBe(first.host[0]);
  });

  test('the preview renders every item exactly as the zip holds it, and sizes match', async () => {
    const dir = tempDir();
    const preview = await previewBundle(request(dir));
    const out = path.join(dir, 'bundle.zip');
    await preview.build({ out, consent });
    const entries = await unzip(out);
    for (const item of preview.items()) {
      const entry = entries.find((candidate) => candidate.name === item.name)!;
      expect(await preview.render(item.name), item.name).toBe(entry.content.toString('utf8'));
      expect(item.bytes).toBe(entry.content.length);
    }
    expect((await preview.render('logs/roamdesk.log', { maxBytes: 40 })).length).toBeLessThanOrEqual(40);
  });

  test('a removed item is not sent, and the manifest records it as the user’s choice', async () => {
    const dir = tempDir();
    const preview = await previewBundle(request(dir));
    await preview.remove('settings/settings.json');
    expect(preview.items().find((item) => item.name === 'settings/settings.json')).toMatchObject({ status: 'removed', bytes: 0 });
    const out = path.join(dir, 'bundle.zip');
    const { manifest } = await preview.build({ out, consent });
    expect((await unzip(out)).map((entry) => entry.name)).not.toContain('settings/settings.json');
    expect(manifest.omitted).toEqual([expect.objectContaining({ name: 'settings/settings.json', reason: 'removed-by-user' })]);
    expect(manifest.consent?.removedItems).toEqual(['settings/settings.json']);
    await expect(preview.remove('nope.txt')).rejects.toMatchObject({ code: 'BUNDLE_ITEM_UNKNOWN' });
  });

  test('the size cap leaves out the oldest logs first, then trims the oldest lines, and says so', async () => {
    const dir = tempDir();
    const oldest = plantFile(path.join(dir, 'a.log'), appLog(400, 0), 1_700_000_000);
    const middle = plantFile(path.join(dir, 'b.log'), appLog(400, 400), 1_700_000_100);
    const newest = plantFile(path.join(dir, 'c.log'), appLog(400, 800), 1_700_000_200);
    const base = { logs: [oldest, newest, middle], items: [{ name: 'diagnostics/state.json', json: { ok: true } }], trigger: { kind: 'user' as const }, client: { version: '0.1.0' }, chunkBytes: 1024 };
    const uncapped = await previewBundle({ ...base, sizeCapBytes: 10_000_000 });
    const size = (name: string) => uncapped.items().find((item) => item.name === name)!.fullBytes;
    const cap = size('diagnostics/state.json') + size('logs/c.log') + Math.floor(size('logs/b.log') / 2);
    const preview = await previewBundle({ ...base, sizeCapBytes: cap });
    expect(preview.items().map((item) => [item.name, item.status])).toEqual([
      ['diagnostics/state.json', 'included'],
      ['logs/c.log', 'included'],
      ['logs/b.log', 'trimmed'],
      ['logs/a.log', 'omitted'],
    ]);
    expect(preview.contentBytes).toBeLessThanOrEqual(cap);
    const out = path.join(dir, 'bundle.zip');
    const { manifest } = await preview.build({ out, consent });
    expect(manifest.sizeCap).toMatchObject({ bytes: cap, applied: true });
    expect(manifest.omitted).toEqual([expect.objectContaining({ name: 'logs/a.log', reason: 'size-cap' })]);
    const trimmed = manifest.files.find((file) => file.name === 'logs/b.log')!;
    expect(trimmed.trimmed?.droppedBytes).toBeGreaterThan(0);
    const entries = await unzip(out);
    const kept = entries.find((entry) => entry.name === 'logs/b.log')!.content.toString('utf8');
    // the newest lines are kept, from a line start
    expect(kept).toMatch(/^\[2026-11-30 /);
    expect(kept).toContain('line 799 scan ok');
    expect(kept).not.toContain('line 400 scan ok');
    expect(createHash('sha256').update(kept).digest('hex')).toBe(trimmed.sha256);
    // removing the newest log lets older ones back in
    await preview.remove('logs/c.log');
    expect(preview.items().find((item) => item.name === 'logs/b.log')!.status).toBe('included');
  });

  test('bad requests and misuse fail with stable codes', async () => {
    const dir = tempDir();
    await expect(previewBundle({ logs: [path.join(dir, 'missing.log')], trigger: { kind: 'user' }, client: { version: '0' } })).rejects.toMatchObject({ code: 'BUNDLE_ITEM_NOT_FOUND' });
    await expect(previewBundle({ items: [{ name: '../evil', text: 'x' }], trigger: { kind: 'user' }, client: { version: '0' } })).rejects.toMatchObject({ code: 'BUNDLE_INVALID_INPUT' });
    await expect(previewBundle({ items: [{ name: 'manifest.json', text: 'x' }], trigger: { kind: 'user' }, client: { version: '0' } })).rejects.toBeInstanceOf(BundleError);
    const preview = await previewBundle({ items: [{ name: 'a.txt', text: 'x'.repeat(100) }], trigger: { kind: 'user' }, client: { version: '0' }, sizeCapBytes: 50 });
    expect(preview.fits).toBe(false);
    await expect(preview.build({ out: path.join(dir, 'b.zip'), consent })).rejects.toMatchObject({ code: 'BUNDLE_TOO_LARGE' });
    await expect(preview.build({ out: path.join(dir, 'b.zip'), consent: {} as never })).rejects.toMatchObject({ code: 'BUNDLE_CONSENT_MISSING' });
  });

  test('a log that changes between preview and build is read again as it is now, and leaves no file behind', async () => {
    const dir = tempDir();
    const log = plantFile(path.join(dir, 'roamdesk.log'), appLog(20), 1_700_000_000);
    const preview = await previewBundle({ logs: [log], trigger: { kind: 'user' }, client: { version: '0' }, spoolDir: path.join(dir, 'spool') });
    writeFileSync(log, `${appLog(20, 5)}[2026-11-30 09:00:00.000] [info]  rewritten password=changed-secret\n`);
    const out = path.join(dir, 'bundle.zip');
    const { manifest } = await preview.build({ out, consent });
    const entries = await unzip(out);
    const text = entries[1]!.content.toString('utf8');
    expect(text).toContain('rewritten password=');
    expect(text).not.toContain('changed-secret');
    expect(createHash('sha256').update(entries[1]!.content).digest('hex')).toBe(manifest.files[0]!.sha256);
    const { readdirSync } = await import('node:fs');
    expect(readdirSync(dir).sort()).toEqual(['bundle.zip', 'roamdesk.log', 'spool']);
    expect(readdirSync(path.join(dir, 'spool'))).toEqual([]);
  });

  test('a log the app keeps appending to is bundled as it was at preview time', async () => {
    const dir = tempDir();
    const log = plantFile(path.join(dir, 'roamdesk.log'), appLog(20), 1_700_000_000);
    const preview = await previewBundle({ logs: [log], trigger: { kind: 'user' }, client: { version: '0' } });
    writeFileSync(log, `${appLog(20)}[2026-11-30 09:00:00.000] [info]  password=late-secret\n`);
    const out = path.join(dir, 'bundle.zip');
    await preview.build({ out, consent });
    const entries = await unzip(out);
    expect(entries[1]!.content.toString('utf8')).toBe(appLog(20));
  });
});
