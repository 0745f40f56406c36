import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { OsProcessList, parsePs, parseTasklistCsv } from '../../main/platform/os-process-list.js';

describe('OsProcessList', () => {
  test.runIf(process.platform !== 'win32')('lists this very process from the real `ps`', async () => {
    const processes = await new OsProcessList().list();
    expect(processes.length).toBeGreaterThan(1);
    const self = processes.find((p) => p.pid === process.pid);
    expect(self).toBeDefined();
    expect(self!.name).toBe(path.basename(process.execPath).slice(0, self!.name.length));
    for (const p of processes) {
      expect(Number.isInteger(p.pid)).toBe(true);
      expect(p.name).not.toBe('');
    }
  });
});

describe('parsePs', () => {
  test('reads pid and the command name, without its folder', () => {
    const output = ['    1 /sbin/init', '  812 /usr/lib/systemd/systemd-journald', ' 4242 Microsoft Teams Helper', '99999 node', '', 'garbage line'].join('\n');
    expect(parsePs(output)).toEqual([
      { pid: 1, name: 'init' },
      { pid: 812, name: 'systemd-journald' },
      { pid: 4242, name: 'Microsoft Teams Helper' },
      { pid: 99999, name: 'node' },
    ]);
  });
});

describe('parseTasklistCsv', () => {
  test('reads realistic tasklist /fo csv /nh output', () => {
    const output = [
      '"System Idle Process","0","Services","0","8 K"',
      '"Teams.exe","12345","Console","1","180,000 K"',
      '"Zoom ""Beta"".exe","4711","Console","1","95,104 K"',
      'INFO: No tasks are running which match the specified criteria.',
      '',
    ].join('\r\n');
    expect(parseTasklistCsv(output)).toEqual([
      { pid: 0, name: 'System Idle Process' },
      { pid: 12345, name: 'Teams.exe' },
      { pid: 4711, name: 'Zoom "Beta".exe' },
    ]);
  });
});
