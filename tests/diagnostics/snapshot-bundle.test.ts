/**
 * Flight-recorder snapshots wait until the person sends them: they ride along in the next log
 * bundle as items of their own, leave the queue once a bundle carrying them is saved for sending,
 * and stay when the bundle is only saved to a file or the person removed them in the preview.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { AppInfo, ConnectionState } from '../../preload/contract.js';
import { FlightRecorder } from '../../main/engine/diagnostics/flight-recorder.js';
import { EvidenceSessions } from '../../main/engine/support/evidence-session.js';
import { fixedClock } from './support/fakes.js';
import { unzip } from '../bundle/unzip.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'roamdesk-snapbundle-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

async function rig() {
  const clock = fixedClock(Date.parse('2026-03-01T10:00:00Z'));
  const recorder = new FlightRecorder({ dir: path.join(root, 'snapshots'), clock });
  recorder.record({ level: 'error', source: 'portal', message: 'portal sign-in page did not answer' });
  const snapshot = await recorder.snapshotNow('portal-timeout', { code: 'PORTAL_SIGN_IN_TIMEOUT', message: 'sign-in timed out' });
  const info: AppInfo = { version: '1.2.3', host: 'node', platform: 'linux', dataDir: root, logDir: path.join(root, 'logs') } as AppInfo;
  const evidence = new EvidenceSessions({
    info: async () => info,
    connection: () => ({ phase: 'idle' }) as unknown as ConnectionState,
    diagnose: async () => {
      throw new Error('not used');
    },
    clock,
    spoolRoot: path.join(root, 'bundle-spool'),
    snapshots: {
      waiting: async () => Promise.all((await recorder.list()).map(async ({ id }) => ({ id, snapshot: await recorder.get(id) }))),
      sent: async (ids) => {
        for (const id of ids) await recorder.delete(id);
      },
    },
  });
  return { recorder, evidence, snapshot, item: `flight-recorder/${snapshot.id}.json` };
}

test('a waiting snapshot is an item of the bundle, redacted like the rest, and leaves the queue once sent', async () => {
  const { recorder, evidence, snapshot, item } = await rig();
  const preview = await evidence.preview();
  expect(preview.items.map((i) => i.name)).toContain(item);
  const shown = await evidence.item(preview.bundleId, item);
  expect(JSON.parse(shown.text).id).toBe(snapshot.id);
  expect(shown.text).toContain('PORTAL_SIGN_IN_TIMEOUT');

  const saved = await evidence.save(preview.bundleId, path.join(root, 'out'), undefined, { sending: true });
  const entries = await unzip(saved.path);
  const carried = entries.find((e) => e.name === item);
  expect(carried, 'the snapshot is in the zip').toBeDefined();
  expect(JSON.parse(carried!.content.toString('utf8')).signature).toBe('portal-timeout');
  expect(await recorder.list()).toEqual([]);
});

test('saved only to a file, the snapshot keeps waiting', async () => {
  const { recorder, evidence, snapshot } = await rig();
  const preview = await evidence.preview();
  await evidence.save(preview.bundleId, path.join(root, 'out'));
  expect((await recorder.list()).map((s) => s.id)).toEqual([snapshot.id]);
});

test('removed in the preview, the snapshot is not sent and keeps waiting', async () => {
  const { recorder, evidence, snapshot, item } = await rig();
  const preview = await evidence.preview();
  const after = await evidence.remove(preview.bundleId, item);
  expect(after.items.find((i) => i.name === item)?.status ?? 'absent').not.toBe('included');
  const saved = await evidence.save(preview.bundleId, path.join(root, 'out'), undefined, { sending: true });
  expect((await unzip(saved.path)).some((e) => e.name === item)).toBe(false);
  expect((await recorder.list()).map((s) => s.id)).toEqual([snapshot.id]);
});

test('previews spool under the given root, and a preview dropped for a newer one takes its spool with it', async () => {
  const { evidence } = await rig();
  const spools = () => readdirSync(path.join(root, 'bundle-spool')).length;
  for (let i = 0; i < 3; i++) await evidence.preview();
  expect(spools()).toBe(3);
  // A fourth drops the oldest (at most three are kept): three spools, not four.
  await evidence.preview();
  expect(spools()).toBe(3);
});
