/**
 * explainEapFailure against real eapol_test output: configs rendered by renderWpaSupplicant
 * fail against the RADIUS lab's FreeRADIUS (tests/support/radius, shared with the radius-*
 * tests) in each way a person meets, and the explanation must name the right cause.
 *
 * Needs the Debian packages freeradius, eapoltest and openssl: a missing one FAILS the file.
 */
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { explainEapFailure } from '../../main/engine/eap/failure-explain.js';
import { type EapMethod, type EapProfile, checkEapProfile } from '../../main/engine/eap/model.js';
import { type WpaSupplicantOptions, renderWpaSupplicant } from '../../main/engine/eap/render/wpa-supplicant.js';
import { runEapolTest } from '../support/radius/eapol-test.js';
import { type RadiusLab, startRadiusLab } from '../support/radius/lab.js';

const SERVER_NAME = 'radius.corp.example';
let lab: RadiusLab;
let dir: string;

beforeAll(async () => {
  lab = await startRadiusLab({ users: [{ name: 'alice', password: 'correct horse' }], serverName: SERVER_NAME });
  dir = await mkdtemp(path.join(os.tmpdir(), 'roamdesk-explain-'));
}, 60_000);

afterAll(async () => {
  await lab?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function profile(method: EapMethod, overrides: Partial<EapProfile> = {}, ca = lab.pki.caCert): Promise<EapProfile> {
  return checkEapProfile({
    id: 'corp.example',
    name: 'Corp',
    method,
    outerIdentity: method === 'tls' ? 'alice@corp.example' : 'anonymous@corp.example',
    serverValidation: { caCertificates: [await readFile(ca, 'utf8')], serverNames: [SERVER_NAME] },
    ssids: ['corp'],
    provider: { helpdesk: { emails: [], webAddresses: [], phones: [] } },
    ...overrides,
  }).profile;
}

let n = 0;
async function configFor(p: EapProfile, options: Omit<WpaSupplicantOptions, 'files'> & { cert?: { cert: string; key: string } }): Promise<string> {
  n += 1;
  const files = { caCertPath: path.join(dir, `ca-${n}.pem`), ...(options.cert ? { clientCertPath: options.cert.cert, privateKeyPath: options.cert.key } : {}) };
  const { cert: _cert, ...rest } = options;
  const rendered = renderWpaSupplicant(p, { ...rest, files });
  for (const file of rendered.filter((f) => f.role === 'ca-certificate')) await writeFile(files.caCertPath, file.content);
  return String(rendered.find((f) => f.role === 'profile')!.content);
}

async function explainAttempt(config: string, context: Parameters<typeof explainEapFailure>[1] = {}) {
  const attempt = await lab.authenticate(config);
  expect(attempt.ok).toBe(false);
  return explainEapFailure(attempt.log, context);
}

/** The supplicant and the server log together, as a support case would carry them. */
async function explainWithServerLog(config: string) {
  const attempt = await lab.authenticate(config);
  expect(attempt.ok).toBe(false);
  return { clientOnly: explainEapFailure(attempt.log), both: explainEapFailure(`${attempt.log}\n${attempt.serverLog}`) };
}

test('wrong password (PEAP-MSCHAPv2) → EAP_WRONG_PASSWORD', async () => {
  const result = await explainAttempt(await configFor(await profile('peap-mschapv2'), { identity: 'alice', password: 'wrong' }));
  expect(result).toMatchObject({ outcome: 'failure', code: 'EAP_WRONG_PASSWORD' });
});

test('wrong password (TTLS/PAP) → EAP_WRONG_PASSWORD', async () => {
  const result = await explainAttempt(await configFor(await profile('ttls-pap'), { identity: 'alice', password: 'wrong' }));
  expect(result).toMatchObject({ outcome: 'failure', code: 'EAP_WRONG_PASSWORD' });
});

test('a server certificate from another CA → EAP_UNTRUSTED_CA', async () => {
  const result = await explainAttempt(await configFor(await profile('peap-mschapv2', {}, lab.pki.otherCaCert), { identity: 'alice', password: 'correct horse' }));
  expect(result).toMatchObject({ outcome: 'failure', code: 'EAP_UNTRUSTED_CA' });
});

test('a server certificate for another name → EAP_SERVER_NAME_MISMATCH', async () => {
  const p = await profile('ttls-pap', {});
  const result = await explainAttempt(await configFor({ ...p, serverValidation: { ...p.serverValidation, serverNames: ['radius.other.example'] } }, { identity: 'alice', password: 'correct horse' }));
  expect(result).toMatchObject({ outcome: 'failure', code: 'EAP_SERVER_NAME_MISMATCH' });
  if (result.outcome === 'failure') expect(result.evidence[0]).toContain('Domain suffix mismatch');
});

test('an expired client certificate (EAP-TLS): the supplicant only sees a rejection; the device’s own check or the server log names it', async () => {
  const config = await configFor(await profile('tls'), { cert: lab.pki.expiredClient });
  const { clientOnly, both } = await explainWithServerLog(config);
  // FreeRADIUS answers Access-Reject; its TLS alert never reaches the supplicant.
  expect(clientOnly).toMatchObject({ outcome: 'failure', code: 'EAP_CLIENT_CERT_REJECTED' });
  expect(both).toMatchObject({ outcome: 'failure', code: 'EAP_CLIENT_CERT_EXPIRED' });
  if (both.outcome === 'failure') expect(both.evidence[0]).toContain('certificate has expired');
  const cert = new X509Certificate(await readFile(lab.pki.expiredClient.cert));
  const local = await explainAttempt(config, { clientCertificate: { notBefore: new Date(cert.validFrom), notAfter: new Date(cert.validTo) } });
  expect(local).toMatchObject({ outcome: 'failure', code: 'EAP_CLIENT_CERT_EXPIRED' });
});

test('a client certificate from an unknown CA (EAP-TLS) → EAP_CLIENT_CERT_REJECTED', async () => {
  const result = await explainAttempt(await configFor(await profile('tls'), { cert: lab.pki.rogueClient }));
  expect(result).toMatchObject({ outcome: 'failure', code: 'EAP_CLIENT_CERT_REJECTED' });
});

test('no RADIUS server answering → EAP_RADIUS_UNREACHABLE', async () => {
  const config = await configFor(await profile('ttls-pap'), { identity: 'alice', password: 'x' });
  const attempt = await runEapolTest(config, { port: 9, secret: 'nobody', timeoutS: 2 });
  expect(attempt.ok).toBe(false);
  expect(explainEapFailure(attempt.log)).toMatchObject({ outcome: 'failure', code: 'EAP_RADIUS_UNREACHABLE' });
}, 20_000);

test('a good sign-in → success', async () => {
  const attempt = await lab.authenticate(await configFor(await profile('ttls-pap'), { identity: 'alice', password: 'correct horse' }));
  expect(explainEapFailure(attempt.log).outcome).toBe('success');
});
