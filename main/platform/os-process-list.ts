/**
 * Running processes from the OS's own tool, run with an argument array (never a shell):
 * `ps` on macOS and Linux, `tasklist` on Windows.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { ProcessInfo, ProcessList } from '../engine/ports/process-list.js';

const run = promisify(execFile);

export class OsProcessList implements ProcessList {
  constructor(private readonly platform: NodeJS.Platform = process.platform) {}

  async list(): Promise<ProcessInfo[]> {
    if (this.platform === 'win32') {
      const { stdout } = await run('tasklist', ['/fo', 'csv', '/nh'], { timeout: 5000, windowsHide: true, maxBuffer: 8 * 1024 * 1024 });
      return parseTasklistCsv(stdout);
    }
    const { stdout } = await run('ps', ['-A', '-o', 'pid=', '-o', 'comm='], { timeout: 5000, maxBuffer: 8 * 1024 * 1024 });
    return parsePs(stdout);
  }
}

export function parsePs(output: string): ProcessInfo[] {
  const processes: ProcessInfo[] = [];
  for (const line of output.split('\n')) {
    const match = /^\s*(\d+)\s+(.+?)\s*$/.exec(line);
    if (match) processes.push({ pid: Number(match[1]), name: match[2]!.split('/').pop()! });
  }
  return processes;
}

/** `"Teams.exe","1234","Console","1","180,000 K"` per line. */
export function parseTasklistCsv(output: string): ProcessInfo[] {
  const processes: ProcessInfo[] = [];
  for (const line of output.split(/\r?\n/)) {
    const fields = [...line.matchAll(/"((?:[^"]|"")*)"/g)].map((m) => m[1]!.replace(/""/g, '"'));
    if (fields.length >= 2 && /^\d+$/.test(fields[1]!)) processes.push({ pid: Number(fields[1]), name: fields[0]! });
  }
  return processes;
}
