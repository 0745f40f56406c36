/**
 * Redact once: the preview spools each item's redacted bytes (deflated) in an owner-only
 * directory, the build copies them into the zip with a zip writer of our own, and the spool
 * goes when the bundle is saved, cancelled or disposed. Log files are redacted on worker
 * threads with the bundle's one salt. The zips are checked by the system's unzip (CRCs).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { type BundleProgress, type BundleRequest, buildBundle, previewBundle } from '../../main/engine/support/bundle/index.js';
import { defaultSpoolRoot, sweepSpools } from '../../main/engine/support/bundle/spool.js';
import { tempDir } from '../support/temp-dir.js';
import { KNOWN, SECRETS, appLog, encodings, eapItems, plantFile, portalCaptures, secretLog, settingsJson } from './plant.js';
import { unzip } from './unzip.js';
import { workerScript } from './worker-script.js';

const consent = { approvedAt: '2026-11-30T08:05:00.000Z', via: 'app' as const };
const SALT = new Uint8Array(32).fill(7);

function request(dir: string, extra: Partial<BundleRequest> = {}): BundleRequest {
  const older = plantFile(path.join(dir, 'roamdesk.old.log'), appLog(300), 1_700_000_000);
  const current = plantFile(path.join(dir, 'roamdesk.log'), `${secretLog}${appLog(300, 300)}`, 1_700_000_100);
  return {
    logs: [current, older],
    items: [{ name: 'settings/settings.json', category: 'settings', json: settingsJson }, ...portalCaptures().map((item) => ({ ...item, category: 'portal' as const })), ...eapItems()],
    trigger: { kind: 'user' },
    client: { version: '0.1.0' },
    known: KNOWN,
    spoolDir: path.join(dir, 'spool'),
    ...extra,
  };
}

/** unzip -t (or Python's zipfile) on the bundle: every entry inflates and its CRC-32 matches. */
function testZip(file: string): void {
  const unzipTool = spawnSync('unzip', ['-t', file], { encoding: 'utf8' });
  if (unzipTool.error === undefined) {
    expect(unzipTool.status, unzipTool.stdout + unzipTool.stderr).toBe(0);
    expect(unzipTool.stdout).toMatch(/No errors detected/);
    return;
  }
  const python = spawnSync('python3', ['-m', 'zipfile', '-t', file], { encoding: 'utf8' });
  expect(python.status, python.stdout + python.stderr).toBe(0);
}

function spoolFiles(dir: string): string[] {
  return readdirSync(dir).map((name) => path.join(dir, name));
}

describe('the preview spool', () => {
  test('is owner-only: a 0700 directory of 0600 files, under a 0700 root', async () => {
    const dir = tempDir();
    const preview = await previewBundle(request(dir));
    const spool = preview.spoolDirectory!;
    expect(spool.startsWith(path.join(dir, 'spool'))).toBe(true);
    expect(statSync(path.join(dir, 'spool')).mode & 0o777).toBe(0o700);
    expect(statSync(spool).mode & 0o777).toBe(0o700);
    const files = spoolFiles(spool);
    expect(files.length).toBe(preview.items().length);
    for (const file of files) expect(statSync(file).mode & 0o777, file).toBe(0o600);
    preview.dispose();
    expect(existsSync(spool)).toBe(false);
  });

  test('the default root is in the temp folder, this user’s and owner-only', async () => {
    const dir = tempDir();
    const { spoolDir: _unused, ...defaults } = request(dir);
    const preview = await previewBundle(defaults);
    const spool = preview.spoolDirectory!;
    expect(path.dirname(spool)).toBe(defaultSpoolRoot());
    expect(statSync(defaultSpoolRoot()).mode & 0o077).toBe(0);
    expect(statSync(spool).mode & 0o077).toBe(0);
    await preview.build({ out: path.join(dir, 'b.zip'), consent });
    expect(existsSync(spool)).toBe(false);
  });

  test('holds redacted bytes only: no planted secret in any spool file, deflated or inflated', async () => {
    const dir = tempDir();
    const preview = await previewBundle(request(dir));
    for (const file of spoolFiles(preview.spoolDirectory!)) {
      const raw = readFileSync(file);
      const text = zlib.inflateRawSync(raw);
      for (const secret of SECRETS) {
        for (const form of encodings(secret)) {
          expect(text.includes(Buffer.from(form)), `${file}: ${secret}`).toBe(false);
          expect(raw.includes(Buffer.from(form)), `${file}: ${secret}`).toBe(false);
        }
      }
    }
    preview.dispose();
  });

  test('is gone after the bundle is saved, and the zip verifies (unzip -t: every CRC), manifest first', async () => {
    const dir = tempDir();
    const preview = await previewBundle(request(dir));
    const spool = preview.spoolDirectory!;
    expect(existsSync(spool)).toBe(true);
    const out = path.join(dir, 'bundle.zip');
    const result = await preview.build({ out, consent });
    expect(existsSync(spool)).toBe(false);
    expect(readdirSync(path.join(dir, 'spool'))).toEqual([]);
    expect(preview.spoolDirectory).toBeUndefined();
    testZip(out);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(result.sha256).toBe(createHash('sha256').update(readFileSync(out)).digest('hex'));
    const entries = await unzip(out);
    expect(entries[0]!.name).toBe('manifest.json');
    for (const file of result.manifest.files) {
      const entry = entries.find((candidate) => candidate.name === file.name)!;
      expect(createHash('sha256').update(entry.content).digest('hex'), file.name).toBe(file.sha256);
      expect(entry.content.length).toBe(file.bytes);
      expect(zlib.crc32(entry.content)).toBeGreaterThanOrEqual(0);
    }
  });

  test('with Zip64 records (as past 4 GiB) the zip still verifies and reads the same', async () => {
    const dir = tempDir();
    const preview = await previewBundle(request(dir, { salt: SALT }));
    preview.zip64ForTests = true;
    const out = path.join(dir, 'bundle64.zip');
    await preview.build({ out, consent });
    testZip(out);
    const python = spawnSync('python3', ['-m', 'zipfile', '-t', out], { encoding: 'utf8' });
    if (python.error === undefined) expect(python.status, python.stderr).toBe(0);
    const plain = await previewBundle(request(dir, { salt: SALT }));
    const out32 = path.join(dir, 'bundle32.zip');
    await plain.build({ out: out32, consent });
    const a = await unzip(out);
    const b = await unzip(out32);
    expect(a.map((entry) => entry.name)).toEqual(b.map((entry) => entry.name));
    for (let i = 1; i < a.length; i++) expect(a[i]!.content.equals(b[i]!.content), a[i]!.name).toBe(true);
  });

  test('a removed item is absent from the zip (its spool is not copied)', async () => {
    const dir = tempDir();
    const preview = await previewBundle(request(dir));
    await preview.remove('logs/roamdesk.old.log');
    const out = path.join(dir, 'bundle.zip');
    const { manifest } = await preview.build({ out, consent });
    testZip(out);
    const entries = await unzip(out);
    expect(entries.map((entry) => entry.name)).not.toContain('logs/roamdesk.old.log');
    expect(entries.some((entry) => entry.content.toString('utf8').includes('line 10 scan ok'))).toBe(false);
    expect(manifest.omitted).toEqual([expect.objectContaining({ name: 'logs/roamdesk.old.log', reason: 'removed-by-user' })]);
  });

  test('a log modified after the preview is redacted again: its change is in the bundle, its secrets are not', async () => {
    const dir = tempDir();
    const preview = await previewBundle(request(dir));
    const log = path.join(dir, 'roamdesk.old.log');
    writeFileSync(log, `${appLog(10)}[2026-11-30 09:00:00.000] [info]  changed after preview password=Late-Secret-99 from 192.168.77.12\n`);
    const out = path.join(dir, 'bundle.zip');
    const { manifest } = await preview.build({ out, consent });
    testZip(out);
    const entry = (await unzip(out)).find((candidate) => candidate.name === 'logs/roamdesk.old.log')!;
    const text = entry.content.toString('utf8');
    expect(text).toContain('changed after preview password=');
    expect(text).not.toContain('Late-Secret-99');
    expect(text).not.toContain('192.168.77.12');
    expect(text).not.toContain('line 200 scan ok');
    const file = manifest.files.find((candidate) => candidate.name === 'logs/roamdesk.old.log')!;
    expect(file.sha256).toBe(createHash('sha256').update(entry.content).digest('hex'));
    expect(file.bytes).toBe(entry.content.length);
  });

  test('a log only appended to after the preview keeps the spooled copy (as it was at preview time)', async () => {
    const dir = tempDir();
    const preview = await previewBundle(request(dir));
    const before = preview.items().find((item) => item.name === 'logs/roamdesk.old.log')!;
    writeFileSync(path.join(dir, 'roamdesk.old.log'), `${appLog(300)}[2026-11-30 09:00:00.000] [info]  appended password=late\n`);
    const out = path.join(dir, 'bundle.zip');
    const { manifest } = await preview.build({ out, consent });
    const entry = (await unzip(out)).find((candidate) => candidate.name === 'logs/roamdesk.old.log')!;
    expect(entry.content.toString('utf8')).toBe(appLog(300));
    expect(manifest.files.find((file) => file.name === 'logs/roamdesk.old.log')!.bytes).toBe(before.bytes);
  });

  test('a preview whose spool was disposed (expired) still builds, from the sources, the same bytes', async () => {
    const dir = tempDir();
    const first = await previewBundle(request(dir, { salt: SALT }));
    const out1 = path.join(dir, 'a.zip');
    await first.build({ out: out1, consent });
    const second = await previewBundle(request(dir, { salt: SALT }));
    second.dispose();
    expect(second.spoolDirectory).toBeUndefined();
    expect(await second.render('logs/roamdesk.log')).toContain('email#');
    const out2 = path.join(dir, 'b.zip');
    await second.build({ out: out2, consent });
    testZip(out2);
    const a = await unzip(out1);
    const b = await unzip(out2);
    for (let i = 1; i < a.length; i++) expect(b[i]!.content.equals(a[i]!.content), a[i]!.name).toBe(true);
    expect(readdirSync(path.join(dir, 'spool'))).toEqual([]);
  });

  test('a cancelled preview leaves no spool behind; a dead process’s spool is swept by the next preview', async () => {
    const dir = tempDir();
    const root = path.join(dir, 'spool');
    mkdirSync(path.join(root, '999999999-stale'), { recursive: true, mode: 0o700 });
    writeFileSync(path.join(root, '999999999-stale', '0.deflate'), 'x');
    const controller = new AbortController();
    const progress: BundleProgress[] = [];
    const pending = previewBundle({
      ...request(dir),
      chunkBytes: 1024,
      signal: controller.signal,
      onProgress: (event) => {
        progress.push(event);
        if (progress.length === 3) controller.abort();
      },
    });
    await expect(pending).rejects.toMatchObject({ code: 'BUNDLE_CANCELLED' });
    expect(readdirSync(root)).toEqual([]);
    expect(sweepSpools(root)).toBe(0);
  });
});

describe('redaction on worker threads', () => {
  test('pseudonyms of the same e-mail match across two files redacted by different workers; output is byte-identical to one thread', async () => {
    const script = await workerScript();
    const dir = tempDir();
    const email = 'worker.check@example.org';
    const lines = (tag: string) => Array.from({ length: 4000 }, (_, i) => `[2026-11-30 08:00:00.${String(i % 1000).padStart(3, '0')}] [info]  ${tag} ${i} login ${email} from 10.0.${i % 250}.1 bssid 3c:22:fb:${(i % 256).toString(16).padStart(2, '0')}:b2:c3 password=pw-${i}\n`).join('');
    const a = plantFile(path.join(dir, 'a.log'), lines('first'), 1_700_000_000);
    const b = plantFile(path.join(dir, 'b.log'), lines('second'), 1_700_000_100);
    const base: BundleRequest = { logs: [a, b], trigger: { kind: 'user' }, client: { version: '0' }, salt: SALT, spoolDir: path.join(dir, 'spool') };
    const progress: BundleProgress[] = [];
    const threaded = await buildBundle({ ...base, workers: { script, threads: 2, minBytes: 0 }, out: path.join(dir, 'threads.zip'), consent, onProgress: (event) => progress.push(event) });
    expect(threaded.preview.measuredOnWorkers).toBe(2);
    const single = await buildBundle({ ...base, workers: false, out: path.join(dir, 'single.zip'), consent });
    expect(single.preview.measuredOnWorkers).toBe(0);
    testZip(path.join(dir, 'threads.zip'));
    const entries = await unzip(path.join(dir, 'threads.zip'));
    const tokens = (name: string) => [...entries.find((entry) => entry.name === name)!.content.toString('utf8').matchAll(/login (email#[0-9a-f]{10})@example\.org/g)].map((match) => match[1]);
    const first = tokens('logs/a.log');
    const second = tokens('logs/b.log');
    expect(first.length).toBe(4000);
    expect(new Set([...first, ...second])).toEqual(new Set([first[0]]));
    expect(entries.map((entry) => entry.content.toString('utf8')).join('')).not.toContain('pw-1234');
    // the same salt on one thread gives the same bytes
    const singleEntries = await unzip(path.join(dir, 'single.zip'));
    for (let i = 1; i < entries.length; i++) expect(entries[i]!.content.equals(singleEntries[i]!.content), entries[i]!.name).toBe(true);
    expect(threaded.manifest.files).toEqual(single.manifest.files);
    // progress: measuring events grow to the total, then writing, then done
    const measuring = progress.filter((event) => event.phase === 'measuring');
    expect(measuring.length).toBeGreaterThan(1);
    for (let i = 1; i < measuring.length; i++) expect(measuring[i]!.doneBytes).toBeGreaterThanOrEqual(measuring[i - 1]!.doneBytes);
    expect(measuring.at(-1)!.doneBytes).toBe(measuring.at(-1)!.totalBytes);
    expect(progress.at(-1)!.phase).toBe('done');
    expect(readdirSync(path.join(dir, 'spool'))).toEqual([]);
  });

  test('a worker that cannot start hands its files back to this thread', async () => {
    const dir = tempDir();
    const missing = path.join(dir, 'no-such-worker.cjs');
    const result = await buildBundle({ ...request(dir, { salt: SALT }), workers: { script: missing, threads: 2, minBytes: 0 }, out: path.join(dir, 'b.zip'), consent });
    expect(result.preview.measuredOnWorkers).toBe(0);
    const reference = await buildBundle({ ...request(dir, { salt: SALT }), workers: false, out: path.join(dir, 'c.zip'), consent });
    expect(result.manifest.files).toEqual(reference.manifest.files);
  });

  test('cancelling a threaded preview stops its workers and removes its spool', async () => {
    const script = await workerScript();
    const dir = tempDir();
    const big = plantFile(path.join(dir, 'big.log'), appLog(20000), 1_700_000_000);
    const other = plantFile(path.join(dir, 'other.log'), appLog(20000, 5), 1_700_000_100);
    const controller = new AbortController();
    const pending = previewBundle({ logs: [big, other], trigger: { kind: 'user' }, client: { version: '0' }, spoolDir: path.join(dir, 'spool'), workers: { script, threads: 2, minBytes: 0 }, signal: controller.signal, onProgress: () => controller.abort() });
    await expect(pending).rejects.toMatchObject({ code: 'BUNDLE_CANCELLED' });
    expect(readdirSync(path.join(dir, 'spool'))).toEqual([]);
  });
});
