/**
 * Live pickup of a policy file: watch its folder (an MDM or `cp` replaces the file by
 * rename, which a watch on the file itself would miss) and call back once per burst of
 * events (debounced). When the folder does not exist yet, or fs.watch is unavailable, fall
 * back to stat polling of the file (fs.watchFile), which also notices its creation.
 * Callers re-read on every call and compare, so a spurious call costs one read.
 */
import { type FSWatcher, existsSync, unwatchFile, watch, watchFile } from 'node:fs';
import path from 'node:path';

export interface WatchOptions {
  debounceMs?: number;
  pollMs?: number;
}

export function watchPolicyFile(file: string, onChange: () => void, options: WatchOptions = {}): () => void {
  const debounceMs = options.debounceMs ?? 250;
  const pollMs = options.pollMs ?? 5_000;
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      onChange();
    }, debounceMs);
    timer.unref?.();
  };

  const dir = path.dirname(file);
  const base = path.basename(file);
  let watcher: FSWatcher | undefined;
  if (existsSync(dir)) {
    try {
      watcher = watch(dir, { persistent: false }, (_event, name) => {
        if (name === null || name === undefined || String(name) === base) fire();
      });
      watcher.on('error', () => {
        watcher?.close();
        watcher = undefined;
        startPolling();
      });
    } catch {
      watcher = undefined;
    }
  }
  let polling = false;
  const listener = () => fire();
  function startPolling(): void {
    if (polling) return;
    polling = true;
    watchFile(file, { interval: pollMs, persistent: false }, listener);
  }
  if (!watcher) startPolling();
  // One catch-up check: a change between the caller's last read and the watch (or the
  // polling baseline) taking effect would otherwise go unseen.
  fire();

  return () => {
    if (timer) clearTimeout(timer);
    watcher?.close();
    if (polling) unwatchFile(file, listener);
  };
}
