/**
 * A throw-away PostgreSQL cluster for the relay's PostgreSQL tests: `initdb` into a temp dir and
 * `postgres -D <tmp> -k <tmp> -p <free port> -h 127.0.0.1`, as the `postgres` system user when
 * the tests run as root (PostgreSQL refuses root), else as the current user. Trust auth is fine:
 * the cluster listens on loopback and a private socket dir only, and is deleted afterwards.
 * Needs Debian's `postgresql` (server binaries under /usr/lib/postgresql/<v>/bin) and npm `pg`.
 * Missing pieces are errors, never skips.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../support/free-port.js';

export interface PgLab {
  /** Creates an empty database and returns its connection URL. */
  newDatabase(): Promise<string>;
  stop(): Promise<void>;
}

function serverBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(path.join(root, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql/<version>/bin. Install them: apt-get install -y postgresql');
  }
  return path.join(root, versions[0]!, 'bin');
}

function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (id.status === 0 && gid.status === 0) return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
  const nobody = spawnSync('id', ['-u', 'nobody'], { encoding: 'utf8' });
  const nogroup = spawnSync('id', ['-g', 'nobody'], { encoding: 'utf8' });
  if (nobody.status === 0) return { uid: Number(nobody.stdout.trim()), gid: Number(nogroup.stdout.trim()) };
  throw new Error('Running as root and neither the postgres nor the nobody user exists to run PostgreSQL.');
}

interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}

async function pgClient(url: string): Promise<PgClient> {
  const specifier = 'pg';
  const mod = (await import(specifier)) as { default?: { Client: new (c: { connectionString: string }) => PgClient }; Client?: new (c: { connectionString: string }) => PgClient };
  const Client = mod.default?.Client ?? mod.Client;
  if (!Client) throw new Error('npm package `pg` is not installed');
  return new Client({ connectionString: url });
}

export async function startPostgres(): Promise<PgLab> {
  const bin = serverBin();
  const user = runAs();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'roamdesk-pg-'));
  const data = path.join(dir, 'data');
  if (user) chownSync(dir, user.uid, user.gid);
  const as = user ? { uid: user.uid, gid: user.gid } : {};
  const env = { ...process.env, LC_ALL: 'C', HOME: dir };
  const init = spawnSync(path.join(bin, 'initdb'), ['-D', data, '-U', 'relay', '--auth=trust', '-E', 'UTF8', '--no-locale'], { ...as, env, encoding: 'utf8', cwd: dir });
  if (init.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed (${init.status}):\n${init.stdout}\n${init.stderr}`);
  }
  const port = await freePort();
  let log = '';
  const child: ChildProcess = spawn(path.join(bin, 'postgres'), ['-D', data, '-k', dir, '-p', String(port), '-h', '127.0.0.1', '-c', 'fsync=off', '-c', 'full_page_writes=off'], {
    ...as,
    env,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  const base = `postgresql://relay@127.0.0.1:${port}`;

  const stop = async (): Promise<void> => {
    if (!exited) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGINT'); // fast shutdown
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`postgres exited during start-up:\n${log}`);
    }
    const client = await pgClient(`${base}/postgres`);
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      break;
    } catch {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`postgres did not accept connections in time:\n${log}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  let n = 0;
  return {
    async newDatabase() {
      n += 1;
      const name = `relay_${process.pid}_${n}`;
      const client = await pgClient(`${base}/postgres`);
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      return `${base}/${name}`;
    },
    stop,
  };
}
