/**
 * How rendered files get into the operating system, as data: which files to write where (with
 * which mode), which commands to run (argv arrays, never a shell string), what to remove
 * afterwards, and how to check the result. A platform adapter executes the plan; tests check it.
 *
 * - Windows: the WLAN profile XML goes into a private directory (created 0700, removed after),
 *   then `netsh wlan add profile filename=<file> user=current`. EapHost user data (which holds
 *   the password) is *not* passed to netsh: there is no netsh command for Wi-Fi user data — it
 *   goes to WlanSetProfileEapXmlUserData through the native helper, so the plan lists it under
 *   `userDataFiles`.
 * - macOS: the .mobileconfig is opened for the person to approve in System Settings
 *   (`open <file>`; macOS 11+ cannot install profiles silently without MDM); `profiles list`
 *   tracks when it was installed.
 * - Linux: the keyfile is written to /etc/NetworkManager/system-connections with mode 0600
 *   (certificates next to it, key files 0600), then `nmcli connection load <file>`.
 *
 * Secrets never go on a command line: only file paths do.
 */
import path from 'node:path';

import type { RenderedFile } from './render/rendered-file.js';

export interface PlannedFile {
  path: string;
  content: string | Uint8Array;
  mode: number;
}

export interface InstallPlan {
  platform: 'windows' | 'macos' | 'linux';
  /** Directories to create first (mode 0700 when private). */
  directories: Array<{ path: string; mode: number }>;
  files: PlannedFile[];
  /** Commands to run in order, as argv. */
  commands: string[][];
  /** Files that must go through an API rather than a command (Windows EapHost user data). */
  userDataFiles: PlannedFile[];
  /** Paths to delete once the commands ran (whether they succeeded or not). */
  cleanup: string[];
  /** A command whose output shows the profile is installed (e.g. `profiles list`). */
  verify?: string[];
  /** What the person has to do, when the OS needs them (macOS approval). */
  userAction?: string;
}

export interface WindowsPlanOptions {
  /** A fresh private directory (e.g. under %LOCALAPPDATA%\Roamdesk\tmp\<random>). */
  privateDir: string;
}

export function windowsInstallPlan(files: RenderedFile[], options: WindowsPlanOptions): InstallPlan {
  const dir = options.privateDir;
  const profiles = files.filter((f) => f.role === 'profile').map((f) => ({ path: path.win32.join(dir, f.name), content: f.content, mode: 0o600 }));
  const userData = files.filter((f) => f.role === 'user-credentials').map((f) => ({ path: path.win32.join(dir, f.name), content: f.content, mode: 0o600 }));
  return {
    platform: 'windows',
    directories: [{ path: dir, mode: 0o700 }],
    files: profiles,
    commands: profiles.map((f) => ['netsh', 'wlan', 'add', 'profile', `filename=${f.path}`, 'user=current']),
    userDataFiles: userData,
    cleanup: [...profiles, ...userData].map((f) => f.path).concat(dir),
    verify: ['netsh', 'wlan', 'show', 'profiles'],
  };
}

export interface MacosPlanOptions {
  /** Where to put the .mobileconfig for System Settings to read (e.g. ~/Library/Caches/Roamdesk). */
  dir: string;
}

export function macosInstallPlan(files: RenderedFile[], options: MacosPlanOptions): InstallPlan {
  const profile = files.find((f) => f.role === 'profile' && f.name.endsWith('.mobileconfig'));
  if (!profile) throw new TypeError('macosInstallPlan needs a rendered .mobileconfig');
  const file = path.posix.join(options.dir, profile.name);
  return {
    platform: 'macos',
    directories: [{ path: options.dir, mode: 0o700 }],
    files: [{ path: file, content: profile.content, mode: 0o600 }],
    commands: [['open', file]],
    userDataFiles: [],
    // The file must stay until the person approved it in System Settings; the app removes it
    // once `profiles list` shows the profile (or when the person cancels).
    cleanup: [],
    verify: ['profiles', 'list'],
    userAction: 'Open System Settings → Privacy & Security → Profiles (macOS 13+: General → Device Management), review the downloaded profile and click Install.',
  };
}

export interface LinuxPlanOptions {
  /** Default /etc/NetworkManager/system-connections. */
  connectionsDir?: string;
  /** Where certificates and keys go; must match the paths the keyfile was rendered with. */
  certificatesDir: string;
}

export function linuxInstallPlan(files: RenderedFile[], options: LinuxPlanOptions): InstallPlan {
  const connectionsDir = options.connectionsDir ?? '/etc/NetworkManager/system-connections';
  const keyfiles = files.filter((f) => f.role === 'profile').map((f) => ({ path: path.posix.join(connectionsDir, f.name), content: f.content, mode: 0o600 }));
  const certificates = files
    .filter((f) => f.role !== 'profile' && f.role !== 'user-credentials')
    .map((f) => ({ path: path.posix.join(options.certificatesDir, f.name), content: f.content, mode: f.secret ? 0o600 : 0o644 }));
  return {
    platform: 'linux',
    directories: [
      { path: options.certificatesDir, mode: 0o700 },
      { path: connectionsDir, mode: 0o755 },
    ],
    files: [...certificates, ...keyfiles],
    commands: keyfiles.map((f) => ['nmcli', 'connection', 'load', f.path]),
    userDataFiles: [],
    cleanup: [],
    verify: ['nmcli', '-t', '-f', 'NAME,UUID,TYPE', 'connection', 'show'],
  };
}
