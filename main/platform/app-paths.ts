/**
 * Where Roamdesk keeps its files, per OS. `ROAMDESK_HOME` overrides both (tests, portable
 * use); otherwise the platform's own conventions:
 *   Windows  data %APPDATA%\Roamdesk                       logs %APPDATA%\Roamdesk\logs
 *   macOS    data ~/Library/Application Support/Roamdesk    logs ~/Library/Logs/Roamdesk
 *   Linux    data $XDG_DATA_HOME/roamdesk (~/.local/share)  logs $XDG_STATE_HOME/roamdesk/logs (~/.local/state)
 * These match electron-log's defaults for an app named Roamdesk on Windows and macOS, so
 * the shell and the Node host write to the same place.
 */
import os from 'node:os';
import path from 'node:path';

export interface AppPaths {
  dataDir: string;
  logDir: string;
  cacheDatabase: string;
}

export function appPaths(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = os.homedir()): AppPaths {
  const override = env.ROAMDESK_HOME;
  let dataDir: string;
  let logDir: string;
  if (override) {
    dataDir = path.resolve(override);
    logDir = path.join(dataDir, 'logs');
  } else if (platform === 'win32') {
    dataDir = path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), 'Roamdesk');
    logDir = path.win32.join(dataDir, 'logs');
  } else if (platform === 'darwin') {
    dataDir = path.posix.join(home, 'Library', 'Application Support', 'Roamdesk');
    logDir = path.posix.join(home, 'Library', 'Logs', 'Roamdesk');
  } else {
    dataDir = path.posix.join(env.XDG_DATA_HOME || path.posix.join(home, '.local', 'share'), 'roamdesk');
    logDir = path.posix.join(env.XDG_STATE_HOME || path.posix.join(home, '.local', 'state'), 'roamdesk', 'logs');
  }
  const join = platform === 'win32' && !override ? path.win32.join : path.join;
  return { dataDir, logDir, cacheDatabase: join(dataDir, 'hotspots.sqlite') };
}
