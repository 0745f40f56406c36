/**
 * Usage sessions: each stretch online becomes one row with the bytes that passed the
 * (simulated) interface; a session survives a process exit while the OS stays online; the
 * report is CSV that a spreadsheet cannot be tricked into running, or JSON.
 */
import { describe, expect, test } from 'vitest';
import { usageCsv, usageRows } from '../../main/engine/usage/usage-report.js';
import { BSSID } from '../support/small-world.js';
import { startEngineRig } from '../support/engine-rig.js';
import { ManualClock } from '../support/manual-clock.js';
import { tempDir } from '../support/temp-dir.js';

describe('usage sessions', () => {
  test('connect → traffic → disconnect is one session with its bytes; a failed attempt is none', async () => {
    const rig = await startEngineRig({ dir: tempDir('roamdesk-usage-') });
    try {
      expect((await rig.engine.handlers['connection.connect']({ target: BSSID.broken })).phase).toBe('failed');
      expect((await rig.engine.handlers['connection.connect']({ target: BSSID.good })).phase).toBe('online');
      // Some traffic while online, through the simulated interface.
      for (let i = 0; i < 3; i++) expect((await rig.http.request({ url: rig.uplink.probeUrl.replace('/generate_204', '/page'), timeoutMs: 5000 })).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 50)); // the gateway counts a connection when it closes
      await rig.engine.handlers['connection.disconnect']({});
      await rig.engine.usage.flush();
      const rows = usageRows(rig.db);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ bssid: BSSID.good, mac: '02:5c:ff:00:00:01', ip: '127.0.0.1' });
      expect(rows[0]!.end).not.toBeNull();
      // Three requests up, three pages down (each answer is 'Roamdesk simulated internet' plus headers).
      expect(rows[0]!.bytesUp).toBeGreaterThan(3 * 40);
      expect(rows[0]!.bytesDown).toBeGreaterThan(3 * 100);
    } finally {
      await rig.close();
    }
  });

  test('a session stays open across a restart on the same link and ends once', async () => {
    const dir = tempDir('roamdesk-usage-');
    const clock = new ManualClock(Date.UTC(2026, 10, 30, 8), true);
    const first = await startEngineRig({ dir, clock });
    await first.engine.handlers['connection.connect']({ target: BSSID.good });
    await first.engine.usage.checkpoint();
    const partial = usageRows(first.db)[0]!;
    await first.close();
    expect(partial.end).toBeNull();

    const second = await startEngineRig({ dir, clock });
    try {
      expect(second.engine.connection.state().phase).toBe('online');
      await second.engine.handlers['connection.disconnect']({});
      await second.engine.usage.flush();
      const rows = usageRows(second.db);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.start).toBe(partial.start);
      expect(rows[0]!.end).not.toBeNull();
      expect(rows[0]!.bytesDown).toBeGreaterThanOrEqual(partial.bytesDown ?? 0);
    } finally {
      await second.close();
    }
  });

  test('CSV: header, RFC 4180 quoting, empty for unknown, formulas neutralised', () => {
    const csv = usageCsv([
      { start: '2026-11-30T08:00:00.000Z', end: null, ssid: '=HYPERLINK("x")', bssid: '02:00:00:00:01:01', provider: null, mac: null, ip: null, bytesUp: null, bytesDown: 12 },
      { start: '2026-11-30T09:00:00.000Z', end: '2026-11-30T10:00:00.000Z', ssid: 'Café, "Lobby"', bssid: '02:00:00:00:01:02', provider: 'lobbynet', mac: '02:5c:ff:00:00:01', ip: '127.0.0.1', bytesUp: 5, bytesDown: 7 },
    ]);
    expect(csv.split('\r\n')).toEqual([
      'start,end,ssid,bssid,provider,mac,ip,bytes_up,bytes_down',
      `2026-11-30T08:00:00.000Z,,"'=HYPERLINK(""x"")",02:00:00:00:01:01,,,,,12`,
      '2026-11-30T09:00:00.000Z,2026-11-30T10:00:00.000Z,"Café, ""Lobby""",02:00:00:00:01:02,lobbynet,02:5c:ff:00:00:01,127.0.0.1,5,7',
      '',
    ]);
  });
});
