/**
 * The RADIUS lab proves 802.1X configurations for real: hand-written wpa_supplicant network
 * blocks (the format `renderWpaSupplicant` will produce) are authenticated by eapol_test
 * against a private FreeRADIUS 3 on 127.0.0.1 with a per-run test PKI. Every method must
 * succeed, and every misconfiguration a user or admin can make must be rejected with the
 * log line that tells it apart (docs/radius-lab.md maps them).
 *
 * Needs the Debian packages freeradius, eapoltest and openssl: a missing one FAILS the file.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { expectAttempt } from '../support/radius/expect-attempt.js';
import { type RadiusLab, startRadiusLab } from '../support/radius/lab.js';
import { LabToolMissingError, requireLabTools } from '../support/radius/prerequisites.js';

const ALICE = { name: 'alice', password: 'correct horse battery' };
const OUTER = 'anonymous@corp.example';
const SERVER_NAME = 'radius.corp.example';

let lab: RadiusLab;

test('the lab tools are installed (freeradius, eapoltest, openssl)', () => {
  const tools = requireLabTools();
  expect(tools.freeradius).toMatch(/(freeradius|radiusd)$/);
  expect(tools.eapolTest).toMatch(/eapol_test$/);
});

test('a missing tool fails with the Debian package to install, never a skip', () => {
  let error: unknown;
  try {
    requireLabTools(['/nonexistent-roamdesk-radius-lab']);
  } catch (caught) {
    error = caught;
  }
  expect(error).toBeInstanceOf(LabToolMissingError);
  expect((error as LabToolMissingError).missingPackages).toEqual(['freeradius', 'eapoltest', 'openssl']);
  expect((error as Error).message).toContain('apt-get install -y freeradius eapoltest openssl');
  expect((error as Error).message).toContain('`eapol_test` (Debian package `eapoltest`)');
});

beforeAll(async () => {
  lab = await startRadiusLab({ users: [ALICE], serverName: SERVER_NAME });
}, 60_000);

afterAll(async () => {
  await lab?.stop();
});

// ---------------------------------------------------------------------------------------------
// Hand-written network blocks. Paths come from the per-run PKI; nothing else is templated.

function peap(o: { identity?: string; password?: string; caCert?: string; serverMatch?: string; phase1?: string } = {}): string {
  return `network={
	ssid="corp-secure"
	key_mgmt=WPA-EAP
	eap=PEAP
	identity="${o.identity ?? ALICE.name}"
	anonymous_identity="${OUTER}"
	password="${o.password ?? ALICE.password}"
	ca_cert="${o.caCert ?? lab.pki.caCert}"
	${o.serverMatch ?? `domain_match="${SERVER_NAME}"`}
	phase1="${o.phase1 ?? 'peapver=0'}"
	phase2="auth=MSCHAPV2"
}
`;
}

function ttls(phase2: string, password = ALICE.password): string {
  return `network={
	ssid="corp-secure"
	key_mgmt=WPA-EAP
	eap=TTLS
	identity="${ALICE.name}"
	anonymous_identity="${OUTER}"
	password="${password}"
	ca_cert="${lab.pki.caCert}"
	domain_suffix_match="corp.example"
	phase2="${phase2}"
}
`;
}

function tls(credentials: string, identity = 'alice@corp.example'): string {
  return `network={
	ssid="corp-secure"
	key_mgmt=WPA-EAP
	eap=TLS
	identity="${identity}"
	ca_cert="${lab.pki.caCert}"
	domain_match="${SERVER_NAME}"
	${credentials}
}
`;
}

const SUCCESS_LINES = ['CTRL-EVENT-EAP-SUCCESS EAP authentication completed successfully', 'MPPE keys OK: 1  mismatch: 0', /\nSUCCESS\n?$/];

// ---------------------------------------------------------------------------------------------

describe('every method authenticates', () => {
  test('the server listens on 127.0.0.1 only, on its own port', () => {
    expect(lab.radius.log()).toContain(`Listening on auth address 127.0.0.1 port ${lab.radius.port}`);
    expect(lab.radius.log()).not.toMatch(/Listening on .*address (\*|0\.0\.0\.0|::)/);
  });

  test('PEAP / MSCHAPv2', async () => {
    expectAttempt(await lab.authenticate(peap()), {
      ok: true,
      supplicantLines: [...SUCCESS_LINES, 'CTRL-EVENT-EAP-METHOD EAP vendor 0 method 25 (PEAP) selected', 'EAP-PEAP: Selected Phase 2 EAP vendor 0 method 26', 'TLS: Match in dNSName found'],
      serverLines: [`Login OK: [${ALICE.name}] (from client lab port 0 via TLS tunnel)`, `Login OK: [${OUTER}]`, 'Sent Access-Accept'],
    });
  });

  test('EAP-TTLS / PAP', async () => {
    expectAttempt(await lab.authenticate(ttls('auth=PAP')), {
      ok: true,
      supplicantLines: [...SUCCESS_LINES, 'CTRL-EVENT-EAP-METHOD EAP vendor 0 method 21 (TTLS) selected', 'EAP-TTLS: Phase 2 PAP Request'],
      serverLines: ['pap: User authenticated successfully'],
    });
  });

  test('EAP-TTLS / MSCHAPv2 (non-EAP inner)', async () => {
    expectAttempt(await lab.authenticate(ttls('auth=MSCHAPV2')), {
      ok: true,
      supplicantLines: [...SUCCESS_LINES, 'EAP-TTLS: Phase 2 MSCHAPV2 authentication succeeded'],
    });
  });

  test('EAP-TTLS / EAP-MSCHAPv2', async () => {
    expectAttempt(await lab.authenticate(ttls('autheap=MSCHAPV2')), {
      ok: true,
      supplicantLines: [...SUCCESS_LINES, 'EAP-TTLS: Selected Phase 2 EAP vendor 0 method 26'],
    });
  });

  test('EAP-TLS with a PEM certificate and key', async () => {
    const { cert, key } = lab.pki.client;
    expectAttempt(await lab.authenticate(tls(`client_cert="${cert}"\n\tprivate_key="${key}"`)), {
      ok: true,
      supplicantLines: [...SUCCESS_LINES, 'CTRL-EVENT-EAP-METHOD EAP vendor 0 method 13 (TLS) selected'],
      serverLines: ['TLS-Client-Cert-Common-Name := "alice@corp.example"'],
    });
  });

  test('EAP-TLS with an encrypted PEM key (private_key_passwd)', async () => {
    const { cert, encryptedKey, keyPassphrase } = lab.pki.client;
    expectAttempt(await lab.authenticate(tls(`client_cert="${cert}"\n\tprivate_key="${encryptedKey}"\n\tprivate_key_passwd="${keyPassphrase}"`)), {
      ok: true,
      supplicantLines: SUCCESS_LINES,
    });
  });

  test('EAP-TLS with a PKCS#12 bundle and passphrase', async () => {
    const { p12, p12Passphrase } = lab.pki.client;
    expectAttempt(await lab.authenticate(tls(`private_key="${p12}"\n\tprivate_key_passwd="${p12Passphrase}"`)), {
      ok: true,
      supplicantLines: [...SUCCESS_LINES, 'TLS: Successfully parsed PKCS12 data'],
    });
  });

  test('PEAP / MSCHAPv2 over TLS 1.3 when the profile enables it', async () => {
    expectAttempt(await lab.authenticate(peap({ phase1: 'tls_disable_tlsv1_3=0' })), {
      ok: true,
      supplicantLines: [...SUCCESS_LINES, 'SSL: Using TLS version TLSv1.3'],
    });
  });
});

describe('misconfigurations are rejected, each with its own log line', () => {
  test('wrong password (PEAP / MSCHAPv2): MSCHAPv2 error 691 inside the tunnel', async () => {
    expectAttempt(await lab.authenticate(peap({ password: 'Tr0ub4dor&3' })), {
      ok: false,
      supplicantLines: [
        'EAP: Status notification: remote certificate verification (param=success)',
        "EAP-MSCHAPV2: failure message: 'Authentication rejected' (retry not allowed, error 691)",
        'CTRL-EVENT-EAP-FAILURE EAP authentication failed',
        'RADIUS message: code=3 (Access-Reject)',
      ],
      serverLines: ['mschap: ERROR: MS-CHAP2-Response is incorrect'],
    });
  });

  test('wrong password (TTLS / PAP): bare EAP-Failure after the PAP request', async () => {
    expectAttempt(await lab.authenticate(ttls('auth=PAP', 'Tr0ub4dor&3')), {
      ok: false,
      supplicantLines: ['EAP-TTLS: Phase 2 PAP Request', 'EAP: Received EAP-Failure', 'CTRL-EVENT-EAP-FAILURE EAP authentication failed'],
      serverLines: ['pap: ERROR: Cleartext password does not match "known good" password'],
    });
  });

  test('wrong password (TTLS / MSCHAPv2): bare EAP-Failure after the MSCHAPv2 request', async () => {
    expectAttempt(await lab.authenticate(ttls('auth=MSCHAPV2', 'Tr0ub4dor&3')), {
      ok: false,
      supplicantLines: ['EAP-TTLS: Phase 2 MSCHAPV2 Request', 'EAP: Received EAP-Failure', 'CTRL-EVENT-EAP-FAILURE EAP authentication failed'],
      serverLines: ['mschap: ERROR: MS-CHAP2-Response is incorrect'],
    });
  });

  test('unknown user: same 691 as a wrong password on the client, told apart only in the server log', async () => {
    expectAttempt(await lab.authenticate(peap({ identity: 'mallory' })), {
      ok: false,
      supplicantLines: ["EAP-MSCHAPV2: failure message: 'Authentication rejected' (retry not allowed, error 691)", 'CTRL-EVENT-EAP-FAILURE EAP authentication failed'],
      serverLines: ['mschap: ERROR: FAILED: No NT-Password.  Cannot perform authentication'],
    });
  });

  test('wrong CA: the client refuses the server certificate (reason=1, unknown CA)', async () => {
    const attempt = await lab.authenticate(peap({ caCert: lab.pki.otherCaCert }));
    expectAttempt(attempt, {
      ok: false,
      supplicantLines: [
        /CTRL-EVENT-EAP-TLS-CERT-ERROR reason=1 depth=1 subject='[^']*CN=Roamdesk Lab Root CA' err='self-signed certificate in certificate chain'/,
        'EAP: Status notification: local TLS alert (param=unknown CA)',
        'CTRL-EVENT-EAP-FAILURE EAP authentication failed',
      ],
      serverLines: ['ERROR: (TLS) Alert read:fatal:unknown CA'],
    });
    // The password never left the client: phase 2 did not start.
    expect(attempt.log).not.toContain('EAP-MSCHAPV2: Received challenge');
  });

  test('wrong server name (domain_match): reason=10 Domain mismatch', async () => {
    const attempt = await lab.authenticate(peap({ serverMatch: 'domain_match="wifi.corp.example"' }));
    expectAttempt(attempt, {
      ok: false,
      supplicantLines: [
        /CTRL-EVENT-EAP-TLS-CERT-ERROR reason=10 depth=0 subject='[^']*CN=radius\.corp\.example' err='Domain mismatch'/,
        'EAP: Status notification: remote certificate verification (param=Domain mismatch)',
        'CTRL-EVENT-EAP-FAILURE EAP authentication failed',
      ],
      serverLines: ['ERROR: (TLS) Alert read:fatal:internal error'],
    });
    expect(attempt.log).not.toContain('EAP-MSCHAPV2: Received challenge');
  });

  test('wrong server name (domain_suffix_match): reason=9 Domain suffix mismatch', async () => {
    const attempt = await lab.authenticate(peap({ serverMatch: 'domain_suffix_match="corp.example.net"' }));
    expectAttempt(attempt, {
      ok: false,
      supplicantLines: [/CTRL-EVENT-EAP-TLS-CERT-ERROR reason=9 depth=0 subject='[^']*' err='Domain suffix mismatch'/, 'CTRL-EVENT-EAP-FAILURE EAP authentication failed'],
    });
  });

  test('client certificate from an untrusted CA: the server rejects it mid-handshake', async () => {
    const { cert, key } = lab.pki.rogueClient;
    expectAttempt(await lab.authenticate(tls(`client_cert="${cert}"\n\tprivate_key="${key}"`, 'rogue@corp.example')), {
      ok: false,
      supplicantLines: [
        'EAP: Status notification: remote certificate verification (param=success)',
        'SSL: SSL_connect:SSLv3/TLS write client certificate',
        'EAP: Received EAP-Failure',
        'CTRL-EVENT-EAP-FAILURE EAP authentication failed',
      ],
      serverLines: ['ERROR: (TLS) OpenSSL says error 20 : unable to get local issuer certificate', 'Alert write:fatal:unknown CA'],
    });
  });

  test('expired client certificate: the server rejects it mid-handshake', async () => {
    const { cert, key } = lab.pki.expiredClient;
    expectAttempt(await lab.authenticate(tls(`client_cert="${cert}"\n\tprivate_key="${key}"`, 'expired@corp.example')), {
      ok: false,
      supplicantLines: ['SSL: SSL_connect:SSLv3/TLS write client certificate', 'EAP: Received EAP-Failure', 'CTRL-EVENT-EAP-FAILURE EAP authentication failed'],
      serverLines: ['ERROR: (TLS) OpenSSL says error 10 : certificate has expired', 'Alert write:fatal:certificate expired'],
    });
  });

  test('wrong PKCS#12 passphrase: the client fails locally before any TLS', async () => {
    const attempt = await lab.authenticate(tls(`private_key="${lab.pki.client.p12}"\n\tprivate_key_passwd="not-the-passphrase"`));
    expectAttempt(attempt, {
      ok: false,
      supplicantLines: ['PKCS12 routines::mac verify failure', "TLS: Failed to load private key '", 'EAP-TLS: Failed to initialize SSL.'],
    });
    expect(attempt.serverLog).not.toContain('TLS-Client-Cert-Common-Name');
  });
});

describe('FreeRADIUS with its default send_error = no', () => {
  let quiet: RadiusLab;
  beforeAll(async () => {
    quiet = await startRadiusLab({ users: [ALICE], pki: lab.pki, mschapv2SendError: false });
  }, 60_000);
  afterAll(async () => {
    await quiet?.stop();
  });

  test('wrong password (PEAP / MSCHAPv2) is a bare EAP-Failure after the MSCHAPv2 response', async () => {
    const mark = quiet.radius.mark();
    const attempt = await quiet.authenticate(peap({ password: 'Tr0ub4dor&3' }));
    expectAttempt(attempt, {
      ok: false,
      supplicantLines: ['EAP-MSCHAPV2: TX identifier', 'EAP: Received EAP-Failure', 'CTRL-EVENT-EAP-FAILURE EAP authentication failed'],
      serverLines: ['mschap: ERROR: MS-CHAP2-Response is incorrect'],
    });
    expect(attempt.log).not.toContain('EAP-MSCHAPV2: Received failure');
    expect(quiet.radius.logSince(mark)).toContain('Sent Access-Reject');
  });

  test('stop() ends the server process and removes its config directory', async () => {
    const { pid, dir } = quiet.radius;
    expect(existsSync(dir)).toBe(true);
    await quiet.stop();
    expect(existsSync(dir)).toBe(false);
    expect(() => process.kill(pid, 0)).toThrow();
    // The shared PKI belongs to the main lab and survives.
    expect(existsSync(lab.pki.caCert)).toBe(true);
  });
});
