import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { appPaths } from '../../main/platform/app-paths.js';

describe('appPaths', () => {
  test('Windows: under %APPDATA%', () => {
    expect(appPaths({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ann')).toEqual({
      dataDir: 'C:\\Users\\ann\\AppData\\Roaming\\Roamdesk',
      logDir: 'C:\\Users\\ann\\AppData\\Roaming\\Roamdesk\\logs',
      cacheDatabase: 'C:\\Users\\ann\\AppData\\Roaming\\Roamdesk\\hotspots.sqlite',
    });
  });

  test('Windows without APPDATA falls back to the roaming profile folder', () => {
    expect(appPaths({}, 'win32', 'C:\\Users\\ann').dataDir).toBe('C:\\Users\\ann\\AppData\\Roaming\\Roamdesk');
  });

  test('macOS: Application Support for data, Logs for logs', () => {
    expect(appPaths({}, 'darwin', '/Users/ann')).toEqual({
      dataDir: '/Users/ann/Library/Application Support/Roamdesk',
      logDir: '/Users/ann/Library/Logs/Roamdesk',
      cacheDatabase: '/Users/ann/Library/Application Support/Roamdesk/hotspots.sqlite',
    });
  });

  test('Linux: XDG defaults', () => {
    expect(appPaths({}, 'linux', '/home/ann')).toEqual({
      dataDir: '/home/ann/.local/share/roamdesk',
      logDir: '/home/ann/.local/state/roamdesk/logs',
      cacheDatabase: '/home/ann/.local/share/roamdesk/hotspots.sqlite',
    });
  });

  test('Linux: XDG variables are honoured, empty ones ignored', () => {
    expect(appPaths({ XDG_DATA_HOME: '/data/ann', XDG_STATE_HOME: '/state/ann' }, 'linux', '/home/ann')).toEqual({
      dataDir: '/data/ann/roamdesk',
      logDir: '/state/ann/roamdesk/logs',
      cacheDatabase: '/data/ann/roamdesk/hotspots.sqlite',
    });
    expect(appPaths({ XDG_DATA_HOME: '', XDG_STATE_HOME: '' }, 'linux', '/home/ann').dataDir).toBe('/home/ann/.local/share/roamdesk');
  });

  test.each(['linux', 'darwin'] as const)('ROAMDESK_HOME overrides everything on %s', (platform) => {
    expect(appPaths({ ROAMDESK_HOME: '/tmp/rd-home', XDG_DATA_HOME: '/x', APPDATA: 'C:\\y' }, platform, '/home/ann')).toEqual({
      dataDir: '/tmp/rd-home',
      logDir: '/tmp/rd-home/logs',
      cacheDatabase: '/tmp/rd-home/hotspots.sqlite',
    });
  });

  test('a relative ROAMDESK_HOME is made absolute', () => {
    const paths = appPaths({ ROAMDESK_HOME: 'portable-data' }, 'linux', '/home/ann');
    expect(paths.dataDir).toBe(path.resolve('portable-data'));
    expect(paths.cacheDatabase).toBe(path.join(path.resolve('portable-data'), 'hotspots.sqlite'));
  });
});
