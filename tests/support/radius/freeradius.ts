/**
 * A private FreeRADIUS 3 instance for one test file: a minimal config directory written from
 * scratch into a temp dir (nothing is read from or written to /etc/freeradius), listening for
 * Access-Requests only on 127.0.0.1:<random free port> with a random shared secret, started
 * in the foreground with the full debug log (`-X`) captured in memory for diagnostics.
 *
 * Methods: EAP-TLS, PEAP (inner EAP-MSCHAPv2), EAP-TTLS (inner PAP, MSCHAPv2, EAP-MSCHAPv2);
 * TLS 1.2 and 1.3. `reject_delay = 0` so negative cases cost no extra second.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { findLabTool, LabToolMissingError } from './prerequisites.js';
import type { TestPki } from './test-pki.js';

export interface RadiusUser {
  /** User-Name as the inner (phase 2) identity sends it. */
  name: string;
  /** Stored as Cleartext-Password (works for PAP, MSCHAPv2 and EAP-MSCHAPv2). */
  password: string;
}

export interface StartFreeRadiusOptions {
  users: RadiusUser[];
  /** Server cert/key and the CA that client certificates (EAP-TLS) must chain to. */
  pki: Pick<TestPki, 'caCert' | 'server'>;
  /** Highest TLS version the server offers (default '1.3'; wpa_supplicant 2.10 itself stops at 1.2 unless told). */
  tlsMaxVersion?: '1.2' | '1.3';
  /**
   * EAP-MSCHAPv2 failures: true (default here, like Windows NPS) sends the MS-CHAPv2 failure
   * packet `E=691 R=1 …` inside the tunnel so the supplicant learns "credentials rejected";
   * false (FreeRADIUS's own default) sends a bare EAP-Failure.
   */
  mschapv2SendError?: boolean;
  /** How long to wait for "Ready to process requests" (default 15 s). */
  readyTimeoutMs?: number;
}

export interface FreeRadius {
  host: '127.0.0.1';
  port: number;
  /** The private config directory (removed by `stop()`). */
  dir: string;
  /** Process id of the running server. */
  pid: number;
  /** The RADIUS shared secret for client 127.0.0.1 (random per start). */
  secret: string;
  /** The debug log so far (stdout + stderr, capped at the last 8 MB). */
  log(): string;
  /** A position in the log; pass it to `logSince` to read what one case produced. */
  mark(): number;
  logSince(mark: number): string;
  /** Kills the server and removes its config directory. Safe to call twice. */
  stop(): Promise<void>;
}

export class FreeRadiusStartError extends Error {
  constructor(message: string, readonly log: string) {
    super(`${message}\n--- FreeRADIUS log (last 4000 chars) ---\n${log.slice(-4000)}`);
    this.name = 'FreeRadiusStartError';
  }
}

const LOG_CAP = 8 * 1024 * 1024;

function quote(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function assertPlainName(name: string): void {
  if (!/^[A-Za-z0-9@._+-]+$/.test(name)) throw new Error(`RADIUS lab user name ${JSON.stringify(name)}: use letters, digits and @._+- only`);
}

/** A UDP port on 127.0.0.1 that was free a moment ago (the server retries on a bind race). */
export function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

function radiusdConf(dir: string): string {
  return `# Roamdesk RADIUS lab — generated, minimal, private to this run.
prefix = /usr
exec_prefix = /usr
sysconfdir = /etc
localstatedir = ${dir}
sbindir = /usr/sbin
logdir = ${dir}/log
raddbdir = ${dir}
radacctdir = ${dir}/log
name = radiusd
confdir = \${raddbdir}
modconfdir = \${confdir}/mods-config
certdir = \${confdir}/certs
cadir = \${confdir}/certs
run_dir = ${dir}/run
db_dir = ${dir}
libdir = /usr/lib/freeradius
pidfile = \${run_dir}/radiusd.pid
max_request_time = 30
cleanup_delay = 5
max_requests = 16384
hostname_lookups = no
log {
	destination = stdout
	colourise = no
	stripped_names = no
	auth = yes
	auth_badpass = no
	auth_goodpass = no
}
security {
	allow_core_dumps = no
	max_attributes = 200
	reject_delay = 0
	status_server = no
}
proxy_requests = no
$INCLUDE clients.conf
thread pool {
	start_servers = 1
	max_servers = 4
	min_spare_servers = 1
	max_spare_servers = 2
	max_requests_per_server = 0
	auto_limit_acct = no
}
modules {
	$INCLUDE mods-enabled/
}
instantiate {
}
policy {
}
$INCLUDE sites-enabled/
`;
}

function clientsConf(secret: string): string {
  return `client lab {
	ipaddr = 127.0.0.1
	proto = udp
	secret = ${quote(secret)}
	nas_type = other
}
`;
}

function eapModule(tlsMaxVersion: string, sendError: boolean): string {
  return `eap {
	default_eap_type = peap
	timer_expire = 60
	ignore_unknown_eap_types = no
	cisco_accounting_username_bug = no
	max_sessions = \${max_requests}
	tls-config tls-common {
		private_key_file = \${certdir}/server.key
		certificate_file = \${certdir}/server.pem
		ca_file = \${certdir}/ca.pem
		cipher_list = "DEFAULT"
		cipher_server_preference = no
		tls_min_version = "1.2"
		tls_max_version = "${tlsMaxVersion}"
		ecdh_curve = ""
		cache {
			enable = no
		}
		verify {
		}
		ocsp {
			enable = no
		}
	}
	tls {
		tls = tls-common
	}
	ttls {
		tls = tls-common
		default_eap_type = mschapv2
		copy_request_to_tunnel = no
		use_tunneled_reply = no
		virtual_server = "inner-tunnel"
	}
	peap {
		tls = tls-common
		default_eap_type = mschapv2
		copy_request_to_tunnel = no
		use_tunneled_reply = no
		virtual_server = "inner-tunnel"
	}
	mschapv2 {
		send_error = ${sendError ? 'yes' : 'no'}
	}
}
`;
}

function siteDefault(port: number): string {
  return `server default {
listen {
	type = auth
	ipaddr = 127.0.0.1
	port = ${port}
}
authorize {
	eap {
		ok = return
	}
	files
	pap
}
authenticate {
	Auth-Type PAP {
		pap
	}
	eap
}
post-auth {
	Post-Auth-Type REJECT {
		eap
	}
}
}
`;
}

const SITE_INNER_TUNNEL = `server inner-tunnel {
authorize {
	mschap
	eap {
		ok = return
	}
	files
	pap
}
authenticate {
	Auth-Type PAP {
		pap
	}
	Auth-Type MS-CHAP {
		mschap
	}
	eap
}
post-auth {
	Post-Auth-Type REJECT {
		update outer.session-state {
			&Module-Failure-Message := &request:Module-Failure-Message
		}
	}
}
}
`;

function usersFile(users: RadiusUser[]): string {
  return users
    .map((user) => {
      assertPlainName(user.name);
      return `${quote(user.name)} Cleartext-Password := ${quote(user.password)}\n`;
    })
    .join('');
}

async function writeConfig(dir: string, port: number, secret: string, options: StartFreeRadiusOptions): Promise<void> {
  for (const sub of ['certs', 'mods-enabled', 'sites-enabled', 'mods-config/files', 'log', 'run']) {
    await mkdir(path.join(dir, sub), { recursive: true, mode: 0o700 });
  }
  const files: Record<string, string> = {
    'radiusd.conf': radiusdConf(dir),
    'clients.conf': clientsConf(secret),
    'mods-enabled/eap': eapModule(options.tlsMaxVersion ?? '1.3', options.mschapv2SendError ?? true),
    'mods-enabled/mschap': 'mschap {\n\tallow_retry = no\n}\n',
    'mods-enabled/pap': 'pap {\n\tnormalise = yes\n}\n',
    'mods-enabled/files': 'files {\n\tfilename = ${modconfdir}/files/authorize\n}\n',
    'mods-config/files/authorize': usersFile(options.users),
    'sites-enabled/default': siteDefault(port),
    'sites-enabled/inner-tunnel': SITE_INNER_TUNNEL,
  };
  await Promise.all(Object.entries(files).map(([name, text]) => writeFile(path.join(dir, name), text, { mode: 0o600 })));
  await Promise.all([
    copyFile(options.pki.caCert, path.join(dir, 'certs/ca.pem')),
    copyFile(options.pki.server.cert, path.join(dir, 'certs/server.pem')),
    copyFile(options.pki.server.key, path.join(dir, 'certs/server.key')),
  ]);
}

interface Running {
  child: ChildProcess;
  chunks: string[];
  size: { value: number };
  exited: Promise<number | null>;
}

function launch(binary: string, dir: string): Running {
  // -X: foreground, single process, full debug log to stdout. -d: our config dir only.
  const child = spawn(binary, ['-X', '-d', dir, '-n', 'radiusd'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  const chunks: string[] = [];
  const size = { value: 0 };
  const append = (data: Buffer) => {
    const text = data.toString('utf8');
    chunks.push(text);
    size.value += text.length;
    while (size.value > LOG_CAP && chunks.length > 1) size.value -= chunks.shift()!.length;
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (error) => {
      append(Buffer.from(`spawn error: ${error.message}\n`));
      resolve(null);
    });
  });
  return { child, chunks, size, exited };
}

async function waitReady(running: Running, timeoutMs: number): Promise<'ready' | 'bind-failed' | 'exited' | 'timeout'> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void running.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    const text = running.chunks.join('');
    if (text.includes('Ready to process requests')) return 'ready';
    if (/Failed binding to|Address already in use/.test(text)) return 'bind-failed';
    if (exited) return 'exited';
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return 'timeout';
}

async function kill(running: Running): Promise<void> {
  if (running.child.exitCode !== null || running.child.signalCode !== null) return;
  running.child.kill('SIGTERM');
  const timer = setTimeout(() => running.child.kill('SIGKILL'), 3000);
  await running.exited;
  clearTimeout(timer);
}

/** Starts FreeRADIUS and resolves once it answers on 127.0.0.1:<port>. */
export async function startFreeRadius(options: StartFreeRadiusOptions): Promise<FreeRadius> {
  const binary = findLabTool('freeradius');
  if (!binary) throw new LabToolMissingError(['freeradius']);
  const secret = randomBytes(16).toString('hex');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'roamdesk-freeradius-'));
  let lastLog = '';
  try {
    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const port = await freeUdpPort();
      await writeConfig(dir, port, secret, options);
      const running = launch(binary, dir);
      const onExit = () => running.child.kill('SIGKILL');
      process.once('exit', onExit);
      const state = await waitReady(running, options.readyTimeoutMs ?? 15_000);
      if (state === 'ready') {
        let stopped = false;
        const server: FreeRadius = {
          host: '127.0.0.1',
          port,
          dir,
          pid: running.child.pid!,
          secret,
          log: () => running.chunks.join(''),
          mark: () => running.chunks.join('').length,
          logSince: (mark) => running.chunks.join('').slice(mark),
          stop: async () => {
            if (stopped) return;
            stopped = true;
            process.removeListener('exit', onExit);
            await kill(running);
            await rm(dir, { recursive: true, force: true });
          },
        };
        return server;
      }
      await kill(running);
      process.removeListener('exit', onExit);
      lastLog = running.chunks.join('');
      if (state !== 'bind-failed') {
        throw new FreeRadiusStartError(
          state === 'timeout'
            ? `FreeRADIUS (${binary}) did not report "Ready to process requests" within ${options.readyTimeoutMs ?? 15_000} ms`
            : `FreeRADIUS (${binary}) exited during start-up (exit code ${running.child.exitCode ?? running.child.signalCode})`,
          lastLog,
        );
      }
    }
    throw new FreeRadiusStartError('FreeRADIUS could not bind a free port on 127.0.0.1 in 3 attempts', lastLog);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
