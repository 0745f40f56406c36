// npm run bench:idle — how much CPU an idle `roamdesk serve` costs (target: < 2% of a core).
//
// Runs three processes side by side for the same window and reads their CPU time from
// /proc (Linux): a baseline Node process that only keeps its event loop alive, `roamdesk
// serve` with no UI attached, and `roamdesk serve` with one UI attached over the WebSocket
// (receiving the background-scan events a real window would). Prints each as % of one core
// and as a ratio to the baseline. Usage: node scripts/bench/idle-serve.mjs [seconds=30]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const seconds = Number(process.argv[2] ?? 30);
const warmupMs = 3000;
if (process.platform !== 'linux') {
  console.error('bench:idle reads /proc and runs on Linux only');
  process.exit(2);
}
const ticksPerSecond = 100; // USER_HZ on Linux

function cpuSeconds(pid) {
  // Fields 14 and 15 of /proc/<pid>/stat: utime and stime, in clock ticks. The command
  // name (field 2) may contain spaces, so split after its closing parenthesis.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

function startServe(label) {
  const home = mkdtempSync(path.join(os.tmpdir(), `roamdesk-bench-${label}-`));
  const child = spawn(process.execPath, [path.join(root, 'bin', 'roamdesk.mjs'), 'serve', '--world', path.join(root, 'assets', 'worlds', 'demo.json'), '--json'], {
    cwd: root,
    env: { ...process.env, ROAMDESK_HOME: home },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /"url":\s*"([^"]+)"/.exec(out);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  return { label, child, ready, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

async function attachUi(url) {
  const { origin, hash } = new URL(url);
  const token = new URLSearchParams(hash.slice(1)).get('token');
  const socket = new WebSocket(`${origin.replace('http', 'ws')}/rpc`, ['roamdesk.v1', `roamdesk.token.${token}`], { headers: { origin } });
  let events = 0;
  socket.on('message', () => (events += 1));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  socket.send(JSON.stringify({ id: 1, method: 'wifi.scan', params: {} }));
  return { socket, events: () => events };
}

const baseline = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
const bare = startServe('bare');
const withUi = startServe('ui');
const [, uiUrl] = await Promise.all([bare.ready, withUi.ready]);
const ui = await attachUi(uiUrl);
await new Promise((resolve) => setTimeout(resolve, warmupMs));

const subjects = [
  { label: 'baseline node (empty event loop)', pid: baseline.pid },
  { label: 'roamdesk serve, no UI attached', pid: bare.child.pid },
  { label: 'roamdesk serve, one UI attached', pid: withUi.child.pid },
];
const before = subjects.map((s) => cpuSeconds(s.pid));
const eventsBefore = ui.events();
const started = process.hrtime.bigint();
process.stdout.write(`measuring ${seconds} s of idle ...\n`);
await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
const after = subjects.map((s) => cpuSeconds(s.pid));

const percents = subjects.map((s, i) => (100 * (after[i] - before[i])) / wallSeconds);
console.log(`\nidle CPU over ${wallSeconds.toFixed(1)} s (resolution 0.01 s of CPU time)`);
for (const [i, s] of subjects.entries()) {
  const ratio = percents[0] > 0 ? `${(percents[i] / percents[0]).toFixed(1)}× baseline` : 'baseline ≈ 0';
  console.log(`  ${s.label.padEnd(36)} ${(after[i] - before[i]).toFixed(2).padStart(6)} s CPU  ${percents[i].toFixed(2).padStart(6)} % of a core  (${i === 0 ? 'baseline' : ratio})`);
}
console.log(`  events pushed to the attached UI: ${ui.events() - eventsBefore}`);
const worst = Math.max(percents[1], percents[2]);
console.log(`\nresult: ${worst < 2 ? 'PASS' : 'FAIL'} — worst idle serve ${worst.toFixed(2)} % of a core (target < 2 %)`);

ui.socket.close();
for (const p of [baseline, bare.child, withUi.child]) p.kill('SIGTERM');
await new Promise((resolve) => setTimeout(resolve, 300));
bare.cleanup();
withUi.cleanup();
process.exit(worst < 2 ? 0 : 1);
