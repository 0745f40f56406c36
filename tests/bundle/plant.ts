/**
 * Secrets and identifiers planted in every kind of bundle input, in the shapes they really
 * take: the app's log lines (electron-log text with util.inspect fields), wpa_supplicant and
 * NetworkManager configs, Windows EAP user credentials, Apple profiles, WISPr exchanges,
 * RADIUS attributes, settings JSON. Real captures from ../shared/fixtures are used as they are.
 */
import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const fixtures = path.resolve(root, '..', 'shared', 'fixtures');
export const fixture = (relative: string) => readFileSync(path.join(fixtures, relative), 'utf8');

const basic = Buffer.from('alice:B4sic-Pw-77').toString('base64');

/** Values that must not survive anywhere in a bundle, in any encoding, at any level. */
export const SECRETS = [
  'Corr3ct-Horse-Battery', // WPA passphrase
  'Eap-Pa55w0rd!x', // EAP password in wpa_supplicant.conf
  'PKCS#12 passhrase', // fixture: private_key_passwd
  '12345testing', // fixture: NetworkManager private-key-password
  'user_0303', // fixture: EAP-TTLS <Password>
  'W1spr-S3cret', // WISPr login POST body
  'Rad1us-Pw-9', // RADIUS User-Password
  'abcDEF123tokenXYZ789', // Authorization: Bearer
  'B4sic-Pw-77',
  basic, // Authorization: Basic
  'Sess10nCook1eValue', // Cookie
  'SetC00kieSecretVal', // Set-Cookie
  'MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7', // PEM private key body, line 1
  'q3sR0xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEf', // PEM private key body, line 2
  'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWhlcmU', // a JWT
  'Url-Pa55', // URL userinfo
  'sk-live-Ap1T0kenZZ', // settings apiToken
  'JsonPw-42', // settings credentials.password
  'ArrPw-1xx', // settings passwords[]
  'Pl1st-Secret-Pw', // Apple profile <key>Password</key>
  'AQIAFgQQLh0uQthjM0PZoQBHT6wE0Q==', // fixture: WISPr 2.0 EAPMsg
  'Supp-Psk-Hex-0011', // supplicant output psk
] as const;

/** Identifiers that must not survive at the standard level (they become salted tokens or masks). */
export const IDENTIFIERS = ['alice.smith@example.com', 'roamer@isp.example', '/home/alice/', 'roam-laptop', 'DESKTOP-7QX2ABC', 'a1:b2:c3', '192.168.44.87', '203.0.113.57', 'Bill Smith', 'user03', '2001:db8:85a3::8a2e:370:7334'] as const;

export const KNOWN = { users: ['alice'], hosts: ['roam-laptop'] };

/** Every form a leaked value could take in a bundle. */
export function encodings(value: string): string[] {
  const forms = new Set([value, Buffer.from(value).toString('base64'), Buffer.from(value).toString('hex'), Buffer.from(value).toString('base64url'), encodeURIComponent(value), encodeURIComponent(value).replaceAll('%20', '+')]);
  return [...forms];
}

export function appLog(lines: number, offset = 0): string {
  const out: string[] = [];
  for (let i = 0; i < lines; i++) out.push(`[2026-11-30 08:${String((i + offset) % 60).padStart(2, '0')}:00.000] [info]  line ${i + offset} scan ok {\n  ssid: 'Cafe', signalDbm: -61\n}`);
  return `${out.join('\n')}\n`;
}

/** The app's log with every secret and identifier planted. */
export const secretLog = `[2026-11-30 08:00:01.100] [info]  connect started {
  ssid: 'Airport Free',
  bssid: '3c:22:fb:a1:b2:c3',
  passphrase: 'Corr3ct-Horse-Battery',
  user: 'alice.smith@example.com',
  hostname: 'roam-laptop',
  address: '192.168.44.87', publicIp: '203.0.113.57', v6: '2001:db8:85a3::8a2e:370:7334'
}
[2026-11-30 08:00:02.200] [debug] portal POST https://login.hotspot.example/login body UserName=roamer%40isp.example&Password=W1spr-S3cret&button=Login
[2026-11-30 08:00:02.300] [debug] request headers {"Authorization":"Bearer abcDEF123tokenXYZ789","Cookie":"SESSION=Sess10nCook1eValue; theme=dark"}
[2026-11-30 08:00:02.400] [debug] proxy auth
Authorization: Basic ${basic}
Set-Cookie: sid=SetC00kieSecretVal; Path=/; HttpOnly
[2026-11-30 08:00:02.500] [warn]  relay token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWhlcmU expired
[2026-11-30 08:00:02.600] [info]  proxy https://admin:Url-Pa55@proxy.corp.example:8080/ from /home/alice/.config/roamdesk on DESKTOP-7QX2ABC
[2026-11-30 08:00:02.700] [debug] RADIUS Access-Request User-Name = "alice" User-Password = "Rad1us-Pw-9"
[2026-11-30 08:00:02.800] [error] client key loaded by mistake:
-----BEGIN PRIVATE KEY-----
MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7
q3sR0xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789AbCdEf
-----END PRIVATE KEY-----
[2026-11-30 08:00:03.000] [info]  done
`;

export const supplicantConf = `ctrl_interface=/var/run/wpa_supplicant
network={
	ssid="eduroam"
	key_mgmt=WPA-EAP
	eap=PEAP
	identity="alice.smith@example.com"
	anonymous_identity="anonymous@example.com"
	password="Eap-Pa55w0rd!x"
	phase2="auth=MSCHAPV2"
}
network={
	ssid="Home"
	psk="Corr3ct-Horse-Battery"
}
${fixture('8021x/linux/debian-wpasupplicant-2.10-examples-wpa2-eap-ccmp.conf')}`;

export const supplicantOutput = `wlan0: CTRL-EVENT-EAP-STARTED EAP authentication started
wlan0: CTRL-EVENT-EAP-PEER-METHOD EAP vendor 0 method 25 (PEAP) selected
psk=Supp-Psk-Hex-0011
wlan0: Associated with 3c:22:fb:a1:b2:c3
`;

export const applePlist = `<dict>
  <key>EAPClientConfiguration</key>
  <dict>
    <key>UserName</key>
    <string>alice</string>
    <key>UserPassword</key>
    <string>Pl1st-Secret-Pw</string>
  </dict>
</dict>
`;

export const settingsJson = {
  redactionLevel: 'standard',
  relay: { url: 'https://relay.example', apiToken: 'sk-live-Ap1T0kenZZ' },
  credentials: { user: 'alice', password: 'JsonPw-42' },
  passwords: ['ArrPw-1xx', 'ArrPw-2xx'],
  deviceName: 'roam-laptop',
};

/** Writes a file and sets its modification time (seconds since the epoch). */
export function plantFile(file: string, content: string, mtimeSeconds: number): string {
  writeFileSync(file, content);
  utimesSync(file, mtimeSeconds, mtimeSeconds);
  return file;
}

export function portalCaptures(): Array<{ name: string; text: string }> {
  return [
    { name: 'portal/coovachilli-eap-challenge.txt', text: fixture('wispr/coovachilli_eap-121-10-challenge_http-exchange.txt') },
    { name: 'portal/wispr-login-post.txt', text: 'POST /login HTTP/1.1\r\nHost: login.hotspot.example\r\nCookie: SESSION=Sess10nCook1eValue\r\nContent-Type: application/x-www-form-urlencoded\r\n\r\nUserName=roamer%40isp.example&Password=W1spr-S3cret&FNAME=0&OriginatingServer=http://www.example.com\r\n' },
  ];
}

export function eapItems(): Array<{ name: string; text: string; category: 'supplicant' }> {
  return [
    { name: 'supplicant/wpa_supplicant.conf', text: supplicantConf, category: 'supplicant' },
    { name: 'supplicant/wpa_supplicant.out', text: supplicantOutput, category: 'supplicant' },
    { name: 'supplicant/nm-wired-tls.nmconnection', text: fixture('8021x/linux/networkmanager-keyfile-tests-Test_Wired_TLS_New.nmconnection'), category: 'supplicant' },
    { name: 'supplicant/eap-ttls-userdata.xml', text: fixture('8021x/windows/rozmansi-WLANSetEAPUserData-Microsoft-EAP-TTLS-Userdata-inner-non-EAP.xml'), category: 'supplicant' },
    { name: 'supplicant/apple-profile.plist', text: applePlist, category: 'supplicant' },
  ];
}
