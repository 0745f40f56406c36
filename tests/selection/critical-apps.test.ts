import { describe, expect, test } from 'vitest';
import { parsePs, parseTasklistCsv } from '../../main/platform/os-process-list.js';
import { criticalAppPlatform, defaultCriticalApps, findCriticalApps } from '../../main/engine/selection/index.js';

describe('critical apps', () => {
  test('Windows: image names from tasklist, case-insensitive, one match per app', () => {
    const processes = parseTasklistCsv(
      ['"explorer.exe","1000","Console","1","80,000 K"', '"ms-teams.exe","4242","Console","1","300,000 K"', '"MS-TEAMS.EXE","4243","Console","1","100,000 K"', '"chrome.exe","5000","Console","1","1,000 K"'].join('\r\n'),
    );
    expect(findCriticalApps(processes, 'windows')).toEqual([{ id: 'teams', label: 'Microsoft Teams', pid: 4242, processName: 'ms-teams.exe' }]);
  });

  test('macOS: executable names from ps, including Zoom and FaceTime; browsers are not critical', () => {
    const processes = parsePs(
      [
        '  101 /Applications/zoom.us.app/Contents/MacOS/zoom.us',
        '  102 /System/Applications/FaceTime.app/Contents/MacOS/FaceTime',
        '  103 /Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      ].join('\n'),
    );
    expect(findCriticalApps(processes, 'macos').map((m) => m.id)).toEqual(['zoom', 'facetime']);
  });

  test('the list is configurable: an operator list replaces the default', () => {
    const custom = [{ id: 'softphone', label: 'Softphone', windows: ['softphone.exe'], macos: [] }];
    const processes = [
      { pid: 1, name: 'Softphone.exe' },
      { pid: 2, name: 'Teams.exe' },
    ];
    expect(findCriticalApps(processes, 'windows', custom).map((m) => m.id)).toEqual(['softphone']);
    expect(findCriticalApps(processes, 'windows').map((m) => m.id)).toEqual(['teams']);
  });

  test('the default list covers the common call apps on both platforms', () => {
    const ids = defaultCriticalApps.map((app) => app.id);
    expect(ids).toEqual(expect.arrayContaining(['teams', 'zoom', 'webex', 'slack', 'facetime', 'skype', 'discord', 'goto', 'ringcentral']));
    expect(criticalAppPlatform('win32')).toBe('windows');
    expect(criticalAppPlatform('darwin')).toBe('macos');
  });
});
