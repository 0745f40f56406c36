/**
 * A file only this user can read, for as long as one call needs it: a fresh directory
 * (mkdtemp, 0700) holding one file (0600, created exclusively), removed in `finally`
 * whatever happens. netsh `add profile` reads the profile — passphrase included — only from
 * a file; this keeps that file's life to the one netsh call. (WlanSetProfile through koffi
 * takes the XML in memory and needs no file: see docs/wifi-drivers.md.)
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface PrivateFiles {
  withFile<T>(name: string, content: string, use: (filePath: string) => Promise<T>): Promise<T>;
}

export class TempPrivateFiles implements PrivateFiles {
  constructor(private readonly baseDir: string = os.tmpdir()) {}

  async withFile<T>(name: string, content: string, use: (filePath: string) => Promise<T>): Promise<T> {
    const dir = await mkdtemp(path.join(this.baseDir, 'roamdesk-'));
    try {
      const filePath = path.join(dir, name);
      await writeFile(filePath, content, { mode: 0o600, flag: 'wx' });
      return await use(filePath);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}
