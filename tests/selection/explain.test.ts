import { describe, expect, test } from 'vitest';
import { explainRanking, rank } from '../../main/engine/selection/index.js';
import { bssid, candidate, context, directory } from './fixtures.js';

describe('explanations', () => {
  test('the decision, every ranked candidate with its terms, and every skipped one with its reason', () => {
    const ranking = rank(
      [
        candidate({ bssid: bssid(1), ssid: 'SkyFi', directory: directory({ authMethod: 'wispr', crowdAttempts: 40, crowdSuccesses: 36 }) }),
        candidate({ bssid: bssid(2), ssid: 'Home', security: 'wpa2-personal' }),
      ],
      context(),
    );
    const lines = explainRanking(ranking);
    expect(lines[0]).toMatch(/^Decision: connect 02:00:00:00:00:01 \[BEST_AVAILABLE\] Joining “SkyFi”/);
    const text = lines.join('\n');
    expect(text).toMatch(/1\. SkyFi 02:00:00:00:00:01 -60 dBm 5GHz {2}bucket partner {2}score \d+\.\d/);
    expect(text).toMatch(/successRate +\+\d+\.\d {2}\d+% expected success \(0 own, 40 crowd attempts; no site data\)/);
    expect(text).toMatch(/portalFriction .*sign-in: wispr/);
    expect(text).toMatch(/Home 02:00:00:00:00:02 -60 dBm {2}NO_CREDENTIALS: It needs a password/);
  });

  test('long lists are cut and counted, never unbounded', () => {
    const many = Array.from({ length: 50 }, (_, i) => candidate({ bssid: bssid(i + 1), ssid: `AP${i}`, signalDbm: -50 - (i % 20) }));
    const lines = explainRanking(rank(many, context()), { maxRanked: 3 });
    expect(lines).toContain('     … and 47 more');
    expect(lines.filter((line) => /^ +\d+\. /.test(line))).toHaveLength(3);
  });
});
