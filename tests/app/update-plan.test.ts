/**
 * The in-app update plan: the table of settings × install type → { enabled, channel, reason },
 * how the shell reads the settings view, how it tells the install type, and what it sets on
 * electron-updater.
 */
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { resolveSettings, settingsView } from '../../main/engine/policy/effective-settings.js';
import { type InstallType, type UpdaterLike, configureUpdater, detectInstallType, updatePlan, updateSettingsFrom } from '../../main/common/update-plan.js';

const on = { updatesDisabled: false, updateChannel: 'stable', managedBy: null } as const;

describe('updatePlan', () => {
  test.each<[InstallType, boolean, string]>([
    ['nsis', true, 'In-app updates on the stable channel'],
    ['dmg', true, 'In-app updates on the stable channel'],
    ['appimage', true, 'In-app updates on the stable channel'],
    ['msi', false, 'Installed from an MSI package: new versions come from your software distribution'],
    ['pkg', false, 'Installed from a pkg: new versions come from your device management'],
    ['linux-package', false, 'Installed by the system package manager: it updates Roamdesk'],
    ['dev', false, 'Development build: no in-app updates'],
    ['unknown', false, 'Roamdesk cannot tell how it was installed, so it does not update itself'],
  ])('%s → enabled %s', (installType, enabled, reason) => {
    expect(updatePlan(on, installType)).toEqual({ enabled, channel: 'latest', allowPrerelease: false, reason });
  });

  test('policy updatesDisabled wins over every install type, naming the organisation', () => {
    for (const installType of ['nsis', 'dmg', 'appimage', 'msi', 'pkg', 'dev'] as const) {
      expect(updatePlan({ ...on, updatesDisabled: true, managedBy: 'Acme Corp IT' }, installType)).toMatchObject({ enabled: false, reason: 'Updates are managed by Acme Corp IT' });
    }
    expect(updatePlan({ ...on, updatesDisabled: true }, 'nsis').reason).toBe('Updates are managed by your organisation');
  });

  test('the beta channel is electron-updater’s "beta" with pre-releases', () => {
    expect(updatePlan({ ...on, updateChannel: 'beta' }, 'dmg')).toEqual({ enabled: true, channel: 'beta', allowPrerelease: true, reason: 'In-app updates on the beta channel' });
  });
});

describe('reading the settings view', () => {
  test('managed updatesDisabled and a user channel come through the same view the UI gets', () => {
    const effective = resolveSettings({
      managed: [{ origin: 'policy.json', scope: 'machine', status: 'ok', values: { updatesDisabled: true, managedByOrganization: 'Acme Corp IT' } }],
      user: { origin: 'settings.json', values: { updateChannel: 'beta' } },
    });
    const view = { settings: settingsView(effective), rejected: [], managedBy: 'Acme Corp IT' };
    expect(updateSettingsFrom(view)).toEqual({ updatesDisabled: true, updateChannel: 'beta', managedBy: 'Acme Corp IT' });
    expect(updatePlan(updateSettingsFrom(view), 'nsis')).toMatchObject({ enabled: false, reason: 'Updates are managed by Acme Corp IT' });
  });

  test('a view without the rows falls back to the defaults; a malformed view throws', () => {
    expect(updateSettingsFrom({ settings: [], managedBy: null })).toEqual({ updatesDisabled: false, updateChannel: 'stable', managedBy: null });
    expect(() => updateSettingsFrom({ settings: 'nope' })).toThrow();
  });
});

describe('detectInstallType', () => {
  const facts = (over: Partial<Parameters<typeof detectInstallType>[0]>, files: string[] = []) => ({ platform: 'win32' as NodeJS.Platform, packaged: true, exePath: 'C:\\Program Files\\Roamdesk\\Roamdesk.exe', env: {}, exists: (file: string) => files.includes(file), ...over });

  test('Windows: NSIS leaves its uninstaller beside the app, MSI does not', () => {
    expect(detectInstallType(facts({}, [path.win32.join('C:\\Program Files\\Roamdesk', 'Uninstall Roamdesk.exe')]))).toBe('nsis');
    expect(detectInstallType(facts({}))).toBe('msi');
  });

  test('macOS: a pkg leaves a receipt; otherwise the dmg', () => {
    expect(detectInstallType(facts({ platform: 'darwin', exePath: '/Applications/Roamdesk.app/Contents/MacOS/Roamdesk' }, ['/var/db/receipts/com.roamdesk.desktop.plist']))).toBe('pkg');
    expect(detectInstallType(facts({ platform: 'darwin', exePath: '/Applications/Roamdesk.app/Contents/MacOS/Roamdesk' }))).toBe('dmg');
  });

  test('Linux: AppImage by $APPIMAGE, else a package; unpackaged is dev everywhere', () => {
    expect(detectInstallType(facts({ platform: 'linux', env: { APPIMAGE: '/home/a/Roamdesk.AppImage' } }))).toBe('appimage');
    expect(detectInstallType(facts({ platform: 'linux' }))).toBe('linux-package');
    expect(detectInstallType(facts({ packaged: false }))).toBe('dev');
  });
});

describe('configureUpdater', () => {
  const fresh = (): UpdaterLike => ({ autoDownload: false, allowPrerelease: false, allowDowngrade: false, channel: null, checkForUpdatesAndNotify: async () => null });

  test('an enabled plan sets the channel, keeps downgrades off and asks to check', () => {
    const updater = fresh();
    expect(configureUpdater(updater, updatePlan({ ...on, updateChannel: 'beta' }, 'nsis'))).toBe(true);
    expect(updater).toMatchObject({ autoDownload: true, channel: 'beta', allowPrerelease: true, allowDowngrade: false });
  });

  test('a disabled plan touches nothing and does not check', () => {
    const updater = fresh();
    expect(configureUpdater(updater, updatePlan({ ...on, updatesDisabled: true }, 'nsis'))).toBe(false);
    expect(updater).toMatchObject({ autoDownload: false, channel: null });
  });
});
