import { describe, expect, test } from 'vitest';
import { parseSelectionPolicy, rank } from '../../main/engine/selection/index.js';
import { NOW, DAY, bssid, candidate, context, directory, hex, history } from './fixtures.js';

describe('buckets: policy wins over quality', () => {
  const excellent = { signalDbm: -45, band: '6GHz' as const, frequencyMhz: 5975, standard: '802.11be' as const, channelWidthMhz: 160 };
  const poor = { signalDbm: -76, band: '2.4GHz' as const, frequencyMhz: 2412, standard: '802.11n' as const, channelWidthMhz: 20 };

  const unknownOpen = candidate({ bssid: bssid(1), ssid: 'Random', ...excellent });
  const partner = candidate({ bssid: bssid(2), ssid: 'SkyFi', ...excellent, directory: directory({ providerId: 'skyfi', crowdAttempts: 50, crowdSuccesses: 49 }) });
  const habitual = candidate({ bssid: bssid(3), ssid: 'Office', ...poor, habit: { ssidHex: hex('Office'), uses: 50, lastUsedAt: NOW - DAY, onlineMs: 0 } });
  const managed = candidate({
    bssid: bssid(4),
    ssid: 'CorpRoam',
    ...poor,
    directory: directory({ providerId: 'corproam', authMethod: 'web-portal', crowdAttempts: 50, crowdSuccesses: 30 }),
    history: history({ meanThroughputMbps: 2 }),
  });

  test('order is preferred > habitual > partner > other, whatever the scores', () => {
    const policy = parseSelectionPolicy({ lists: { managedProviders: ['corproam'] } });
    const ranking = rank([unknownOpen, partner, habitual, managed], context(), policy);
    expect(ranking.eligible.map((s) => [s.candidate.ssid, s.bucket])).toEqual([
      ['CorpRoam', 'preferred'],
      ['Office', 'habitual'],
      ['SkyFi', 'partner'],
      ['Random', 'other'],
    ]);
    // The scores run the other way: policy, not quality, decided.
    const scores = ranking.eligible.map((s) => s.score);
    expect(scores[0]!).toBeLessThan(scores[2]!);
    expect(scores[1]!).toBeLessThan(scores[3]!);
    expect(ranking.decision).toMatchObject({ action: 'connect', target: managed.bssid });
  });

  test('without the managed provider, CorpRoam is just a partner and loses on quality', () => {
    const ranking = rank([partner, managed], context());
    expect(ranking.eligible.map((s) => s.candidate.ssid)).toEqual(['SkyFi', 'CorpRoam']);
  });

  test('a preferred SSID and a preferred provider both make the top bucket', () => {
    expect(rank([unknownOpen], context(), parseSelectionPolicy({ lists: { preferredSsids: ['Random'] } })).eligible[0]!.bucket).toBe('preferred');
    expect(rank([partner], context(), parseSelectionPolicy({ lists: { preferredProviders: ['skyfi'] } })).eligible[0]!.bucket).toBe('preferred');
  });

  test('a saved secured network outside the directory counts as habitual', () => {
    const home = candidate({ bssid: bssid(5), ssid: 'Home', security: 'wpa2-personal', hasCredentials: true });
    expect(rank([home], context()).eligible[0]!.bucket).toBe('habitual');
  });

  test('switching to a better bucket is a policy decision (BETTER_BUCKET), but not to a weak link', () => {
    const policy = parseSelectionPolicy({ lists: { managedProviders: ['corproam'] } });
    const onPartner = context({ current: { bssid: partner.bssid, ssidHex: partner.ssidHex, since: NOW - DAY } });
    // The managed network at -68 dBm: a sound link (-70 or better), policy moves the device.
    const sound = candidate({ ...managed, signalDbm: -68 });
    expect(rank([partner, sound], onPartner, policy).decision).toMatchObject({ action: 'switch', target: sound.bssid, code: 'BETTER_BUCKET' });
    // At -76 dBm it still ranks first, but a working -45 dBm link is not left for it.
    const ranking = rank([partner, managed], onPartner, policy);
    expect(ranking.eligible[0]!.candidate.bssid).toBe(managed.bssid);
    expect(ranking.decision).toMatchObject({ action: 'stay', target: partner.bssid, code: 'CURRENT_IS_BEST' });
    expect(ranking.decision.reason).toMatch(/too weak to leave a working link for \(-70 dBm needed\)/);
    // Unless the current link is no stronger: then the better bucket wins at -76 too.
    const weakPartner = candidate({ ...partner, signalDbm: -78 });
    expect(rank([weakPartner, managed], onPartner, policy).decision).toMatchObject({ action: 'switch', target: managed.bssid, code: 'BETTER_BUCKET' });
  });
});
