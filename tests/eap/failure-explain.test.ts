/**
 * Explaining failed 802.1X sign-ins from supplicant logs. The lines are wpa_supplicant 2.10's
 * exact formats (see failure-explain.ts for where each comes from); failure-explain-live.test.ts
 * checks the same rules against real eapol_test output from the RADIUS lab.
 */
import { describe, expect, test } from 'vitest';
import { eapErrorCodes } from '../../main/engine/eap/eap-error-codes.js';
import { type EapFailureExplanation, explainEapFailure } from '../../main/engine/eap/failure-explain.js';
import { expiryReminders } from '../../main/engine/eap/expiry-reminders.js';

const NOW = new Date('2026-11-22T12:00:00Z');
const STARTED = ['CTRL-EVENT-EAP-STARTED EAP authentication started', 'CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=25'];
const PEAP = [...STARTED, 'CTRL-EVENT-EAP-METHOD EAP vendor 0 method 25 (PEAP) selected'];
const TTLS = ['CTRL-EVENT-EAP-STARTED EAP authentication started', 'CTRL-EVENT-EAP-METHOD EAP vendor 0 method 21 (TTLS) selected'];
const TLS = ['CTRL-EVENT-EAP-STARTED EAP authentication started', 'CTRL-EVENT-EAP-METHOD EAP vendor 0 method 13 (TLS) selected'];
const PEER = "CTRL-EVENT-EAP-PEER-CERT depth=0 subject='/CN=radius.corp.example' hash=" + 'a'.repeat(64);
const FAILURE = 'CTRL-EVENT-EAP-FAILURE EAP authentication failed';

function codeOf(lines: string[], context = {}): string {
  const result = explainEapFailure(lines, { now: NOW, ...context });
  return result.outcome === 'failure' ? result.code : result.outcome;
}

describe('server certificate problems', () => {
  test.each([
    ['domain suffix mismatch', [...PEAP, "TLS: Domain suffix match 'radius.corp.example' not found", "CTRL-EVENT-EAP-TLS-CERT-ERROR reason=9 depth=0 subject='/CN=evil.example' err='Domain suffix mismatch'", FAILURE], 'EAP_SERVER_NAME_MISMATCH'],
    ['domain mismatch (exact)', [...PEAP, "CTRL-EVENT-EAP-TLS-CERT-ERROR reason=10 depth=0 subject='/CN=evil.example' err='Domain mismatch'", FAILURE], 'EAP_SERVER_NAME_MISMATCH'],
    ['altsubject mismatch', [...PEAP, "CTRL-EVENT-EAP-TLS-CERT-ERROR reason=6 depth=0 subject='/CN=x' err='AltSubject mismatch'"], 'EAP_SERVER_NAME_MISMATCH'],
    ['untrusted CA (OpenSSL 3 wording)', [...PEAP, "TLS: Certificate verification failed, error 19 (self-signed certificate in certificate chain) depth 1 for '/CN=Other CA'", "CTRL-EVENT-EAP-TLS-CERT-ERROR reason=1 depth=1 subject='/CN=Other CA' err='self-signed certificate in certificate chain'", FAILURE], 'EAP_UNTRUSTED_CA'],
    ['untrusted CA (OpenSSL 1.1 wording, verify line only)', [...PEAP, "TLS: Certificate verification failed, error 20 (unable to get local issuer certificate) depth 0 for '/CN=radius'"], 'EAP_UNTRUSTED_CA'],
    ['pinned certificate changed', [...PEAP, "CTRL-EVENT-EAP-TLS-CERT-ERROR reason=1 depth=0 subject='/CN=radius' err='Server certificate mismatch'", FAILURE], 'EAP_SERVER_CERT_CHANGED'],
    ['not yet valid → the clock', [...PEAP, "CTRL-EVENT-EAP-TLS-CERT-ERROR reason=3 depth=0 subject='/CN=radius' err='certificate is not yet valid'"], 'EAP_DEVICE_CLOCK_WRONG'],
    ['expired, clock fine → the server cert', [...PEAP, "CTRL-EVENT-EAP-TLS-CERT-ERROR reason=4 depth=0 subject='/CN=radius' err='certificate has expired'"], 'EAP_SERVER_CERT_EXPIRED'],
  ])('%s', (_label, lines, code) => {
    expect(codeOf(lines)).toBe(code);
  });

  test('expired while the clock is known to be wrong → the clock', () => {
    const lines = [...PEAP, "CTRL-EVENT-EAP-TLS-CERT-ERROR reason=4 depth=0 subject='/CN=radius' err='certificate has expired'"];
    expect(codeOf(lines, { clockSkewSeconds: 86_400 * 400 })).toBe('EAP_DEVICE_CLOCK_WRONG');
    expect(codeOf(lines, { now: new Date('2001-01-01T00:00:00Z') })).toBe('EAP_DEVICE_CLOCK_WRONG');
  });

  test('untrusted, and the server certificate differs from the one seen last time → changed', () => {
    const lines = [...PEAP, PEER, "CTRL-EVENT-EAP-TLS-CERT-ERROR reason=1 depth=1 subject='/CN=New CA' err='unable to get local issuer certificate'", FAILURE];
    expect(codeOf(lines, { knownServerCertSha256: 'b'.repeat(64) })).toBe('EAP_SERVER_CERT_CHANGED');
    expect(codeOf(lines, { knownServerCertSha256: 'a'.repeat(64) })).toBe('EAP_UNTRUSTED_CA');
  });

  test('the explanation carries the sentence, the action and the evidence line', () => {
    const line = "CTRL-EVENT-EAP-TLS-CERT-ERROR reason=9 depth=0 subject='/CN=evil.example' err='Domain suffix mismatch'";
    const result = explainEapFailure([...PEAP, line, FAILURE], { now: NOW }) as EapFailureExplanation;
    expect(result).toEqual({ outcome: 'failure', code: 'EAP_SERVER_NAME_MISMATCH', message: eapErrorCodes.EAP_SERVER_NAME_MISMATCH, action: expect.stringContaining('Do not enter your password'), evidence: [line] });
  });
});

describe('credentials and the client certificate', () => {
  test.each([
    ['MSCHAPv2 691', [...PEAP, "EAP-MSCHAPV2: failure message: 'E=691 R=1 C=00000000000000000000000000000000 V=3 M=Authentication rejected' (retry allowed, error 691)", FAILURE], 'EAP_WRONG_PASSWORD'],
    ['MSCHAPv2 648', [...PEAP, "EAP-MSCHAPV2: failure message: 'E=648 R=0 V=3' (retry not allowed, error 648)", FAILURE], 'EAP_PASSWORD_EXPIRED'],
    ['MSCHAPv2 647', [...PEAP, 'EAP-MSCHAPV2: error 647', FAILURE], 'EAP_ACCOUNT_DISABLED'],
    ['TTLS/MSCHAPv2 MS-CHAP-Error', [...TTLS, 'EAP-TTLS/MSCHAPV2: Received MS-CHAP-Error - failed', FAILURE], 'EAP_WRONG_PASSWORD'],
    ['TTLS/PAP: tunnel up, then failure', [...TTLS, "CTRL-EVENT-EAP-STATUS status='remote certificate verification' parameter='success'", 'EAP-TTLS: Phase 2 PAP Request', FAILURE], 'EAP_WRONG_PASSWORD'],
    ['server alert: certificate expired', [...TLS, "CTRL-EVENT-EAP-STATUS status='remote TLS alert' parameter='certificate expired'", FAILURE], 'EAP_CLIENT_CERT_EXPIRED'],
    ['server alert via the SSL line', [...TLS, 'SSL: SSL3 alert: read (remote end reported an error):fatal:certificate expired'], 'EAP_CLIENT_CERT_EXPIRED'],
    ['server alert: unknown CA', [...TLS, "CTRL-EVENT-EAP-STATUS status='remote TLS alert' parameter='unknown CA'", FAILURE], 'EAP_CLIENT_CERT_REJECTED'],
    ['EAP-TLS rejected after the handshake', [...TLS, FAILURE], 'EAP_CLIENT_CERT_REJECTED'],
  ])('%s', (_label, lines, code) => {
    expect(codeOf(lines)).toBe(code);
  });

  test('the client certificate is checked first: expired / not yet valid, or the clock', () => {
    const cert = { notBefore: new Date('2026-11-25T00:00:00Z'), notAfter: new Date('2027-11-25T00:00:00Z') };
    expect(codeOf([...TLS, FAILURE], { clientCertificate: cert })).toBe('EAP_CLIENT_CERT_NOT_YET_VALID');
    expect(codeOf([...TLS, FAILURE], { clientCertificate: cert, clockSkewSeconds: -7200 })).toBe('EAP_DEVICE_CLOCK_WRONG');
    expect(codeOf([...TLS, FAILURE], { clientCertificate: { notBefore: new Date('2025-01-01'), notAfter: new Date('2026-01-01') } })).toBe('EAP_CLIENT_CERT_EXPIRED');
  });
});

describe('routing and reachability', () => {
  test('rejected before any method is chosen → the realm', () => {
    const result = explainEapFailure(['CTRL-EVENT-EAP-STARTED EAP authentication started', FAILURE], { now: NOW, realm: 'wrong.example' }) as EapFailureExplanation;
    expect(result.code).toBe('EAP_WRONG_REALM');
    expect(result.message).toContain('wrong.example');
  });

  test('our method NAKed and nothing selected → the method', () => {
    expect(codeOf(['CTRL-EVENT-EAP-STARTED EAP authentication started', 'CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=4 -> NAK', FAILURE])).toBe('EAP_METHOD_REJECTED');
  });

  test.each(['EAPOL test timed out', 'Authentication with 00:11:22:33:44:55 timed out.'])('%s → EAP_RADIUS_UNREACHABLE', (line) => {
    expect(codeOf(['CTRL-EVENT-EAP-STARTED EAP authentication started', line])).toBe('EAP_RADIUS_UNREACHABLE');
  });

  test('success and unknown', () => {
    expect(explainEapFailure(['CTRL-EVENT-EAP-SUCCESS EAP authentication completed successfully', 'SUCCESS'])).toEqual({ outcome: 'success', evidence: ['CTRL-EVENT-EAP-SUCCESS EAP authentication completed successfully'] });
    expect(explainEapFailure('nothing useful\nat all').outcome).toBe('unknown');
  });

  test('every failure code has a person-readable sentence in the code map', () => {
    for (const code of ['EAP_SERVER_CERT_CHANGED', 'EAP_SERVER_NAME_MISMATCH', 'EAP_UNTRUSTED_CA', 'EAP_CLIENT_CERT_EXPIRED', 'EAP_CLIENT_CERT_NOT_YET_VALID', 'EAP_DEVICE_CLOCK_WRONG', 'EAP_WRONG_REALM', 'EAP_WRONG_PASSWORD', 'EAP_RADIUS_UNREACHABLE'] as const) {
      expect(eapErrorCodes[code].length).toBeGreaterThan(20);
    }
  });
});

describe('expiry reminders at 30, 7 and 1 day', () => {
  const notAfter = new Date('2026-12-31T00:00:00Z');
  const cert = { label: 'Your eduroam certificate', notAfter, id: 'edu.nl' };
  const at = (iso: string) => expiryReminders([cert], new Date(iso)).map((r) => [r.daysBefore, r.due, r.remindAt.toISOString()]);

  test('40 days out: nothing due, all three scheduled', () => {
    expect(at('2026-11-21T00:00:00Z')).toEqual([
      [30, false, '2026-12-01T00:00:00.000Z'],
      [7, false, '2026-12-24T00:00:00.000Z'],
      [1, false, '2026-12-30T00:00:00.000Z'],
    ]);
  });

  test('exactly 30 days out: the 30-day reminder is due', () => {
    expect(at('2026-12-01T00:00:00Z')[0]).toEqual([30, true, '2026-12-01T00:00:00.000Z']);
  });

  test('5 days out (device was off at the 7-day mark): only the 7-day reminder is due, saying 5 days', () => {
    const reminders = expiryReminders([cert], new Date('2026-12-26T00:00:00Z'));
    expect(reminders.map((r) => [r.daysBefore, r.due])).toEqual([
      [7, true],
      [1, false],
    ]);
    expect(reminders[0]!.message).toBe('Your eduroam certificate expires in 5 days (2026-12-31). Renew it before then to keep connecting.');
    expect(reminders[0]!.id).toBe('edu.nl');
  });

  test('12 hours out: the 1-day reminder says today', () => {
    const [reminder] = expiryReminders([cert], new Date('2026-12-30T12:00:00Z'));
    expect(reminder).toMatchObject({ daysBefore: 1, due: true, daysLeft: 0 });
    expect(reminder!.message).toContain('expires today');
  });

  test('expired: one expired reminder', () => {
    const reminders = expiryReminders([cert], new Date('2027-01-02T00:00:00Z'));
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({ daysBefore: 0, due: true, daysLeft: -2 });
    expect(reminders[0]!.message).toBe('Your eduroam certificate expired on 2026-12-31. Renew it to keep connecting.');
  });

  test('several certificates are handled independently', () => {
    const other = { label: 'CA', notAfter: new Date('2027-06-01T00:00:00Z') };
    const reminders = expiryReminders([cert, other], new Date('2026-12-26T00:00:00Z'));
    expect(reminders.filter((r) => r.label === 'CA').map((r) => r.due)).toEqual([false, false, false]);
  });
});
