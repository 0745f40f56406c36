/**
 * 802.1X in the demo world's office: the eap-config Acme IT publishes is installed (server
 * validation enforced), the sign-in shows as its own stage, and each failure is explained
 * with the code a real supplicant log would give (eap/failure-explain.ts).
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import { MemorySecretStore } from '../../main/engine/ports/secret-store.js';
import { WorldSpec } from '../../main/engine/wifi/simulated/world-schema.js';
import { type EngineRig, startEngineRig } from '../support/engine-rig.js';
import { tempDir } from '../support/temp-dir.js';
import { ManualClock } from '../support/manual-clock.js';
import { X509Certificate } from 'node:crypto';

const demo = WorldSpec.parse(JSON.parse(readFileSync(new URL('../../assets/worlds/demo.json', import.meta.url), 'utf8')));
const eapConfig = readFileSync(new URL('../../assets/worlds/acme-corp-eap-config.xml', import.meta.url), 'utf8');
const ACME_CORP = '02:5c:04:00:00:01';

let rig: EngineRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

async function office(): Promise<EngineRig> {
  rig = await startEngineRig({ dir: tempDir('roamdesk-eap-'), world: demo, secrets: new MemorySecretStore() });
  rig.driver.moveTo('office');
  return rig;
}

const stages = (state: { timeline: Array<{ stage: string; status: string }> }) => state.timeline.map((s) => `${s.stage}:${s.status}`);

describe('enterprise Wi-Fi in the demo office', () => {
  test('without a profile the card says to install one', async () => {
    const r = await office();
    const state = await r.engine.handlers['connection.connect']({ target: ACME_CORP });
    expect(state.error).toMatchObject({ code: 'EAP_PROFILE_MISSING', hint: expect.stringContaining('Enterprise Wi-Fi') });
  });

  test('install the profile; a wrong password fails at the authenticate stage as EAP_WRONG_PASSWORD; the right one goes online', async () => {
    const r = await office();
    const list = await r.engine.handlers['eap.profiles.install']({ eapConfig, username: 'alice', password: 'not-it' });
    expect(list.profiles).toEqual([
      expect.objectContaining({ id: 'acme.example', method: 'peap-mschapv2', ssids: ['Acme-Corp'], serverNames: ['radius.acme.example'], username: 'alice', identity: 'alice@acme.example', hasPassword: true }),
    ]);
    expect(JSON.stringify(list)).not.toContain('not-it');

    const wrong = await r.engine.handlers['connection.connect']({ target: ACME_CORP });
    expect(wrong.phase).toBe('failed');
    expect(stages(wrong)).toEqual(['associate:succeeded', 'authenticate:failed']);
    expect(wrong.error).toMatchObject({ code: 'EAP_WRONG_PASSWORD', hint: expect.stringContaining('password') });
    expect(await r.driver.currentLink()).toBeNull();

    await r.engine.handlers['eap.profiles.install']({ eapConfig, username: 'alice', password: 'Acme-Office-2026' });
    const online = await r.engine.handlers['connection.connect']({ target: ACME_CORP });
    expect(online.phase).toBe('online');
    expect(stages(online)).toEqual(['associate:succeeded', 'authenticate:succeeded', 'verify:succeeded']);
    expect(online.timeline[1]!.detail).toContain('peap-mschapv2 as alice@acme.example');
  });

  test('a profile whose CA is not the server\'s is refused before any password is sent: EAP_UNTRUSTED_CA', async () => {
    const r = await office();
    const otherCa = readFileSync(new URL('../../../shared/fixtures/8021x/eap-config/geteduroam-linux-app-test_data-eva-eap.xml', import.meta.url), 'utf8').match(/<CA format="X.509" encoding="base64">([^<]+)<\/CA>/)![1]!;
    const tampered = eapConfig.replace(/(<CA format="X.509" encoding="base64">)[^<]+(<\/CA>)/, `$1${otherCa}$2`);
    await r.engine.handlers['eap.profiles.install']({ eapConfig: tampered, username: 'alice', password: 'Acme-Office-2026' });
    const state = await r.engine.handlers['connection.connect']({ target: ACME_CORP });
    expect(state.error?.code).toBe('EAP_UNTRUSTED_CA');
    expect(state.error?.hint).toContain('Do not enter your password');
  });

  test('a profile naming another server is refused: EAP_SERVER_NAME_MISMATCH', async () => {
    const r = await office();
    await r.engine.handlers['eap.profiles.install']({ eapConfig: eapConfig.replace('<ServerID>radius.acme.example</ServerID>', '<ServerID>radius.evil.example</ServerID>'), username: 'alice', password: 'Acme-Office-2026' });
    const state = await r.engine.handlers['connection.connect']({ target: ACME_CORP });
    expect(state.error?.code).toBe('EAP_SERVER_NAME_MISMATCH');
  });

  test('expiry reminders: none while the CA has years left; 7 days before its end, one with the helpdesk page to renew', async () => {
    const r = await office();
    const [fresh] = (await r.engine.handlers['eap.profiles.install']({ eapConfig, username: 'alice', password: 'x' })).profiles;
    expect(fresh!.reminders).toEqual([]);
    await r.close();
    rig = undefined;

    const caPem = `-----BEGIN CERTIFICATE-----\n${eapConfig.match(/<CA format="X.509" encoding="base64">([^<]+)<\/CA>/)![1]!.match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----`;
    const notAfter = new Date(new X509Certificate(caPem).validTo).getTime();
    rig = await startEngineRig({ dir: tempDir('roamdesk-eap-'), world: demo, secrets: new MemorySecretStore(), clock: new ManualClock(notAfter - 5 * 24 * 3600_000, true) });
    const [late] = (await rig.engine.handlers['eap.profiles.install']({ eapConfig, username: 'alice', password: 'x' })).profiles;
    expect(late!.reminders).toEqual([{ label: 'Acme Corp IT: the network’s CA certificate', daysLeft: 5, daysBefore: 7, renewUrl: 'https://help.acme.example/wifi' }]);
  });

  test('an eap-config without server validation is not installed', async () => {
    const r = await office();
    const bare = eapConfig.replace(/<ServerSideCredential>[\s\S]*?<\/ServerSideCredential>/, '');
    await expect(r.engine.handlers['eap.profiles.install']({ eapConfig: bare, username: 'alice' })).rejects.toMatchObject({ code: 'EAP_SERVER_VALIDATION_MISSING' });
    expect((await r.engine.handlers['eap.profiles.list']({})).profiles).toEqual([]);
  });
});
