/**
 * The enterprise half of electron-builder.yml, checked as data (packaging itself runs only
 * on release machines): per-machine NSIS and MSI with a fixed upgrade code, macOS pkg+dmg
 * with the hardened runtime and a minimal entitlements file, Location usage strings, the
 * CoreWLAN helper bundled where native/macos/README.md says, every Electron fuse locked
 * down, the update feed, the policy templates shipped — and docs/deployment.md agreeing.
 * electron-builder-config.test.ts validates the same file against electron-builder's schema.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parsePlist } from 'plist';
import { beforeAll, describe, expect, test } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const require = createRequire(import.meta.url);
const { getConfig } = require('app-builder-lib/out/util/config/config.js') as { getConfig(projectDir: string, configPath: string, extra: null): Promise<Config> };

interface FileSet {
  from: string;
  to: string;
}
interface Config {
  appId?: string;
  electronFuses?: Record<string, boolean>;
  publish?: { provider: string; url: string; channel?: string };
  win?: { target?: string[]; extraFiles?: FileSet[] };
  nsis?: Record<string, unknown>;
  msi?: Record<string, unknown>;
  mac?: { target?: string[]; hardenedRuntime?: boolean; entitlements?: string; entitlementsInherit?: string; extendInfo?: Record<string, string>; extraFiles?: FileSet[]; minimumSystemVersion?: string };
  pkg?: Record<string, unknown>;
}

let config: Config;
beforeAll(async () => {
  config = await getConfig(root, 'electron-builder.yml', null);
});
const deployment = () => readFileSync(path.join(root, 'docs/deployment.md'), 'utf8');

describe('Windows', () => {
  test('NSIS and MSI, both per machine; NSIS without the per-user page', () => {
    expect(config.win?.target).toEqual(expect.arrayContaining(['nsis', 'msi']));
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, packElevateHelper: true, runAfterFinish: false, deleteAppDataOnUninstall: false });
    expect(config.msi).toMatchObject({ perMachine: true, runAfterFinish: false });
  });

  test('the MSI upgrade code is a fixed GUID, and the docs name the same one', () => {
    const code = String(config.msi?.upgradeCode);
    expect(code).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(deployment()).toContain(`{${code}}`);
    expect(config.appId).toBe('com.roamdesk.desktop');
  });

  test('the ADMX/ADML ship beside the app from the generated folder', () => {
    expect(config.win?.extraFiles).toContainEqual({ from: 'assets/policy/windows', to: 'policy' });
    expect(existsSync(path.join(root, 'assets/policy/windows/Roamdesk.admx'))).toBe(true);
    expect(existsSync(path.join(root, 'assets/policy/windows/en-US/Roamdesk.adml'))).toBe(true);
  });

  test('silent install switches are documented, for the file names the build produces', () => {
    expect(config.nsis?.artifactName).toBe('${productName}-Setup-${version}.${ext}');
    expect(config.msi?.artifactName).toBe('${productName}-${version}.${ext}');
    const doc = deployment();
    expect(doc).toContain('msiexec /i Roamdesk-<version>.msi /qn');
    expect(doc).toContain('Roamdesk-Setup-<version>.exe /S');
  });
});

describe('macOS', () => {
  test('pkg and dmg (plus zip for the updater), hardened runtime, entitlements for app and helpers', () => {
    expect(config.mac?.target).toEqual(expect.arrayContaining(['pkg', 'dmg', 'zip']));
    expect(config.mac?.hardenedRuntime).toBe(true);
    expect(config.mac?.entitlements).toBe('assets/entitlements.mac.plist');
    expect(config.mac?.entitlementsInherit).toBe('assets/entitlements.mac.plist');
    expect(config.pkg).toMatchObject({ installLocation: '/Applications', isRelocatable: false, artifactName: '${productName}-${version}-${arch}.${ext}' });
    expect(deployment()).toContain('sudo installer -pkg Roamdesk-<version>-<arch>.pkg -target /');
  });

  test('the entitlements file is a plist that relaxes nothing beyond JIT', () => {
    const entitlements = parsePlist(readFileSync(path.join(root, 'assets/entitlements.mac.plist'), 'utf8')) as Record<string, unknown>;
    expect(entitlements['com.apple.security.cs.allow-jit']).toBe(true);
    for (const risky of ['com.apple.security.cs.allow-unsigned-executable-memory', 'com.apple.security.cs.disable-library-validation', 'com.apple.security.cs.allow-dyld-environment-variables', 'com.apple.security.cs.disable-executable-page-protection', 'com.apple.security.get-task-allow']) {
      expect(entitlements, risky).not.toHaveProperty(risky);
    }
  });

  test('Location usage strings are in Info.plist (Wi-Fi names need Location on macOS)', () => {
    for (const key of ['NSLocationWhenInUseUsageDescription', 'NSLocationUsageDescription']) expect(config.mac?.extendInfo?.[key], key).toMatch(/Wi-Fi/);
  });

  test('the Wi-Fi helper is bundled at Contents/Helpers, as native/macos/README.md says the driver expects', () => {
    expect(config.mac?.extraFiles).toContainEqual({ from: 'native/macos/RoamdeskWifiHelper/build/RoamdeskWifiHelper.app', to: 'Helpers/RoamdeskWifiHelper.app' });
    expect(readFileSync(path.join(root, 'native/macos/README.md'), 'utf8')).toContain('Roamdesk.app/Contents/Helpers/RoamdeskWifiHelper.app');
    expect(readFileSync(path.join(root, 'native/macos/README.md'), 'utf8')).toContain('build/RoamdeskWifiHelper.app');
  });
});

describe('Electron and updates', () => {
  test('every fuse is set, each to its locked-down value', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
  });

  test('the update feed is HTTPS, and the docs say policy turns the updater off', () => {
    expect(config.publish).toMatchObject({ provider: 'generic', url: expect.stringMatching(/^https:\/\//) });
    expect(deployment()).toMatch(/updatesDisabled/);
  });
});
