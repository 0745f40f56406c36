/**
 * `npm start` on a machine where Electron cannot run (this one: no display, no Electron
 * binary): one line saying why, then the same UI served with the demo world on 127.0.0.1.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { freshHome, root } from './harness.js';

let stop: (() => void) | undefined;
let home: ReturnType<typeof freshHome> | undefined;
afterEach(() => {
  stop?.();
  home?.remove();
});

test('npm start falls back to serving the demo world and says why in one line', async () => {
  home = freshHome();
  const env: NodeJS.ProcessEnv = { ...process.env, ROAMDESK_HOME: home.dir, DISPLAY: '', WAYLAND_DISPLAY: '', ROAMDESK_WORLD: '' };
  const child = spawn(process.execPath, [path.join(root, 'scripts', 'start.mjs')], { cwd: root, env });
  stop = () => child.kill('SIGTERM');
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no URL: ${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /(http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}: ${output}`)));
  });

  const lines = output.trim().split('\n');
  expect(lines[0]).toMatch(/^roamdesk: not launching the Electron app \(there is no display.*\); serving the same UI with the demo world instead\.$/);
  expect(lines[1]).toContain('Roamdesk demo world');

  const page = await fetch(url);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<div id="root">');
});
