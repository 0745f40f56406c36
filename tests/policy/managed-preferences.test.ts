/**
 * macOS managed preferences: binary and XML plists (committed fixtures, and fresh ones from
 * python3's plistlib when it is installed), the real Cloudflare WARP managed plist and
 * .mobileconfig from ../shared/fixtures/mdm as they are, the legacy ManagedClient
 * "Forced" payload, and live pickup of a replaced file.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'plist';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { SettingsService, type SettingsChange, resolveSettings } from '../../main/engine/policy/index.js';
import { AnyPolicyFileSource, managedPolicySources } from '../../main/platform/policy-sources/index.js';
import { ManagedPreferencesSource, decodePlist, managedPreferencesPaths, profilePayloadValues } from '../../main/platform/policy-sources/managed-preferences.js';
import { plistFixtureValues as expected } from './fixtures/plist-values.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures');
const mdm = path.resolve(here, '..', '..', '..', 'shared', 'fixtures', 'mdm');

let pythonChecked: boolean | undefined;
export function hasPython(): boolean {
  if (pythonChecked === undefined) {
    try {
      execFileSync('python3', ['-c', 'import plistlib'], { stdio: 'ignore' });
      pythonChecked = true;
    } catch {
      pythonChecked = false;
    }
  }
  return pythonChecked;
}

/** A binary plist as macOS writes managed preferences, from JSON-able values. */
export function writeBinaryPlist(file: string, values: unknown): void {
  execFileSync('python3', ['-c', 'import json,plistlib,sys; plistlib.dump(json.loads(sys.stdin.read()), open(sys.argv[1],"wb"), fmt=plistlib.FMT_BINARY)', file], { input: JSON.stringify(values) });
}

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'roamdesk-mcx-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('plists', () => {
  test.each(['com.roamdesk.desktop.binary.plist', 'com.roamdesk.desktop.xml.plist'])('%s reads to the same values', async (name) => {
    const snapshot = await new ManagedPreferencesSource(path.join(fixtures, name), 'machine').read();
    expect(snapshot).toEqual({ origin: path.join(fixtures, name), scope: 'machine', status: 'ok', values: expected });
    expect(readFileSync(path.join(fixtures, 'com.roamdesk.desktop.binary.plist')).subarray(0, 8).toString('latin1')).toBe('bplist00');
  });

  test('through the schema: applied and locked, the bad value rejected and named', async () => {
    const snapshot = await new ManagedPreferencesSource(path.join(fixtures, 'com.roamdesk.desktop.binary.plist'), 'machine').read();
    const effective = resolveSettings({ managed: [snapshot] });
    expect(effective.entries.preferredSsids).toMatchObject({ value: ['CorpWiFi', 'Café Guest'], locked: true });
    expect(effective.values.selectionPolicy).toEqual({ weights: { successRate: 40 } });
    expect(effective.rejected.map((item) => item.message)).toEqual([expect.stringMatching(/^policy value rejected: logLevel: /)]);
  });

  test.runIf(hasPython())('a fresh binary plist from python3 plistlib (integers, reals, dates, data)', async () => {
    const file = path.join(dir, 'fresh.plist');
    execFileSync('python3', ['-c', 'import plistlib,datetime,sys; plistlib.dump({"retentionMonths": 24, "autoConnect": True, "ratio": 1.5, "when": datetime.datetime(2026,1,2,3,4,5), "blob": b"\\x00\\x01"}, open(sys.argv[1],"wb"), fmt=plistlib.FMT_BINARY)', file]);
    const values = (await new ManagedPreferencesSource(file, 'machine').read()).values;
    expect(values).toMatchObject({ retentionMonths: 24, autoConnect: true, ratio: 1.5, blob: Uint8Array.from([0, 1]) });
    expect(values.when).toBeInstanceOf(Date);
    const effective = resolveSettings({ managed: [{ origin: file, scope: 'machine', status: 'ok', values }] });
    expect(effective.values.retentionMonths).toBe(24);
    expect(effective.rejected.map((item) => item.key).sort()).toEqual(['blob', 'ratio', 'when']);
  });

  test('missing file: absent; not a plist or not a dictionary: error', async () => {
    expect(await new ManagedPreferencesSource(path.join(dir, 'none.plist'), 'machine').read()).toMatchObject({ status: 'absent', values: {} });
    writeFileSync(path.join(dir, 'junk.plist'), 'hello');
    expect(await new ManagedPreferencesSource(path.join(dir, 'junk.plist'), 'machine').read()).toMatchObject({ status: 'error', error: expect.stringContaining('not a property list') });
    writeFileSync(path.join(dir, 'array.plist'), build(['a']));
    expect(await new ManagedPreferencesSource(path.join(dir, 'array.plist'), 'machine').read()).toMatchObject({ status: 'error', error: expect.stringContaining('not a dictionary') });
  });

  test('the real Cloudflare WARP managed plist (../shared/fixtures/mdm) reads; its keys are not Roamdesk settings', async () => {
    const file = path.join(mdm, 'cloudflare-docs-static-mdm-com.cloudflare.warp.plist');
    const snapshot = await new ManagedPreferencesSource(file, 'machine').read();
    expect(snapshot.values).toEqual({ configs: [{ organization: 'your-team-name', display_name: 'Company Name', auto_connect: 120, onboarding: false }] });
    expect(resolveSettings({ managed: [snapshot] }).rejected.map((item) => item.message)).toEqual(['policy value rejected: configs: unknown setting']);
  });
});

describe('configuration profiles', () => {
  test('the real Cloudflare .mobileconfig: the custom payload for its bundle id, without Payload* keys', () => {
    const profile = readFileSync(path.join(mdm, 'cloudflare-docs-static-mdm-multiple-orgs-CloudflareWARP.mobileconfig'));
    const values = profilePayloadValues(profile, 'com.cloudflare.warp');
    expect(Object.keys(values)).toEqual(['configs']);
    expect((values.configs as unknown[]).map((config) => (config as { display_name: string }).display_name)).toEqual(['Production environment', 'Cloudflare China network', 'Test environment']);
    expect(profilePayloadValues(profile, 'com.roamdesk.desktop')).toEqual({});
  });

  test('the legacy com.apple.ManagedClient.preferences payload: Forced mcx_preference_settings for the domain', () => {
    const profile = build({
      PayloadType: 'Configuration',
      PayloadContent: [
        {
          PayloadType: 'com.apple.ManagedClient.preferences',
          PayloadContent: {
            'com.roamdesk.desktop': { Forced: [{ mcx_preference_settings: { autoConnect: false, prohibitedSsids: ['Free WiFi'] } }] },
            'com.example.other': { Forced: [{ mcx_preference_settings: { autoConnect: true } }] },
          },
        },
      ],
    } as never);
    expect(profilePayloadValues(Buffer.from(profile))).toEqual({ autoConnect: false, prohibitedSsids: ['Free WiFi'] });
  });

  test('decodePlist refuses what is not a plist', () => {
    expect(() => decodePlist(Buffer.from('{"json": true}'))).toThrow(/not a property list/);
  });
});

describe('where macOS puts managed preferences', () => {
  test('device and per-user paths for com.roamdesk.desktop, in that precedence', () => {
    expect(managedPreferencesPaths('alice')).toEqual({ machine: '/Library/Managed Preferences/com.roamdesk.desktop.plist', user: '/Library/Managed Preferences/alice/com.roamdesk.desktop.plist' });
    const sources = managedPolicySources({ platform: 'darwin', env: {}, user: 'alice' });
    expect(sources.map((source) => [source.origin, source.scope])).toEqual([
      ['/Library/Managed Preferences/com.roamdesk.desktop.plist', 'machine'],
      ['/Library/Managed Preferences/alice/com.roamdesk.desktop.plist', 'user'],
    ]);
  });

  test('per-platform sources; ROAMDESK_POLICY_FILE replaces the Linux file but only adds below Windows/macOS policy', () => {
    expect(managedPolicySources({ platform: 'linux', env: {} }).map((source) => source.origin)).toEqual(['/etc/roamdesk/policy.json']);
    expect(managedPolicySources({ platform: 'linux', env: { ROAMDESK_POLICY_FILE: '/tmp/p.json' } }).map((source) => source.origin)).toEqual(['/tmp/p.json']);
    const runner = { run: async () => ({ stdout: Buffer.alloc(0), stderr: Buffer.alloc(0), exitCode: 0 }) };
    expect(managedPolicySources({ platform: 'win32', env: { ROAMDESK_POLICY_FILE: '/tmp/p.json' }, runner }).map((source) => source.origin)).toEqual(['HKLM\\SOFTWARE\\Policies\\Roamdesk', 'HKCU\\SOFTWARE\\Policies\\Roamdesk', '/tmp/p.json']);
    expect(managedPolicySources({ platform: 'darwin', env: { ROAMDESK_POLICY_FILE: '/tmp/p.json' }, user: 'bob' }).at(-1)?.origin).toBe('/tmp/p.json');
  });

  test('a policy file given by ROAMDESK_POLICY_FILE may be JSON or a plist', async () => {
    writeFileSync(path.join(dir, 'p.json'), JSON.stringify({ autoConnect: false }));
    expect((await new AnyPolicyFileSource(path.join(dir, 'p.json')).read()).values).toEqual({ autoConnect: false });
    expect((await new AnyPolicyFileSource(path.join(fixtures, 'com.roamdesk.desktop.binary.plist')).read()).values).toEqual(expected);
    expect((await new AnyPolicyFileSource(path.join(fixtures, 'com.roamdesk.desktop.xml.plist')).read()).values).toEqual(expected);
  });
});

describe('live pickup', () => {
  test('an MDM replacing the managed plist (write elsewhere, rename over) is noticed', async () => {
    const folder = path.join(dir, 'Managed Preferences');
    mkdirSync(folder);
    const file = path.join(folder, 'com.roamdesk.desktop.plist');
    writeFileSync(file, build({ autoConnect: true }));
    const service = new SettingsService({ managed: [new ManagedPreferencesSource(file, 'machine', { debounceMs: 30, pollMs: 50 })] });
    await service.start();
    try {
      expect(service.current().entries.autoConnect).toMatchObject({ value: true, locked: true });
      const next = new Promise<SettingsChange>((resolve) => {
        const stop = service.subscribe((change) => {
          if (change.changed.length === 0) return;
          stop();
          resolve(change);
        });
      });
      const temp = path.join(dir, 'staged.plist');
      if (hasPython()) writeBinaryPlist(temp, { autoConnect: false, updatesDisabled: true });
      else writeFileSync(temp, build({ autoConnect: false, updatesDisabled: true }));
      renameSync(temp, file);
      const change = await next;
      expect(change.changed.sort()).toEqual(['autoConnect', 'updatesDisabled']);
      expect(change.effective.values).toMatchObject({ autoConnect: false, updatesDisabled: true });
    } finally {
      service.stop();
    }
  });
});
