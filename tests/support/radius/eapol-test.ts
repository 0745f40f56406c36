/**
 * Runs wpa_supplicant's `eapol_test` (Debian package `eapoltest`) once against a RADIUS
 * server: it plays supplicant *and* authenticator, so a wpa_supplicant-format network block
 * is authenticated end to end over RADIUS without any radio or interface.
 *
 * The config (which holds user passwords and key passphrases) goes to a private temp file
 * (dir 0700, file 0600) deleted right after the run; it is never put on argv. Only the lab's
 * throw-away RADIUS shared secret is passed with `-s`, because eapol_test has no other way
 * to take it.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findLabTool, LabToolMissingError } from './prerequisites.js';

export interface EapolTestTarget {
  port: number;
  secret: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** eapol_test's own timeout for the whole authentication (`-t`), seconds; default 10. */
  timeoutS?: number;
}

export interface EapolTestResult {
  /** eapol_test exited 0 and printed SUCCESS (EAP success and matching MSK on both sides). */
  ok: boolean;
  exitCode: number | null;
  /** stdout + stderr of eapol_test (its full debug trace). */
  log: string;
  durationMs: number;
}

/** Authenticates one wpa_supplicant `network={…}` block (plus optional globals) with eapol_test. */
export async function runEapolTest(configText: string, target: EapolTestTarget): Promise<EapolTestResult> {
  const binary = findLabTool('eapolTest');
  if (!binary) throw new LabToolMissingError(['eapolTest']);
  const timeoutS = target.timeoutS ?? 10;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'roamdesk-eapol-'));
  const started = Date.now();
  try {
    const file = path.join(dir, 'supplicant.conf');
    await writeFile(file, configText, { mode: 0o600 });
    const args = ['-c', file, '-a', target.host ?? '127.0.0.1', '-p', String(target.port), '-s', target.secret, '-t', String(timeoutS)];
    return await new Promise<EapolTestResult>((resolve) => {
      execFile(binary, args, { cwd: dir, timeout: (timeoutS + 10) * 1000, maxBuffer: 32 * 1024 * 1024, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
        const log = `${String(stdout)}${String(stderr)}`;
        const exitCode = error ? (typeof error.code === 'number' ? error.code : null) : 0;
        const lastLine = String(stdout).trimEnd().split('\n').at(-1) ?? '';
        resolve({ ok: exitCode === 0 && lastLine === 'SUCCESS', exitCode, log, durationMs: Date.now() - started });
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

