/**
 * What `renderWpaSupplicant` writes really authenticates: profiles built with the product's
 * model (checkEapProfile) are rendered, their files written where the render options said,
 * and the rendered config is run through eapol_test against the RADIUS lab's FreeRADIUS.
 * Negatives prove the rendered server-validation settings bite (wrong CA, wrong name).
 *
 * Needs the Debian packages freeradius, eapoltest and openssl: a missing one FAILS the file.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type EapMethod, type EapProfile, checkEapProfile } from '../../main/engine/eap/model.js';
import { renderWpaSupplicant, type WpaSupplicantOptions } from '../../main/engine/eap/render/wpa-supplicant.js';
import { expectAttempt } from '../support/radius/expect-attempt.js';
import { type RadiusLab, startRadiusLab } from '../support/radius/lab.js';

const ALICE = { name: 'alice', password: 'correct horse battery' };
/** Needs hex encoding in wpa_supplicant (quote, backslash, non-ASCII); PAP and MSCHAPv2 must agree on its bytes. */
const BOB = { name: 'bob', password: 'q"uo\\te – naïve ✓' };
const SERVER_NAME = 'radius.corp.example';

let lab: RadiusLab;
let filesDir: string;
let caPem: string;
let otherCaPem: string;

beforeAll(async () => {
  lab = await startRadiusLab({ users: [ALICE, BOB], serverName: SERVER_NAME });
  filesDir = await mkdtemp(path.join(os.tmpdir(), 'roamdesk-rendered-'));
  caPem = await readFile(lab.pki.caCert, 'utf8');
  otherCaPem = await readFile(lab.pki.otherCaCert, 'utf8');
}, 60_000);

afterAll(async () => {
  await lab?.stop();
  if (filesDir) await rm(filesDir, { recursive: true, force: true });
});

function profile(method: EapMethod, overrides: Partial<EapProfile> = {}): EapProfile {
  return checkEapProfile({
    id: 'corp.example',
    name: 'Corp Secure',
    method,
    ...(method === 'tls' ? {} : { outerIdentity: 'anonymous@corp.example' }),
    serverValidation: { caCertificates: [caPem], serverNames: [SERVER_NAME] },
    ssids: ['corp-secure'],
    provider: { helpdesk: { emails: [], webAddresses: [], phones: [] } },
    ...overrides,
  }).profile;
}

let caseNumber = 0;

/** Renders, writes every returned file at the path the options named, and authenticates the config. */
async function renderAndAuthenticate(p: EapProfile, options: Omit<WpaSupplicantOptions, 'files'> & { p12?: boolean }) {
  caseNumber += 1;
  const dir = path.join(filesDir, String(caseNumber));
  const files = {
    caCertPath: path.join(dir, 'ca.pem'),
    ...(p.method === 'tls' ? { privateKeyPath: path.join(dir, options.p12 ? 'client.p12' : 'client.key') } : {}),
    ...(p.method === 'tls' && !options.p12 ? { clientCertPath: path.join(dir, 'client.pem') } : {}),
  };
  const { p12: _p12, ...renderOptions } = options;
  const rendered = renderWpaSupplicant(p, { ...renderOptions, files });
  await mkdir(dir, { mode: 0o700 });
  const config = rendered.find((file) => file.role === 'profile');
  expect(config, 'the renderer returns a profile file').toBeDefined();
  for (const file of rendered) {
    if (file.role === 'profile') continue;
    await writeFile(path.join(dir, file.name), file.content, { mode: file.secret ? 0o600 : 0o644 });
  }
  const attempt = await lab.authenticate(String(config!.content));
  return { attempt, config: String(config!.content), rendered };
}

const SUCCESS_LINES = ['CTRL-EVENT-EAP-SUCCESS EAP authentication completed successfully', 'MPPE keys OK: 1  mismatch: 0'];

describe('rendered profiles authenticate', () => {
  for (const method of ['peap-mschapv2', 'ttls-pap', 'ttls-mschapv2', 'ttls-eap-mschapv2'] as const) {
    test(`${method} (domain_suffix_match, the renderer's default)`, async () => {
      const { attempt, config } = await renderAndAuthenticate(profile(method), { identity: ALICE.name, password: ALICE.password });
      expect(config).toContain(`domain_suffix_match="${SERVER_NAME}"`);
      expectAttempt(attempt, { ok: true, supplicantLines: SUCCESS_LINES });
    });
  }

  test('peap-mschapv2 with exact server-name match and TLS 1.3', async () => {
    const { attempt, config } = await renderAndAuthenticate(profile('peap-mschapv2'), { identity: ALICE.name, password: ALICE.password, serverNameMatch: 'exact', tls13: true });
    expect(config).toContain(`domain_match="${SERVER_NAME}"`);
    expectAttempt(attempt, { ok: true, supplicantLines: [...SUCCESS_LINES, 'SSL: Using TLS version TLSv1.3'] });
  });

  test('wired 802.1X block (key_mgmt=IEEE8021X, ap_scan=0)', async () => {
    const { attempt, config } = await renderAndAuthenticate(profile('ttls-pap'), { identity: ALICE.name, password: ALICE.password, wired: true });
    expect(config).toContain('key_mgmt=IEEE8021X');
    expectAttempt(attempt, { ok: true, supplicantLines: SUCCESS_LINES });
  });

  test('a password that needs hex encoding authenticates with PAP and with MSCHAPv2', async () => {
    for (const method of ['ttls-pap', 'peap-mschapv2'] as const) {
      const { attempt, config } = await renderAndAuthenticate(profile(method), { identity: BOB.name, password: BOB.password });
      expect(config).toContain(`password=${Buffer.from(BOB.password, 'utf8').toString('hex')}`);
      expectAttempt(attempt, { ok: true, supplicantLines: SUCCESS_LINES });
    }
  });

  test('user name suffix rules: a bare name gets the realm appended and is sent as the inner identity', async () => {
    const p = profile('ttls-pap', { innerIdentityRules: { suffix: 'corp.example', hint: true } });
    const { config, attempt } = await renderAndAuthenticate(p, { identity: 'alice', password: ALICE.password });
    expect(config).toContain('identity="alice@corp.example"');
    // The lab only knows "alice", so the suffixed inner identity is rejected — proving it was sent.
    expectAttempt(attempt, { ok: false, serverLines: ['User-Name = "alice@corp.example"'] });
  });

  test('tls with a PEM certificate and key', async () => {
    const certificate = await readFile(lab.pki.client.cert, 'utf8');
    const privateKey = await readFile(lab.pki.client.key, 'utf8');
    const p = profile('tls', { outerIdentity: 'alice@corp.example', clientCertificate: { format: 'pem', certificate, privateKey } });
    const { attempt, rendered } = await renderAndAuthenticate(p, {});
    expect(rendered.map((file) => file.role).sort()).toEqual(['ca-certificate', 'client-certificate', 'private-key', 'profile']);
    expectAttempt(attempt, { ok: true, supplicantLines: [...SUCCESS_LINES, 'CTRL-EVENT-EAP-METHOD EAP vendor 0 method 13 (TLS) selected'] });
  });

  test('tls with an encrypted PEM key and its passphrase', async () => {
    const certificate = await readFile(lab.pki.client.cert, 'utf8');
    const privateKey = await readFile(lab.pki.client.encryptedKey, 'utf8');
    const p = profile('tls', { outerIdentity: 'alice@corp.example', clientCertificate: { format: 'pem', certificate, privateKey, passphraseRef: 'lab' } });
    const { attempt } = await renderAndAuthenticate(p, { privateKeyPassphrase: lab.pki.client.keyPassphrase });
    expectAttempt(attempt, { ok: true, supplicantLines: SUCCESS_LINES });
  });

  test('tls with a PKCS#12 bundle and passphrase', async () => {
    const pkcs12 = (await readFile(lab.pki.client.p12)).toString('base64');
    const p = profile('tls', { outerIdentity: 'alice@corp.example', clientCertificate: { format: 'pkcs12', pkcs12, passphraseRef: 'lab' } });
    const { attempt, config } = await renderAndAuthenticate(p, { privateKeyPassphrase: lab.pki.client.p12Passphrase, p12: true });
    expect(config).not.toContain('client_cert=');
    expectAttempt(attempt, { ok: true, supplicantLines: [...SUCCESS_LINES, 'TLS: Successfully parsed PKCS12 data'] });
  });
});

describe('rendered server validation bites', () => {
  test('a profile trusting another CA refuses the server (reason=1)', async () => {
    const { attempt } = await renderAndAuthenticate(profile('peap-mschapv2', { serverValidation: { caCertificates: [otherCaPem], serverNames: [SERVER_NAME] } }), {
      identity: ALICE.name,
      password: ALICE.password,
    });
    expectAttempt(attempt, { ok: false, supplicantLines: [/CTRL-EVENT-EAP-TLS-CERT-ERROR reason=1 .*err='self-signed certificate in certificate chain'/] });
    expect(attempt.log).not.toContain('EAP-MSCHAPV2: Received challenge');
  });

  test('a profile naming another server refuses it (suffix: reason=9, exact: reason=10)', async () => {
    const wrongName = profile('ttls-pap', { serverValidation: { caCertificates: [caPem], serverNames: ['wifi.corp.example'] } });
    const suffix = await renderAndAuthenticate(wrongName, { identity: ALICE.name, password: ALICE.password });
    expectAttempt(suffix.attempt, { ok: false, supplicantLines: [/CTRL-EVENT-EAP-TLS-CERT-ERROR reason=9 .*err='Domain suffix mismatch'/] });
    const exact = await renderAndAuthenticate(wrongName, { identity: ALICE.name, password: ALICE.password, serverNameMatch: 'exact' });
    expectAttempt(exact.attempt, { ok: false, supplicantLines: [/CTRL-EVENT-EAP-TLS-CERT-ERROR reason=10 .*err='Domain mismatch'/] });
  });

  test('a parent-domain server name is accepted by suffix match (corp.example → radius.corp.example)', async () => {
    const parent = profile('peap-mschapv2', { serverValidation: { caCertificates: [caPem], serverNames: ['corp.example'] } });
    const { attempt } = await renderAndAuthenticate(parent, { identity: ALICE.name, password: ALICE.password });
    expectAttempt(attempt, { ok: true, supplicantLines: SUCCESS_LINES });
  });

  test('wrong password through a rendered profile: MSCHAPv2 error 691', async () => {
    const { attempt } = await renderAndAuthenticate(profile('peap-mschapv2'), { identity: ALICE.name, password: 'Tr0ub4dor&3' });
    expectAttempt(attempt, { ok: false, supplicantLines: ["EAP-MSCHAPV2: failure message: 'Authentication rejected' (retry not allowed, error 691)"] });
  });

  test('an expired client certificate in a rendered EAP-TLS profile is rejected by the server', async () => {
    const certificate = await readFile(lab.pki.expiredClient.cert, 'utf8');
    const privateKey = await readFile(lab.pki.expiredClient.key, 'utf8');
    const p = profile('tls', { outerIdentity: 'expired@corp.example', clientCertificate: { format: 'pem', certificate, privateKey } });
    const { attempt } = await renderAndAuthenticate(p, {});
    expectAttempt(attempt, { ok: false, serverLines: ['OpenSSL says error 10 : certificate has expired'] });
  });
});
