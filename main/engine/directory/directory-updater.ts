/**
 * Keeps the installed hotspot directory current from the organisation's directory service
 * (the `directoryUrl` setting), on the real radio's path. A simulated world plays the
 * directory service itself (main/common/world-directory.ts) and has no updater.
 *
 *   - `directoryUrl` names the signed full directory file (a URL ending in `/` gets
 *     `directory.rdir`); empty: nothing is downloaded (there is no Roamdesk-hosted service yet).
 *   - The download goes to `<dir>/download.part`, then through DirectorySync: the Ed25519
 *     signature against the pinned keys plus the `directoryPublicKey` setting, and the
 *     payload hash, before any row is touched. A refused file (bad signature, altered,
 *     older than the installed one) is deleted; the installed directory and the last good
 *     copy stay as they were.
 *   - The last good file is kept as `<dir>/last-good.rdir` with `last-good.json` (where
 *     from, ETag, SHA-256, id, version). A cache that lost its directory (rebuilt after
 *     corruption) gets it back from there at start, verified again, without the network.
 *   - Refreshed at start, every `refreshMs` (default 6 h, conditional on the ETag), and at
 *     once when `directoryUrl` or `directoryPublicKey` changes (policy is live).
 */
import { createHash, createPublicKey, type KeyObject } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { CacheDatabase } from '../cache/database.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { SettingsService } from '../policy/effective-settings.js';
import { DirectorySync } from './directory-sync.js';

export interface DirectoryDownloadRequest {
  url: string;
  /** Where the body goes (created owner-only; removed on failure). */
  file: string;
  /** Sent as If-None-Match: the service may answer 304. */
  etag: string | null;
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
}

export type DirectoryDownloadResult = { status: 'downloaded'; bytes: number; etag: string | null } | { status: 'not-modified' };

/** Streams a URL to a file (main/platform/directory-download.ts on Node). */
export interface DirectoryDownloader {
  download(request: DirectoryDownloadRequest): Promise<DirectoryDownloadResult>;
}

const LastGood = z
  .object({
    url: z.string(),
    etag: z.string().max(256).nullable(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    directoryId: z.string(),
    version: z.number().int().nonnegative(),
    fetchedAt: z.string(),
  })
  .strict();
type LastGood = z.infer<typeof LastGood>;

export interface DirectoryUpdateStatus {
  /** not-configured: no directoryUrl; installed: a new file was applied; unchanged: nothing new; refused/failed: kept the last good. */
  state: 'idle' | 'not-configured' | 'installed' | 'unchanged' | 'refused' | 'failed';
  url: string | null;
  checkedAt: string | null;
  installedVersion: number | null;
  /** Why the last refresh did not install: a stable code and a sentence. */
  error?: { code: string; message: string };
}

export interface DirectoryUpdaterOptions {
  db: CacheDatabase;
  settings: Pick<SettingsService, 'get' | 'subscribe'>;
  download: DirectoryDownloader;
  /** Where the last good file and the partial download live. */
  dir: string;
  /** The keys pinned in the app (pinned-keys.ts); the directoryPublicKey setting adds one. */
  pinnedKeys: readonly KeyObject[];
  clock: Clock;
  logger: Logger;
  refreshMs?: number;
  timeoutMs?: number;
  maxBytes?: number;
}

const SIX_HOURS = 6 * 60 * 60 * 1000;

export function directoryFileUrl(setting: string): string {
  return setting.endsWith('/') ? `${setting}directory.rdir` : setting;
}

/** The directoryPublicKey setting as a key (PEM, or base64 SPKI DER); the schema already checked it. */
export function settingPublicKey(value: string): KeyObject | null {
  const text = value.trim();
  if (text === '') return null;
  return text.startsWith('-----BEGIN') ? createPublicKey(text) : createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export class DirectoryUpdater {
  private readonly refreshMs: number;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly lastGoodFile: string;
  private readonly lastGoodMeta: string;
  private readonly partFile: string;
  private current: DirectoryUpdateStatus = { state: 'idle', url: null, checkedAt: null, installedVersion: null };
  private running: Promise<DirectoryUpdateStatus> | undefined;
  private again = false;
  private timer: ReturnType<typeof setInterval> | undefined;
  private unsubscribe: (() => void) | undefined;
  private readonly abort = new AbortController();

  constructor(private readonly options: DirectoryUpdaterOptions) {
    this.refreshMs = options.refreshMs ?? SIX_HOURS;
    this.timeoutMs = options.timeoutMs ?? 10 * 60 * 1000;
    this.maxBytes = options.maxBytes ?? 512 * 1024 * 1024;
    this.lastGoodFile = path.join(options.dir, 'last-good.rdir');
    this.lastGoodMeta = path.join(options.dir, 'last-good.json');
    this.partFile = path.join(options.dir, 'download.part');
  }

  status(): DirectoryUpdateStatus {
    if (this.abort.signal.aborted) return this.current; // stopped: the cache may be closed
    this.current = { ...this.current, installedVersion: this.sync().installed()?.version ?? null };
    return this.current;
  }

  /** Restores the last good copy if the cache lost it, refreshes once, then keeps refreshing. */
  async start(): Promise<DirectoryUpdateStatus> {
    await this.restoreLastGood();
    this.unsubscribe = this.options.settings.subscribe((change) => {
      if (change.changed.includes('directoryUrl') || change.changed.includes('directoryPublicKey')) void this.refresh();
    });
    if (this.refreshMs > 0) {
      this.timer = setInterval(() => void this.refresh(), this.refreshMs);
      this.timer.unref();
    }
    return this.refresh();
  }

  /** Stops the timer and the subscription, aborts a download, and waits for a refresh in flight to end. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribe?.();
    this.abort.abort();
    await this.running?.catch(() => undefined);
  }

  /** One refresh at a time; a call during one queues exactly one more (the settings may have changed meanwhile). */
  refresh(): Promise<DirectoryUpdateStatus> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        let result: DirectoryUpdateStatus;
        do {
          this.again = false;
          result = await this.refreshOnce();
        } while (this.again && !this.abort.signal.aborted);
        return result;
      } finally {
        this.running = undefined;
      }
    })();
    return this.running;
  }

  private sync(): DirectorySync {
    const extra = settingPublicKey(this.options.settings.get('directoryPublicKey'));
    return new DirectorySync(this.options.db, { trustedKeys: [...this.options.pinnedKeys, ...(extra ? [extra] : [])], clock: this.options.clock, logger: this.options.logger });
  }

  private async readLastGood(): Promise<LastGood | null> {
    try {
      return LastGood.parse(JSON.parse(await readFile(this.lastGoodMeta, 'utf8')));
    } catch {
      return null;
    }
  }

  private async restoreLastGood(): Promise<void> {
    const sync = this.sync();
    if (sync.installed() || !existsSync(this.lastGoodFile)) return;
    try {
      const result = await sync.apply(this.lastGoodFile);
      this.options.logger.info('directory restored from the last good download', { directoryId: result.directoryId, version: result.version });
    } catch (error) {
      this.options.logger.warn('the last good directory could not be restored', { code: (error as { code?: string }).code, reason: (error as Error).message });
    }
  }

  private finish(status: Omit<DirectoryUpdateStatus, 'checkedAt' | 'installedVersion'>): DirectoryUpdateStatus {
    this.current = { ...status, checkedAt: new Date(this.options.clock.now()).toISOString(), installedVersion: null };
    return this.status();
  }

  private async refreshOnce(): Promise<DirectoryUpdateStatus> {
    if (this.abort.signal.aborted) return this.current;
    const setting = this.options.settings.get('directoryUrl');
    if (!setting) return this.finish({ state: 'not-configured', url: null });
    const url = directoryFileUrl(setting);
    await mkdir(this.options.dir, { recursive: true, mode: 0o700 });
    const lastGood = await this.readLastGood();
    const sync = this.sync();
    const installed = sync.installed();
    const lastGoodInstalled = lastGood !== null && installed?.directoryId === lastGood.directoryId && installed.version === lastGood.version;
    try {
      const result = await this.options.download.download({
        url,
        file: this.partFile,
        etag: lastGood?.url === url && lastGoodInstalled ? lastGood.etag : null,
        timeoutMs: this.timeoutMs,
        maxBytes: this.maxBytes,
        signal: this.abort.signal,
      });
      if (result.status === 'not-modified') return this.finish({ state: 'unchanged', url });
      const sha256 = await sha256Of(this.partFile);
      if (lastGoodInstalled && sha256 === lastGood.sha256) {
        await rm(this.partFile, { force: true });
        if (lastGood.etag !== result.etag || lastGood.url !== url) await this.writeLastGood({ ...lastGood, url, etag: result.etag });
        return this.finish({ state: 'unchanged', url });
      }
      // Signature and hash first; nothing is touched unless both hold (DirectorySync).
      if (this.abort.signal.aborted) throw new Error('stopped');
      const applied = await sync.apply(this.partFile);
      await rename(this.partFile, this.lastGoodFile);
      await this.writeLastGood({ url, etag: result.etag, sha256, directoryId: applied.directoryId, version: applied.version, fetchedAt: new Date(this.options.clock.now()).toISOString() });
      this.options.logger.info('directory downloaded and installed', { url, directoryId: applied.directoryId, version: applied.version, previousVersion: applied.previousVersion, records: applied.records });
      return this.finish({ state: 'installed', url });
    } catch (error) {
      await rm(this.partFile, { force: true });
      if (this.abort.signal.aborted) return this.current;
      const code = (error as { code?: string }).code;
      const refused = typeof code === 'string' && code.startsWith('DIRECTORY_');
      const message = (error as Error)?.message ?? String(error);
      this.options.logger.warn(refused ? 'downloaded directory refused; keeping the last good one' : 'directory download failed; keeping the last good one', { url, code, reason: message });
      return this.finish({ state: refused ? 'refused' : 'failed', url, error: { code: refused ? code! : 'DIRECTORY_DOWNLOAD_FAILED', message } });
    }
  }

  private async writeLastGood(meta: LastGood): Promise<void> {
    const temp = `${this.lastGoodMeta}.tmp`;
    await writeFile(temp, `${JSON.stringify(LastGood.parse(meta), null, 2)}\n`, { mode: 0o600 });
    await rename(temp, this.lastGoodMeta);
  }
}
