/**
 * A throw-away Request Tracker 5 for integration tests, set up unattended:
 * SQLite database and RT_SiteConfig in a temp dir (Debian's /etc/request-tracker5 drop-ins are
 * bypassed with RT_SITE_CONFIG + an empty RT_SITE_CONFIG_DIR), a queue, the custom fields
 * "Severity" and "Log bundle" with their values, an agent user (password + REST2 token) and the
 * relay's own user (REST2 token), then `rt-server --host 127.0.0.1 --port <free>`.
 *
 * Needs the Debian packages request-tracker5, rt5-db-sqlite and rt5-standalone. A missing one is
 * an error, never a skip: a test that did not run is not a passing test.
 * Start one lab per test file (RT takes several seconds to start).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../free-port.js';

export const RT_PACKAGES = ['request-tracker5', 'rt5-db-sqlite', 'rt5-standalone'] as const;
const RT_SERVER = '/usr/share/request-tracker5/libexec/rt-server';
const RT_SETUP = '/usr/sbin/rt-setup-database';
const RT_LIB = '/usr/share/request-tracker5/lib';

export const SEVERITY_VALUES = ['Sev 1', 'Sev 2', 'Sev 3', 'End user'] as const;
export const LOG_BUNDLE_VALUES = ['Requested', 'Sent to device', 'Received', 'Declined', 'Expired'] as const;

export interface RtLab {
  url: string;
  queue: string;
  agent: { name: string; password: string; token: string };
  relayUser: { name: string; token: string };
  /** RT's own log (stderr), for failure messages. */
  log(): string;
  /**
   * Runs a Perl script with RT's library and this lab's RT_SiteConfig (`use RT; RT::LoadConfig();
   * RT::Init();` inside the script sees the lab's database and config); returns its stdout.
   * Throws with stdout + stderr when it exits non-zero.
   */
  perl(script: string, args?: readonly string[], options?: { input?: string; timeoutMs?: number }): string;
  stop(): Promise<void>;
}

/** One interval of an SLA level, in RT's %ServiceAgreements terms. */
export type RtSlaInterval = { businessMinutes: number } | { realMinutes: number };

export interface RtSlaLevel {
  /** Name of a %ServiceBusinessHours entry (RT's default: "Default"). */
  businessHours?: string;
  response?: RtSlaInterval;
  resolve?: RtSlaInterval;
  /** RT's OutOfHours modifiers: minutes added when the start time is outside business hours. */
  outOfHours?: { response?: RtSlaInterval; resolve?: RtSlaInterval };
  /** Defaults to the lab's $Timezone (UTC). */
  timezone?: string;
}

export interface RtBusinessHours {
  /** Per weekday (0 = Sunday … 6 = Saturday): Start/End as "H:MM" ("24:00" = end of day), optional breaks. */
  days: Partial<Record<0 | 1 | 2 | 3 | 4 | 5 | 6, { start: string; end: string; breaks?: { start: string; end: string }[] }>>;
  /** Business::Hours holidays: "YYYY-MM-DD" (or "MM-DD" every year). */
  holidays?: readonly string[];
}

/** RT's SLA engine set-up: written to RT_SiteConfig as %ServiceAgreements / %ServiceBusinessHours; the lab's queue gets SLADisabled = 0. */
export interface RtSlaOptions {
  levels: Record<string, RtSlaLevel>;
  businessHours: Record<string, RtBusinessHours>;
  /** %ServiceAgreements Default (the level a ticket gets without one). */
  defaultLevel?: string;
}

export class RtMissingError extends Error {
  constructor(what: string) {
    super(
      `Request Tracker 5 is not installed (${what}). Install it: ` +
        `DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ${RT_PACKAGES.join(' ')}`,
    );
    this.name = 'RtMissingError';
  }
}

export function checkRtInstalled(): void {
  for (const file of [RT_SERVER, RT_SETUP]) {
    try {
      accessSync(file, constants.X_OK);
    } catch {
      throw new RtMissingError(`${file} not found`);
    }
  }
  const sqlite = spawnSync('perl', ['-MDBD::SQLite', '-e', '1']);
  if (sqlite.status !== 0) throw new RtMissingError('perl DBD::SQLite (rt5-db-sqlite) missing');
  const plack = spawnSync('perl', ['-MPlack', '-e', '1']);
  if (plack.status !== 0) throw new RtMissingError('Plack (rt5-standalone) missing');
}

const SETUP_PL = String.raw`
use strict; use warnings;
use lib '${RT_LIB}';
use RT; RT::LoadConfig(); RT::Init();
my ($queueName, $agentPass, $outFile, $slaEnabled) = @ARGV;
my $sys = RT->SystemUser;
sub must { my ($ok, $msg) = @_; die "setup failed: $msg\n" unless $ok; return $ok }

my $q = RT::Queue->new($sys);
must($q->Create(Name => $queueName, Description => 'Roamdesk support relay', CorrespondAddress => '', CommentAddress => ''));
must($q->SetSLADisabled(0)) if $slaEnabled;

my %values = ('Severity' => [qw(__SEV__)], 'Log bundle' => [qw(__LOG__)]);
for my $name ('Severity', 'Log bundle') {
  my $cf = RT::CustomField->new($sys);
  must($cf->Create(Name => $name, Type => 'Select', RenderType => 'Dropdown', MaxValues => 1, LookupType => 'RT::Queue-RT::Ticket'));
  my $i = 0;
  for my $v (@{ $values{$name} }) { (my $value = $v) =~ s/_/ /g; must($cf->AddValue(Name => $value, SortOrder => $i++)); }
  must($cf->AddToObject($q));
}

my @rights = qw(SeeQueue ShowTicket CreateTicket ModifyTicket ReplyToTicket CommentOnTicket ShowTicketComments
                SeeCustomField ModifyCustomField ShowOutgoingEmail Watch OwnTicket TakeTicket);
my %out;
for my $spec (['agent', $agentPass], ['roamdesk-relay', undef]) {
  my ($name, $pass) = @$spec;
  my $u = RT::User->new($sys);
  must($u->Create(Name => $name, EmailAddress => "$name\@roamdesk.test", Privileged => 1, ($pass ? (Password => $pass) : ())));
  for my $right (@rights) { must($u->PrincipalObj->GrantRight(Right => $right, Object => $q)); }
  must($u->PrincipalObj->GrantRight(Right => 'ModifySelf', Object => RT->System));
  my $t = RT::AuthToken->new($sys);
  my ($id, $msg, $auth) = $t->Create(Owner => $u->Id, Description => 'roamdesk tests');
  die "token failed: $msg\n" unless $id;
  $out{$name} = $auth;
}
open(my $fh, '>', $outFile) or die "$outFile: $!";
print $fh "agent=$out{agent}\nrelay=$out{'roamdesk-relay'}\n";
close $fh;
`
  .replace('__SEV__', SEVERITY_VALUES.map((v) => v.replace(/ /g, '_')).join(' '))
  .replace('__LOG__', LOG_BUNDLE_VALUES.map((v) => v.replace(/ /g, '_')).join(' '));

const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
const perlString = (value: string): string => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
const HH_MM = /^([01]?\d|2[0-4]):[0-5]\d$/;

function perlInterval(interval: RtSlaInterval): string {
  const minutes = 'businessMinutes' in interval ? interval.businessMinutes : interval.realMinutes;
  if (!Number.isInteger(minutes) || minutes < 0) throw new RangeError(`SLA minutes must be a whole number ≥ 0, not ${minutes}`);
  return `{ ${'businessMinutes' in interval ? 'BusinessMinutes' : 'RealMinutes'} => ${minutes} }`;
}

/** The RT_SiteConfig lines for %ServiceAgreements and %ServiceBusinessHours. */
export function slaSiteConfig(sla: RtSlaOptions): string[] {
  const hours = Object.entries(sla.businessHours).map(([name, bh]) => {
    const days = Object.entries(bh.days).map(([dow, day]) => {
      for (const t of [day!.start, day!.end, ...(day!.breaks ?? []).flatMap((b) => [b.start, b.end])]) if (!HH_MM.test(t)) throw new RangeError(`business hours time “${t}” is not H:MM`);
      const breaks = day!.breaks?.length ? `, Breaks => [${day!.breaks.map((b) => `{ Start => '${b.start}', End => '${b.end}' }`).join(', ')}]` : '';
      return `    ${dow} => { Name => '${DAY_NAMES[Number(dow)]}', Start => '${day!.start}', End => '${day!.end}'${breaks} },`;
    });
    for (const h of bh.holidays ?? []) if (!/^(\d{4}-)?\d\d-\d\d$/.test(h)) throw new RangeError(`holiday “${h}” is not YYYY-MM-DD or MM-DD`);
    const holidays = bh.holidays?.length ? [`    holidays => [qw(${bh.holidays.join(' ')})],`] : [];
    return [`  ${perlString(name)} => {`, ...days, ...holidays, '  },'].join('\n');
  });
  const levels = Object.entries(sla.levels).map(([name, level]) => {
    const parts = [`Timezone => ${perlString(level.timezone ?? 'UTC')}`];
    if (level.businessHours) parts.push(`BusinessHours => ${perlString(level.businessHours)}`);
    if (level.response) parts.push(`Response => ${perlInterval(level.response)}`);
    if (level.resolve) parts.push(`Resolve => ${perlInterval(level.resolve)}`);
    const ooh = Object.entries(level.outOfHours ?? {}).filter(([, v]) => v !== undefined);
    if (ooh.length) parts.push(`OutOfHours => { ${ooh.map(([type, v]) => `${type === 'response' ? 'Response' : 'Resolve'} => ${perlInterval(v!)}`).join(', ')} }`);
    return `    ${perlString(name)} => { ${parts.join(', ')} },`;
  });
  return [
    'Set(%ServiceBusinessHours, (',
    ...hours,
    '));',
    'Set(%ServiceAgreements, (',
    ...(sla.defaultLevel ? [`  Default => ${perlString(sla.defaultLevel)},`] : []),
    '  Levels => {',
    ...levels,
    '  },',
    '));',
  ];
}

export interface StartRtOptions {
  queue?: string;
  timeoutMs?: number;
  /** RT's SLA engine: %ServiceAgreements and %ServiceBusinessHours, and SLAs enabled on the queue. */
  sla?: RtSlaOptions;
}

export async function startRt(options: StartRtOptions = {}): Promise<RtLab> {
  checkRtInstalled();
  const queue = options.queue ?? 'Roamdesk';
  const dir = mkdtempSync(path.join(os.tmpdir(), 'roamdesk-rt-'));
  const emptyDir = path.join(dir, 'RT_SiteConfig.d');
  mkdirSync(emptyDir);
  mkdirSync(path.join(dir, 'log'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const siteConfig = path.join(dir, 'RT_SiteConfig.pm');
  writeFileSync(
    siteConfig,
    [
      "Set($rtname, 'roamdesk-test');",
      "Set($Organization, 'roamdesk.test');",
      "Set($CorrespondAddress, 'rt@roamdesk.test');",
      "Set($CommentAddress, 'rt-comment@roamdesk.test');",
      "Set($Timezone, 'UTC');",
      "Set($WebDomain, '127.0.0.1');",
      `Set($WebPort, ${port});`,
      'Set($WebPath, "");',
      `Set($WebBaseURL, '${url}');`,
      "Set($DatabaseType, 'SQLite');",
      `Set($DatabaseName, '${path.join(dir, 'rt.db')}');`,
      'Set($LogToSyslog, undef);',
      'Set($LogToFile, undef);',
      "Set($LogToSTDERR, 'warning');",
      `Set($LogDir, '${path.join(dir, 'log')}');`,
      // Never hand mail to the system MTA: RT writes outgoing mail to a file in LogDir.
      "Set($MailCommand, 'mbox');",
      'Set($DevelMode, 0);',
      // Every REST2 call verifies the auth token with bcrypt; RT's default cost (12) costs ~1 s per
      // call on a test machine. Tests only: production keeps RT's default.
      'Set($BcryptCost, 4);',
      ...(options.sla ? slaSiteConfig(options.sla) : []),
      '1;',
    ].join('\n'),
  );
  const env = { ...process.env, RT_SITE_CONFIG: siteConfig, RT_SITE_CONFIG_DIR: emptyDir, PERL5LIB: RT_LIB };

  const init = spawnSync(RT_SETUP, ['--action', 'init', '--skip-create'], { env, encoding: 'utf8', timeout: 180_000 });
  if (init.status !== 0) {
    const initAll = spawnSync(RT_SETUP, ['--action', 'init'], { env, encoding: 'utf8', timeout: 180_000 });
    if (initAll.status !== 0) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`rt-setup-database failed:\n${init.stdout}\n${init.stderr}\n${initAll.stdout}\n${initAll.stderr}`);
    }
  }
  const agentPassword = 'agent-pw-for-tests';
  const tokensFile = path.join(dir, 'tokens.txt');
  const setupFile = path.join(dir, 'setup.pl');
  writeFileSync(setupFile, SETUP_PL);
  const setup = spawnSync('perl', [setupFile, queue, agentPassword, tokensFile, options.sla ? '1' : '0'], { env, encoding: 'utf8', timeout: 120_000 });
  if (setup.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`RT set-up script failed:\n${setup.stdout}\n${setup.stderr}`);
  }
  const tokens = Object.fromEntries(
    readFileSync(tokensFile, 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split('=') as [string, string]),
  );
  rmSync(tokensFile);

  let scriptCount = 0;
  let stderr = '';
  const child: ChildProcess = spawn(RT_SERVER, ['--host', '127.0.0.1', '--port', String(port)], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));

  const stop = async (): Promise<void> => {
    if (!exited && child.pid !== undefined) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await gone;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`rt-server exited during start-up:\n${stderr}`);
    }
    try {
      const res = await fetch(`${url}/REST/2.0/rt`, { headers: { authorization: `token ${tokens.agent}` }, signal: AbortSignal.timeout(5000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`rt-server did not answer on ${url} in time:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  return {
    url,
    queue,
    agent: { name: 'agent', password: agentPassword, token: tokens.agent! },
    relayUser: { name: 'roamdesk-relay', token: tokens.relay! },
    log: () => stderr,
    perl(script, args = [], perlOptions = {}) {
      const file = path.join(dir, `script-${process.pid}-${(scriptCount += 1)}.pl`);
      writeFileSync(file, script);
      try {
        const run = spawnSync('perl', [`-I${RT_LIB}`, file, ...args], {
          env,
          encoding: 'utf8',
          timeout: perlOptions.timeoutMs ?? 120_000,
          maxBuffer: 64 * 1024 * 1024,
          ...(perlOptions.input !== undefined ? { input: perlOptions.input } : {}),
        });
        if (run.status !== 0) throw new Error(`perl script failed (${run.status ?? run.signal}):\n${run.stdout}\n${run.stderr}`);
        return run.stdout;
      } finally {
        rmSync(file, { force: true });
      }
    },
    stop,
  };
}

/** REST2 call as some RT user (the agent's side in tests). */
export async function rtRest<T = unknown>(lab: RtLab, token: string, method: string, route: string, body?: unknown): Promise<T> {
  const res = await fetch(`${lab.url}/REST/2.0${route}`, {
    method,
    headers: { authorization: `token ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`RT ${method} ${route} → ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}
