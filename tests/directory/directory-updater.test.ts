/**
 * The directory updater on the real path: the signed directory is fetched from the
 * `directoryUrl` setting over a real loopback HTTP server, verified with the pinned keys plus
 * the `directoryPublicKey` setting, installed into a real SQLite cache, and kept on disk as
 * the last good copy. A file with a bad signature is refused and the last good stays; a
 * policy change refreshes at once; the periodic refresh picks up a new version; a cache that
 * lost its directory gets the last good copy back without the network.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { composeEngine } from '../../main/common/compose-engine.js';
import { openCacheDatabase } from '../../main/engine/cache/database.js';
import { DirectoryUpdater, type DirectoryUpdateStatus } from '../../main/engine/directory/directory-updater.js';
import { installedDirectory } from '../../main/engine/directory/directory-state.js';
import { pinnedDirectoryKeys } from '../../main/engine/directory/pinned-keys.js';
import { silentLogger } from '../../main/engine/ports/logger.js';
import type { WifiDriver } from '../../main/engine/ports/wifi-driver.js';
import { appPaths } from '../../main/platform/app-paths.js';
import { NodeDirectoryDownloader } from '../../main/platform/directory-download.js';
import { ExecFileRunner } from '../../main/platform/exec-file.js';
import { createSettingsService } from '../../main/platform/policy-sources/index.js';
import { ManualClock } from '../support/manual-clock.js';
import { tempDir } from '../support/temp-dir.js';
import { type KeyPair, hotspot, keys, smallFull, writeSmallFull } from './support.js';

/** A directory service on loopback: serves `body` with a strong ETag, answers 304 to a matching If-None-Match. */
async function startDirectoryServer() {
  const state = { body: Buffer.alloc(0), requests: [] as Array<{ url: string; ifNoneMatch: string | undefined }> };
  const etagOf = (body: Buffer) => `"${body.length}-${Buffer.from(body.subarray(0, 64)).toString('base64url').slice(-12)}-${createHash('sha256').update(body).digest('hex').slice(0, 16)}"`;
  const server = http.createServer((req, res) => {
    state.requests.push({ url: req.url ?? '', ifNoneMatch: req.headers['if-none-match'] });
    if (req.url !== '/roamdesk/directory.rdir') return void res.writeHead(404).end();
    const etag = etagOf(state.body);
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304, { etag }).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': state.body.length, etag }).end(state.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    state,
    url: `http://127.0.0.1:${port}/roamdesk/`,
    serve(file: string) {
      state.body = readFileSync(file);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const spki = (pair: KeyPair) => pair.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function rig(policy: Record<string, unknown>, refreshMs = 0) {
  const dir = tempDir('roamdesk-dirupd-');
  const server = await startDirectoryServer();
  cleanups.push(() => server.close());
  const policyFile = path.join(dir, 'policy.json');
  const writePolicy = (values: Record<string, unknown>) => writeFileSync(policyFile, JSON.stringify(values));
  writePolicy(policy);
  const settings = createSettingsService({ env: { ROAMDESK_POLICY_FILE: policyFile }, runner: new ExecFileRunner(), userSettingsFile: path.join(dir, 'settings.json') });
  await settings.reload();
  const cacheFile = path.join(dir, 'hotspots.sqlite');
  let db = openCacheDatabase(cacheFile).db;
  const updaterDir = path.join(dir, 'directory');
  const makeUpdater = () =>
    new DirectoryUpdater({ db, settings, download: new NodeDirectoryDownloader(), dir: updaterDir, pinnedKeys: pinnedDirectoryKeys(), clock: new ManualClock(Date.UTC(2026, 10, 30), true), logger: silentLogger, refreshMs });
  let updater = makeUpdater();
  cleanups.push(async () => {
    await updater.stop();
    settings.stop();
    db.close();
  });
  return {
    dir,
    server,
    settings,
    updaterDir,
    get db() {
      return db;
    },
    get updater() {
      return updater;
    },
    writePolicy,
    /** A new run of the app on a cache that lost its directory (deleted and rebuilt). */
    async restartOnEmptyCache() {
      await updater.stop();
      db.close();
      rmSync(cacheFile, { force: true });
      db = openCacheDatabase(cacheFile).db;
      updater = makeUpdater();
    },
  };
}

describe('DirectoryUpdater against a loopback directory service', () => {
  test('not configured: nothing is fetched', async () => {
    const r = await rig({});
    const status = await r.updater.start();
    expect(status.state).toBe('not-configured');
    expect(r.server.state.requests).toHaveLength(0);
    expect(installedDirectory(r.db)).toBeNull();
  });

  test('installs a directory signed with the policy key, keeps the last good copy, refuses a bad signature, and asks with the ETag', async () => {
    const org = keys();
    const r = await rig({ directoryUrl: '', directoryPublicKey: spki(org) });
    const v1 = writeSmallFull(r.dir, org, smallFull(), { version: 1, directoryId: 'acme' });
    r.server.serve(v1);

    r.writePolicy({ directoryUrl: r.server.url, directoryPublicKey: spki(org) });
    await r.settings.reload();
    const first = await r.updater.refresh();
    expect(first).toMatchObject({ state: 'installed', url: `${r.server.url}directory.rdir`, installedVersion: 1 });
    expect(installedDirectory(r.db)).toMatchObject({ directoryId: 'acme', version: 1 });
    expect(r.db.prepare('SELECT count(*) AS n FROM directory_hotspots').get()).toEqual({ n: 5 });
    // The last good copy is the exact file, owner-only, with its metadata.
    const lastGood = path.join(r.updaterDir, 'last-good.rdir');
    expect(readFileSync(lastGood).equals(readFileSync(v1))).toBe(true);
    expect(statSync(lastGood).mode & 0o077).toBe(0);
    expect(JSON.parse(readFileSync(path.join(r.updaterDir, 'last-good.json'), 'utf8'))).toMatchObject({ directoryId: 'acme', version: 1, url: `${r.server.url}directory.rdir` });

    // Nothing new: the service answers 304 to the ETag.
    const again = await r.updater.refresh();
    expect(again.state).toBe('unchanged');
    expect(r.server.state.requests.at(-1)!.ifNoneMatch).toMatch(/^"/);

    // Version 2 signed by a key nobody trusts: refused, version 1 stays installed and on disk.
    const rogue = keys();
    r.server.serve(writeSmallFull(r.dir, rogue, [...smallFull(), hotspot('02:00:00:00:0b:01', null, 1)], { version: 2, directoryId: 'acme' }));
    const refused = await r.updater.refresh();
    expect(refused).toMatchObject({ state: 'refused', installedVersion: 1, error: { code: 'DIRECTORY_SIGNATURE_INVALID' } });
    expect(installedDirectory(r.db)).toMatchObject({ version: 1 });
    expect(readFileSync(lastGood).equals(readFileSync(v1))).toBe(true);
    expect(existsSync(path.join(r.updaterDir, 'download.part'))).toBe(false);

    // Version 2 properly signed but altered in transit (one payload byte): refused too.
    const v2 = writeSmallFull(r.dir, org, [...smallFull(), hotspot('02:00:00:00:0b:01', null, 1)], { version: 2, directoryId: 'acme' });
    const altered = readFileSync(v2);
    altered[altered.length - 5]! ^= 0x01;
    r.server.state.body = altered;
    expect(await r.updater.refresh()).toMatchObject({ state: 'refused', installedVersion: 1, error: { code: 'DIRECTORY_SIGNATURE_INVALID' } });

    // The genuine version 2 installs.
    r.server.serve(v2);
    expect(await r.updater.refresh()).toMatchObject({ state: 'installed', installedVersion: 2 });
    expect(readFileSync(lastGood).equals(readFileSync(v2))).toBe(true);
  });

  test('without the directoryPublicKey setting, the organisation’s directory is not trusted (pinned keys only)', async () => {
    const org = keys();
    const r = await rig({});
    r.server.serve(writeSmallFull(r.dir, org, smallFull(), { directoryId: 'acme' }));
    r.writePolicy({ directoryUrl: r.server.url });
    await r.settings.reload();
    expect(await r.updater.refresh()).toMatchObject({ state: 'refused', installedVersion: null, error: { code: 'DIRECTORY_SIGNATURE_INVALID' } });
  });

  test('a policy change refreshes at once; the periodic refresh picks up a new version', async () => {
    const org = keys();
    const r = await rig({ directoryPublicKey: spki(org) }, 200);
    r.server.serve(writeSmallFull(r.dir, org, smallFull(), { version: 1, directoryId: 'acme' }));
    expect((await r.updater.start()).state).toBe('not-configured');

    // IT sets the URL: the settings change (watched file) triggers a download, no call needed here.
    r.writePolicy({ directoryPublicKey: spki(org), directoryUrl: r.server.url });
    await r.settings.reload();
    await expect.poll(() => installedDirectory(r.db)?.version ?? null, { timeout: 5_000, interval: 50 }).toBe(1);

    // The service publishes version 2; the timer finds it.
    r.server.serve(writeSmallFull(r.dir, org, [...smallFull(), hotspot('02:00:00:00:0b:01', null, 1)], { version: 2, directoryId: 'acme' }));
    await expect.poll(() => installedDirectory(r.db)?.version ?? null, { timeout: 5_000, interval: 50 }).toBe(2);
    expect(r.server.state.requests.length).toBeGreaterThanOrEqual(2);
  });

  test('a cache that lost its directory gets the last good copy back at start, without the network', async () => {
    const org = keys();
    const r = await rig({ directoryPublicKey: spki(org) });
    r.server.serve(writeSmallFull(r.dir, org, smallFull(), { version: 3, directoryId: 'acme' }));
    r.writePolicy({ directoryPublicKey: spki(org), directoryUrl: r.server.url });
    await r.settings.reload();
    expect((await r.updater.refresh()).state).toBe('installed');

    await r.server.close();
    cleanups.splice(0, 1); // closed already
    await r.restartOnEmptyCache();
    expect(installedDirectory(r.db)).toBeNull();
    const status: DirectoryUpdateStatus = await r.updater.start();
    // The service is gone (download failed), but the directory is back from disk.
    expect(status).toMatchObject({ state: 'failed', installedVersion: 3, error: { code: 'DIRECTORY_DOWNLOAD_FAILED' } });
    expect(r.db.prepare('SELECT count(*) AS n FROM directory_hotspots').get()).toEqual({ n: 5 });
  });
});

describe('the real engine composition', () => {
  test('composeEngine without a world downloads the directory from policy and names providers from it', async () => {
    const org = keys();
    const dir = tempDir('roamdesk-dirupd-compose-');
    const server = await startDirectoryServer();
    cleanups.push(() => server.close());
    server.serve(writeSmallFull(dir, org, smallFull(), { directoryId: 'acme' }));
    const policyFile = path.join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ directoryUrl: server.url, directoryPublicKey: spki(org) }));
    const bss = { ssidHex: Buffer.from('AeroNet').toString('hex'), ssid: 'AeroNet', bssid: '02:00:00:00:0a:01', signalDbm: -55, frequencyMhz: 5180, channel: 36, band: '5GHz', standard: '802.11ax', security: 'open', channelWidthMhz: 80 } as const;
    const driver: WifiDriver = {
      name: 'test-radio',
      scan: async () => [bss],
      associate: async () => {
        throw new Error('not in this test');
      },
      disassociate: async () => {},
      currentLink: async () => null,
    };
    const host = await composeEngine({ host: 'node', version: '0.0.0-test', paths: appPaths({ ROAMDESK_HOME: path.join(dir, 'home') }), logger: silentLogger, env: { ROAMDESK_POLICY_FILE: policyFile }, wifiDriver: driver, directoryRefreshMs: 0, updateDirectory: true });
    cleanups.push(() => host.close());
    await expect.poll(() => host.directoryUpdates?.status().installedVersion ?? null, { timeout: 15_000, interval: 50 }).toBe(1);
    const scan = await host.engine.handlers['wifi.scan']({});
    expect(scan.networks.find((n) => n.bssid === bss.bssid)?.provider).toEqual({ id: 'aeronet', name: 'AeroNet' });
    expect(existsSync(path.join(dir, 'home', 'directory', 'last-good.rdir'))).toBe(true);
  });

  test('a one-shot command (no background work) starts no download', async () => {
    const dir = tempDir('roamdesk-dirupd-oneshot-');
    const server = await startDirectoryServer();
    cleanups.push(() => server.close());
    const policyFile = path.join(dir, 'policy.json');
    writeFileSync(policyFile, JSON.stringify({ directoryUrl: server.url }));
    const driver: WifiDriver = { name: 'test-radio', scan: async () => [], associate: async () => Promise.reject(new Error('no')), disassociate: async () => {}, currentLink: async () => null };
    const host = await composeEngine({ host: 'node', version: '0.0.0-test', paths: appPaths({ ROAMDESK_HOME: path.join(dir, 'home') }), logger: silentLogger, env: { ROAMDESK_POLICY_FILE: policyFile }, wifiDriver: driver });
    await host.close();
    expect(server.state.requests).toHaveLength(0);
  });
});
