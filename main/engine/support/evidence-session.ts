/**
 * "Collect diagnostics" in the app: run diagnostics, then prepare a log bundle from the
 * app's logs plus the diagnostics report and the connection state, let the person look at
 * every item as it will be sent and remove what they do not want to send, and save it.
 * The flight recorder's waiting snapshots ride along as items of their own; once a bundle
 * holding them is saved for sending (a case, an approved log request), they leave the queue.
 * Previews are kept here between calls (their per-bundle salt never leaves the process);
 * at most a few, the oldest dropped.
 */
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AppInfo, ConnectionState } from '../../../preload/contract.js';
import type { DiagnosticsProgress, DiagnosticsReport } from '../diagnostics/run-diagnostics.js';
import type { Clock } from '../ports/clock.js';
import { BundleError } from './bundle/bundle-error.js';
import { type BundlePreview, type BundleProgress, type MemoryItemInput, type PreviewItem, previewBundle } from './bundle/index.js';

export interface EvidenceDeps {
  info: () => Promise<AppInfo>;
  connection: () => ConnectionState;
  diagnose: (pingSeconds: number, onProgress?: (progress: DiagnosticsProgress) => void) => Promise<DiagnosticsReport>;
  clock: Clock;
  /** Where previews spool their redacted, compressed items (the app's data folder; default the OS temp folder). */
  spoolRoot?: string;
  /** The flight recorder's queue: snapshots waiting to be sent, and how they leave it. */
  snapshots?: {
    waiting(): Promise<Array<{ id: string; snapshot: unknown }>>;
    sent(ids: string[]): Promise<void>;
  };
}

const SNAPSHOT_PREFIX = 'flight-recorder/';

export interface BundlePreviewView {
  bundleId: string;
  level: string;
  contentBytes: number;
  sizeCapBytes: number;
  fits: boolean;
  items: Array<{ name: string; category: string; status: string; bytes: number; redactions: number }>;
}

const MAX_PREVIEWS = 3;
const ITEM_VIEW_BYTES = 64 * 1024;

export class EvidenceSessions {
  private lastReport: DiagnosticsReport | null = null;
  private readonly previews = new Map<string, BundlePreview>();
  /** Per preview, the snapshot items it holds (item name → snapshot id). */
  private readonly snapshotItems = new Map<string, Map<string, string>>();

  constructor(private readonly deps: EvidenceDeps) {}

  async diagnose(pingSeconds: number, onProgress?: (progress: DiagnosticsProgress) => void): Promise<DiagnosticsReport> {
    this.lastReport = await this.deps.diagnose(pingSeconds, onProgress);
    return this.lastReport;
  }

  /** The checklist of the last diagnostics run (sent with a support case), when there was one. */
  lastChecklist(): ReadonlyArray<{ id: string; label: string; value: string; status: string }> | undefined {
    return this.lastReport?.checklist.items;
  }

  async preview(onProgress?: (progress: BundleProgress) => void): Promise<BundlePreviewView> {
    const info = await this.deps.info();
    const items: MemoryItemInput[] = [
      { name: 'app/info.json', category: 'settings', json: info },
      { name: 'connection/state.json', category: 'diagnostics', json: this.deps.connection() },
      ...(this.lastReport ? [{ name: 'diagnostics/report.json', category: 'diagnostics' as const, json: this.lastReport }] : []),
    ];
    const snapshots = new Map<string, string>();
    for (const { id, snapshot } of (await this.deps.snapshots?.waiting()) ?? []) {
      const name = `${SNAPSHOT_PREFIX}${id}.json`;
      snapshots.set(name, id);
      items.push({ name, category: 'diagnostics', json: snapshot });
    }
    const preview = await previewBundle({
      logs: logFiles(info.logDir),
      items,
      trigger: { kind: 'user' },
      ...(this.deps.spoolRoot ? { spoolDir: this.deps.spoolRoot } : {}),
      client: { version: info.version, host: info.host, platform: info.platform },
      ...(onProgress ? { onProgress } : {}),
    });
    this.previews.set(preview.bundleId, preview);
    this.snapshotItems.set(preview.bundleId, snapshots);
    while (this.previews.size > MAX_PREVIEWS) {
      const oldest = this.previews.keys().next().value!;
      // Its spool of redacted, compressed items goes with it, not at the 30-minute expiry.
      this.previews.get(oldest)?.dispose();
      this.previews.delete(oldest);
      this.snapshotItems.delete(oldest);
    }
    return view(preview);
  }

  async item(bundleId: string, name: string): Promise<{ name: string; text: string; truncated: boolean }> {
    const preview = this.get(bundleId);
    const item = preview.items().find((i) => i.name === name);
    if (!item) throw new BundleError('BUNDLE_ITEM_UNKNOWN', `The bundle has no item "${name}".`);
    const text = await preview.render(name, { maxBytes: ITEM_VIEW_BYTES });
    return { name, text, truncated: item.bytes > ITEM_VIEW_BYTES };
  }

  async remove(bundleId: string, name: string): Promise<BundlePreviewView> {
    const preview = this.get(bundleId);
    await preview.remove(name);
    return view(preview);
  }

  /**
   * Writes the zip into `dir` (owner-only), as the person approved it in the preview. With
   * `sending`, the bundle is on its way to support (queued in the outbox, which survives a
   * restart), so the snapshots it carries leave the recorder's queue; a bundle only saved to
   * a file leaves them waiting.
   */
  async save(bundleId: string, dir: string, onProgress?: (progress: BundleProgress) => void, options: { sending?: boolean } = {}): Promise<{ path: string; sha256: string; bytes: number }> {
    const preview = this.get(bundleId);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stamp = new Date(this.deps.clock.now()).toISOString().replace(/[:.]/g, '-');
    const file = path.join(dir, `roamdesk-bundle-${stamp}.zip`);
    const result = await preview.build({
      out: file,
      consent: { approvedAt: new Date(this.deps.clock.now()).toISOString(), via: 'app', statement: 'Reviewed in the preview and saved by the user.' },
      ...(onProgress ? { onProgress } : {}),
    });
    this.previews.delete(bundleId);
    const carried = this.snapshotItems.get(bundleId) ?? new Map<string, string>();
    this.snapshotItems.delete(bundleId);
    if (options.sending && this.deps.snapshots) {
      // Only the snapshots that went into the zip: one the person removed in the preview, or
      // one the size cap left out, keeps waiting.
      const kept = new Set(preview.items().filter((item) => item.status !== 'removed' && item.status !== 'omitted').map((item) => item.name));
      const ids = [...carried].filter(([name]) => kept.has(name)).map(([, id]) => id);
      if (ids.length > 0) await this.deps.snapshots.sent(ids);
    }
    return { path: result.path ?? file, sha256: result.sha256, bytes: result.bytes };
  }

  private get(bundleId: string): BundlePreview {
    const preview = this.previews.get(bundleId);
    if (!preview) throw new BundleError('BUNDLE_ITEM_UNKNOWN', 'That bundle preview has expired.', { hint: 'Prepare the bundle again.' });
    return preview;
  }
}

function view(preview: BundlePreview): BundlePreviewView {
  return {
    bundleId: preview.bundleId,
    level: preview.level,
    contentBytes: preview.contentBytes,
    sizeCapBytes: preview.sizeCapBytes,
    fits: preview.fits,
    items: preview.items().map((item: PreviewItem) => ({
      name: item.name,
      category: item.category,
      status: item.status,
      bytes: item.bytes,
      redactions: Object.values(item.redactions).reduce((sum, n) => sum + (n ?? 0), 0),
    })),
  };
}

function logFiles(logDir: string): string[] {
  try {
    return readdirSync(logDir)
      .filter((name) => /\.(log|txt)$/i.test(name))
      .map((name) => path.join(logDir, name))
      .filter((file) => statSync(file).isFile());
  } catch {
    return [];
  }
}
