/**
 * `roamdesk policy show` as IT uses it: the real built CLI in a child process, with a
 * planted policy file (ROAMDESK_POLICY_FILE, as in the demo) holding a good value, a value
 * that locks a setting the user had changed, and a value that must be rejected, plus the
 * user's own settings file in ROAMDESK_HOME. Needs main/host/cli.ts to call
 * registerPolicyCommands(program, { action, withCommonOptions, withEngine, print }).
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { cliPath, freshHome, root } from './harness.js';

let home: ReturnType<typeof freshHome>;
beforeEach(() => (home = freshHome()));
afterEach(() => home.remove());

function policyShow(args: string[], policyFile: string) {
  const result = spawnSync(process.execPath, [cliPath, 'policy', 'show', ...args], {
    cwd: root,
    env: { ...process.env, ROAMDESK_HOME: home.dir, ROAMDESK_WORLD: '', ROAMDESK_POLICY_FILE: policyFile },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface ShowJson {
  settings: Array<{ key: string; value: unknown; source: string; locked: boolean; origin?: string }>;
  rejected: Array<{ key: string; source: string; origin: string; reason: string; message: string }>;
  sources: Array<{ origin: string; scope: string; status: string; error?: string }>;
}

function plant(): string {
  const policyFile = path.join(home.dir, 'policy.json');
  writeFileSync(
    policyFile,
    JSON.stringify({
      managedByOrganization: 'Example Corp IT', // a good value
      autoConnect: false, // locks a setting the user set to true
      activationToken: 'rdact_e2e_secret_value', // a secret: masked
      retentionMonths: 999, // rejected: out of range
    }),
  );
  writeFileSync(path.join(home.dir, 'settings.json'), JSON.stringify({ autoConnect: true, logLevel: 'debug' }));
  return policyFile;
}

describe('roamdesk policy show', () => {
  test('--json: every setting with its source and lock, the rejected value, the sources', () => {
    const policyFile = plant();
    const result = policyShow(['--json'], policyFile);
    expect(result.status, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as ShowJson;
    const setting = (key: string) => json.settings.find((entry) => entry.key === key);
    expect(json.settings.length).toBeGreaterThanOrEqual(24);
    expect(setting('managedByOrganization')).toEqual({ key: 'managedByOrganization', value: 'Example Corp IT', source: 'managed', locked: true, origin: policyFile, scope: 'machine' });
    expect(setting('autoConnect')).toMatchObject({ value: false, source: 'managed', locked: true });
    expect(setting('logLevel')).toEqual({ key: 'logLevel', value: 'debug', source: 'user', locked: false, origin: path.join(home.dir, 'settings.json') });
    expect(setting('retentionMonths')).toEqual({ key: 'retentionMonths', value: 12, source: 'default', locked: false });
    expect(setting('activationToken')).toMatchObject({ value: '••••••••', locked: true });
    expect(result.stdout).not.toContain('rdact_e2e_secret_value');
    expect(json.rejected).toEqual([{ key: 'retentionMonths', source: 'managed', origin: policyFile, reason: expect.stringContaining('120'), message: expect.stringMatching(/^policy value rejected: retentionMonths: /) }]);
    expect(json.sources).toEqual([
      { origin: path.join(home.dir, 'settings.json'), scope: 'user', status: 'ok' },
      { origin: policyFile, scope: 'machine', status: 'ok' },
    ]);
  });

  test('text: a table with sources and locks, the managed-by line, and the rejection', () => {
    const policyFile = plant();
    const result = policyShow([], policyFile);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Managed by Example Corp IT\n/);
    expect(result.stdout).toMatch(/^autoConnect\s+false\s+managed \(locked\)\s+.*policy\.json$/m);
    expect(result.stdout).toMatch(/^logLevel\s+debug\s+user\s/m);
    expect(result.stdout).toMatch(/^Rejected:\n {2}policy value rejected: retentionMonths: .*\(.*policy\.json\)$/m);
    expect(result.stdout).not.toContain('rdact_e2e_secret_value');
  });

  test('a policy file that is not JSON: reported as a source error, defaults apply, exit 0', () => {
    const policyFile = path.join(home.dir, 'broken.json');
    writeFileSync(policyFile, '{ "autoConnect": fal');
    const result = policyShow(['--json'], policyFile);
    expect(result.status, result.stderr).toBe(0);
    const json = JSON.parse(result.stdout) as ShowJson;
    expect(json.sources[1]).toMatchObject({ origin: policyFile, status: 'error', error: expect.stringContaining('not valid JSON') });
    expect(json.settings.find((entry) => entry.key === 'autoConnect')).toMatchObject({ value: true, source: 'default', locked: false });
  });
});
