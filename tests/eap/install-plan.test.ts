/** Install plans: exact argv, file locations and modes, and no secret on any command line. */
import { describe, expect, test } from 'vitest';
import { linuxInstallPlan, macosInstallPlan, windowsInstallPlan } from '../../main/engine/eap/install-plan.js';
import { renderAppleMobileconfig } from '../../main/engine/eap/render/apple-mobileconfig.js';
import { renderNetworkManager } from '../../main/engine/eap/render/networkmanager.js';
import { renderWindowsWlan } from '../../main/engine/eap/render/windows-wlan.js';
import { FAKE_P12_BASE64, corpProfile } from './support/profiles.js';

const PASSWORD = 'Sup3r-Secret!';

describe('Windows', () => {
  const files = renderWindowsWlan(corpProfile('peap-mschapv2', { ssids: ['corp-a', 'corp-b'] }), { credentials: { identity: 'alice', password: PASSWORD } });
  const plan = windowsInstallPlan(files, { privateDir: 'C:\\Users\\alice\\AppData\\Local\\Roamdesk\\tmp\\x1' });

  test('netsh wlan add profile per profile file, user=current, from the private directory', () => {
    expect(plan.commands).toEqual([
      ['netsh', 'wlan', 'add', 'profile', 'filename=C:\\Users\\alice\\AppData\\Local\\Roamdesk\\tmp\\x1\\roamdesk-corp-example-1.xml', 'user=current'],
      ['netsh', 'wlan', 'add', 'profile', 'filename=C:\\Users\\alice\\AppData\\Local\\Roamdesk\\tmp\\x1\\roamdesk-corp-example-2.xml', 'user=current'],
    ]);
    expect(plan.directories).toEqual([{ path: 'C:\\Users\\alice\\AppData\\Local\\Roamdesk\\tmp\\x1', mode: 0o700 }]);
  });

  test('user data goes to the API, not netsh; everything is removed afterwards', () => {
    expect(plan.userDataFiles.map((f) => f.path)).toEqual([
      'C:\\Users\\alice\\AppData\\Local\\Roamdesk\\tmp\\x1\\roamdesk-corp-example-1-userdata.xml',
      'C:\\Users\\alice\\AppData\\Local\\Roamdesk\\tmp\\x1\\roamdesk-corp-example-2-userdata.xml',
    ]);
    expect(plan.cleanup).toEqual([...plan.files.map((f) => f.path), ...plan.userDataFiles.map((f) => f.path), 'C:\\Users\\alice\\AppData\\Local\\Roamdesk\\tmp\\x1']);
    expect(plan.files.every((f) => f.mode === 0o600)).toBe(true);
    expect(JSON.stringify(plan.commands)).not.toContain(PASSWORD);
    expect(plan.files.some((f) => String(f.content).includes(PASSWORD))).toBe(false);
  });
});

describe('macOS', () => {
  test('open the .mobileconfig for approval; profiles list tracks it', () => {
    const plan = macosInstallPlan(renderAppleMobileconfig(corpProfile('ttls-pap')), { dir: '/Users/alice/Library/Caches/Roamdesk' });
    expect(plan.files.map((f) => [f.path, f.mode])).toEqual([['/Users/alice/Library/Caches/Roamdesk/roamdesk-corp-example.mobileconfig', 0o600]]);
    expect(plan.commands).toEqual([['open', '/Users/alice/Library/Caches/Roamdesk/roamdesk-corp-example.mobileconfig']]);
    expect(plan.verify).toEqual(['profiles', 'list']);
    expect(plan.userAction).toContain('Profiles');
  });
});

describe('Linux', () => {
  test('keyfile 0600 in system-connections, key 0600, CA 0644, then nmcli connection load', () => {
    const profile = corpProfile('tls', { clientCertificate: { format: 'pkcs12', pkcs12: FAKE_P12_BASE64 } });
    const files = renderNetworkManager(profile, { files: { caCertPath: '/etc/roamdesk/eap/corp/ca.pem', privateKeyPath: '/etc/roamdesk/eap/corp/client.p12' }, privateKeyPassphrase: PASSWORD });
    const plan = linuxInstallPlan(files, { certificatesDir: '/etc/roamdesk/eap/corp' });
    expect(plan.files.map((f) => [f.path, f.mode])).toEqual([
      ['/etc/roamdesk/eap/corp/ca.pem', 0o644],
      ['/etc/roamdesk/eap/corp/client.p12', 0o600],
      ['/etc/NetworkManager/system-connections/roamdesk-corp-example.nmconnection', 0o600],
    ]);
    expect(plan.commands).toEqual([['nmcli', 'connection', 'load', '/etc/NetworkManager/system-connections/roamdesk-corp-example.nmconnection']]);
    expect(plan.directories[0]).toEqual({ path: '/etc/roamdesk/eap/corp', mode: 0o700 });
    expect(JSON.stringify(plan.commands)).not.toContain(PASSWORD);
  });
});
