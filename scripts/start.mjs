// `npm start`: launches the Electron app where Electron can run. Where it cannot (no display,
// or no Electron binary — Electron ≥ 42 does not download it at install, and some machines
// cannot fetch it at all), says so in one line and serves the same UI with the demo world
// on a printed 127.0.0.1 URL through the Node host.
//
// This script never requires the `electron` package: its entry point downloads the binary
// on first use, which must not happen behind a user's back.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const demoWorld = path.join(root, 'assets', 'worlds', 'demo.json');

function electronBinary() {
  const packageDir = path.join(root, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return { missing: "Electron's binary is not installed (`npx install-electron` fetches it where downloads work)" };
  const relative = readFileSync(pathFile, 'utf8').trim();
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(packageDir, 'dist');
  const binary = path.join(distDir, relative);
  return existsSync(binary) ? { binary } : { missing: `Electron's binary is missing at ${binary}` };
}

function hasDisplay() {
  if (process.platform === 'win32' || process.platform === 'darwin') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function ensureBuilt() {
  const needed = ['out/host/cli.js', 'out/app/main.cjs', 'out/preload/index.cjs', 'out/renderer/index.html'];
  if (needed.every((file) => existsSync(path.join(root, file)))) return;
  const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

function run(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

ensureBuilt();

const electron = electronBinary();
const display = hasDisplay();
// The demo world unless ROAMDESK_WORLD names another; `ROAMDESK_WORLD=none npm start` runs on
// this computer's own Wi-Fi through the platform's driver.
const world = process.env.ROAMDESK_WORLD === 'none' ? '' : process.env.ROAMDESK_WORLD || demoWorld;
if (electron.binary && display) {
  run(electron.binary, [root], { ...process.env, ROAMDESK_WORLD: world });
} else {
  const reasons = [];
  if (!display) reasons.push('there is no display');
  if (electron.missing) reasons.push(electron.missing);
  const reason = reasons.join('; ');
  console.log(`roamdesk: not launching the Electron app (${reason}); serving the same UI with the demo world instead.`);
  run(process.execPath, [path.join(root, 'bin', 'roamdesk.mjs'), 'serve', ...(world ? ['--world', world] : [])]);
}
