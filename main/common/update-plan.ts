/**
 * Whether the desktop shell's in-app updater (electron-updater) runs, on which channel, and
 * why not — from the effective settings and how Roamdesk was installed. Pure: no electron
 * import (main/app/updates.ts applies the plan to electron-updater; tests read the table).
 *
 *   policy `updatesDisabled`        → off: "Updates are managed by <organisation>"
 *   development build (unpackaged)  → off
 *   MSI (Windows), pkg (macOS)      → off: the software distribution / MDM updates it
 *                                     (electron-updater cannot update an MSI; a root-owned
 *                                     pkg install would need an admin prompt)
 *   deb/rpm (Linux)                 → off: the package manager updates it
 *   NSIS (Windows), dmg (macOS),
 *   AppImage (Linux)                → on, on `updateChannel` (stable → electron-updater's
 *                                     "latest", beta → "beta" with pre-releases)
 *   unknown                         → off: better no update than a broken install
 */
import path from 'node:path';
import { z } from 'zod';

export type InstallType = 'dev' | 'nsis' | 'msi' | 'dmg' | 'pkg' | 'appimage' | 'linux-package' | 'unknown';

export interface UpdateSettings {
  updatesDisabled: boolean;
  updateChannel: 'stable' | 'beta';
  /** managedByOrganization, when policy names it. */
  managedBy: string | null;
}

export interface UpdatePlan {
  enabled: boolean;
  /** electron-updater's channel: `latest` (stable) or `beta`. */
  channel: 'latest' | 'beta';
  allowPrerelease: boolean;
  /** Why it is (not) running, in words a person reads (About box, logs). */
  reason: string;
}

const channelOf = (setting: UpdateSettings['updateChannel']): UpdatePlan['channel'] => (setting === 'beta' ? 'beta' : 'latest');

export function updatePlan(settings: UpdateSettings, installType: InstallType): UpdatePlan {
  const channel = channelOf(settings.updateChannel);
  const off = (reason: string): UpdatePlan => ({ enabled: false, channel, allowPrerelease: false, reason });
  if (settings.updatesDisabled) return off(`Updates are managed by ${settings.managedBy || 'your organisation'}`);
  switch (installType) {
    case 'dev':
      return off('Development build: no in-app updates');
    case 'msi':
      return off('Installed from an MSI package: new versions come from your software distribution');
    case 'pkg':
      return off('Installed from a pkg: new versions come from your device management');
    case 'linux-package':
      return off('Installed by the system package manager: it updates Roamdesk');
    case 'unknown':
      return off('Roamdesk cannot tell how it was installed, so it does not update itself');
    case 'nsis':
    case 'dmg':
    case 'appimage':
      return { enabled: true, channel, allowPrerelease: channel === 'beta', reason: `In-app updates on the ${settings.updateChannel} channel` };
  }
}

/** The part of electron-updater's AppUpdater the shell sets. */
export interface UpdaterLike {
  autoDownload: boolean;
  allowPrerelease: boolean;
  allowDowngrade: boolean;
  channel: string | null;
  checkForUpdatesAndNotify(): Promise<unknown>;
}

/** Sets the updater from the plan; returns whether it should check now. */
export function configureUpdater(updater: UpdaterLike, plan: UpdatePlan): boolean {
  if (!plan.enabled) return false;
  updater.autoDownload = true;
  updater.channel = plan.channel; // electron-updater turns allowDowngrade on when the channel is set …
  updater.allowDowngrade = false; // … never go backwards on our feed
  updater.allowPrerelease = plan.allowPrerelease;
  return true;
}

/** The two update settings and the organisation, read (and checked) from the settings view the engine sends. */
const SettingsRows = z.object({ settings: z.array(z.object({ key: z.string(), value: z.unknown() })), managedBy: z.string().nullable() });
export function updateSettingsFrom(view: unknown): UpdateSettings {
  const parsed = SettingsRows.parse(view);
  const value = (key: string) => parsed.settings.find((row) => row.key === key)?.value;
  const disabled = z.boolean().safeParse(value('updatesDisabled'));
  const channel = z.enum(['stable', 'beta']).safeParse(value('updateChannel'));
  return { updatesDisabled: disabled.success ? disabled.data : false, updateChannel: channel.success ? channel.data : 'stable', managedBy: parsed.managedBy };
}

export interface InstallFacts {
  platform: NodeJS.Platform;
  /** Electron's app.isPackaged. */
  packaged: boolean;
  /** process.execPath of the packaged app. */
  exePath: string;
  env: NodeJS.ProcessEnv;
  exists(file: string): boolean;
  /** The bundle id the pkg installer records its receipt under (electron-builder appId). */
  bundleId?: string;
}

/**
 * How this copy was installed, from what the installers leave behind: NSIS puts
 * `Uninstall <product>.exe` beside the app and MSI does not; a pkg install leaves a receipt
 * in /var/db/receipts; an AppImage runs with $APPIMAGE set; anything else on Linux came from
 * a deb/rpm.
 */
export function detectInstallType(facts: InstallFacts, productName = 'Roamdesk'): InstallType {
  if (!facts.packaged) return 'dev';
  switch (facts.platform) {
    case 'win32': {
      const dir = path.win32.dirname(facts.exePath);
      return facts.exists(path.win32.join(dir, `Uninstall ${productName}.exe`)) ? 'nsis' : 'msi';
    }
    case 'darwin': {
      const bundleId = facts.bundleId ?? 'com.roamdesk.desktop';
      return facts.exists(`/var/db/receipts/${bundleId}.pkg.plist`) || facts.exists(`/var/db/receipts/${bundleId}.plist`) ? 'pkg' : 'dmg';
    }
    case 'linux':
      return facts.env.APPIMAGE ? 'appimage' : 'linux-package';
    default:
      return 'unknown';
  }
}
