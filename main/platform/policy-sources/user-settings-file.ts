/**
 * The user's own settings: one JSON object in `<data dir>/settings.json` (see
 * app-paths.ts; ROAMDESK_HOME moves it). Written atomically (temp file + rename) so a
 * crash never leaves half a file; read leniently (a missing file is no settings).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { UserSettingsStore } from '../../engine/policy/policy-source.js';
import { watchPolicyFile } from './file-watch.js';
import { parsePolicyJson } from './json-policy-file.js';

export class UserSettingsFile implements UserSettingsStore {
  readonly origin: string;

  constructor(readonly file: string) {
    this.origin = file;
  }

  async read(): Promise<Record<string, unknown>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    return parsePolicyJson(text, this.file);
  }

  async write(values: Record<string, unknown>): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(values, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, this.file);
  }

  watch(onChange: () => void): () => void {
    return watchPolicyFile(this.file, onChange);
  }
}
