/**
 * End-to-end harness: runs the real `roamdesk` host as a child process (exactly as a user
 * would, through bin/roamdesk.mjs and the built output) and Debian's Chromium through
 * playwright-core. Nothing is mocked; only the radio is simulated, by the world file.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium } from 'playwright-core';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const demoWorld = path.join(root, 'assets', 'worlds', 'demo.json');
export const cliPath = path.join(root, 'bin', 'roamdesk.mjs');
export const chromiumPath = process.env.ROAMDESK_CHROMIUM ?? '/usr/bin/chromium';
export const resultsDir = path.join(root, 'test-results');

export function freshHome(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'roamdesk-e2e-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], home: string, input?: string): CliResult {
  const result = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: root,
    env: { ...process.env, ROAMDESK_HOME: home, ROAMDESK_WORLD: '' },
    encoding: 'utf8',
    timeout: 30_000,
    ...(input !== undefined ? { input } : {}),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export interface ServeProcess {
  url: string;
  origin: string;
  child: ChildProcessWithoutNullStreams;
  stop(): Promise<void>;
}

export async function startServe(home: string, world = demoWorld, env: Record<string, string> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [cliPath, 'serve', '--world', world, '--json'], {
    cwd: root,
    env: { ...process.env, ROAMDESK_HOME: home, ...env },
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`roamdesk serve did not start: ${output}`)), 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"url":\s*"([^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`roamdesk serve exited with ${code}: ${output}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}
