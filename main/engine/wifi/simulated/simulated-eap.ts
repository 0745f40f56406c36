/**
 * The 802.1X sign-in as a simulated enterprise access point meets it: the device checks the
 * RADIUS server's certificate against its profile (CA and name) before it sends anything,
 * then the server checks the method and the account. The outcome is told the way a
 * supplicant logs it, and explained by the same code that explains a real supplicant's log
 * (eap/failure-explain.ts) — so the demo's failures read exactly like real ones.
 */
import { X509Certificate, createHash } from 'node:crypto';
import { EapError } from '../../eap/eap-error.js';
import { explainEapFailure } from '../../eap/failure-explain.js';
import { RoamdeskError } from '../../errors.js';
import type { EnterpriseCredentials } from '../../ports/wifi-driver.js';
import type { AccessPointSpec } from './world-schema.js';

type RadiusTruth = NonNullable<AccessPointSpec['eap']>;

function caSha256(pem: string): string | null {
  try {
    return createHash('sha256').update(new X509Certificate(pem).raw).digest('hex');
  } catch {
    return null;
  }
}

function nameMatches(serverName: string, accepted: readonly string[]): boolean {
  const name = serverName.toLowerCase();
  return accepted.some((n) => {
    const want = n.toLowerCase().replace(/^\*\./, '');
    return name === want || name.endsWith(`.${want}`);
  });
}

/** The supplicant's log of one simulated 802.1X exchange. */
export function simulatedEapLog(radius: RadiusTruth, credentials: EnterpriseCredentials): string[] {
  const subject = `/O=Acme/CN=${radius.serverName}`;
  const log = [`CTRL-EVENT-EAP-STARTED EAP authentication started`];
  const outer = credentials.method === 'peap-mschapv2' ? 25 : credentials.method === 'tls' ? 13 : 21;
  if (!radius.methods.includes(credentials.method)) {
    log.push(`CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=${outer === 25 ? 21 : 25} -> NAK`, 'CTRL-EVENT-EAP-FAILURE EAP authentication failed');
    return log;
  }
  log.push(`CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=${outer}`, `CTRL-EVENT-EAP-METHOD EAP vendor 0 method ${outer} (${credentials.method.startsWith('peap') ? 'PEAP' : 'TTLS'}) selected`);
  const trusted = credentials.caCertificates.some((pem) => caSha256(pem) === radius.caSha256);
  if (!trusted) {
    log.push(`CTRL-EVENT-EAP-TLS-CERT-ERROR reason=1 depth=1 subject='/CN=${radius.serverName} CA' err='self-signed certificate in certificate chain'`, "CTRL-EVENT-EAP-STATUS status='local TLS alert' parameter='unknown CA'", 'CTRL-EVENT-EAP-FAILURE EAP authentication failed');
    return log;
  }
  if (!nameMatches(radius.serverName, credentials.serverNames)) {
    log.push(`CTRL-EVENT-EAP-TLS-CERT-ERROR reason=9 depth=0 subject='${subject}' err='Domain suffix mismatch'`, 'CTRL-EVENT-EAP-FAILURE EAP authentication failed');
    return log;
  }
  log.push(`CTRL-EVENT-EAP-PEER-CERT depth=0 subject='${subject}'`, "CTRL-EVENT-EAP-STATUS status='remote certificate verification' parameter='success'", 'EAP-PEAP: Phase 2 Request: type=26');
  const account = radius.users.find((u) => u.identity.toLowerCase() === credentials.identity.toLowerCase());
  if (!account || account.password !== credentials.password) {
    log.push("EAP-MSCHAPV2: failure message: 'Authentication rejected' (retry not allowed, error 691)", 'CTRL-EVENT-EAP-FAILURE EAP authentication failed');
    return log;
  }
  log.push('EAP-MSCHAPV2: Authentication succeeded', 'CTRL-EVENT-EAP-SUCCESS EAP authentication completed successfully');
  return log;
}

/** Runs the simulated sign-in; throws the explained failure as an EapError. */
export function simulateEapSignIn(radius: RadiusTruth | undefined, ssid: string, credentials: EnterpriseCredentials | undefined): void {
  if (!credentials) {
    throw new RoamdeskError('EAP_PROFILE_MISSING', `${ssid} uses 802.1X, and this device has no enterprise profile for it.`, {
      hint: 'Install the Wi-Fi profile your organisation gave you under Enterprise Wi-Fi, then connect again.',
    });
  }
  if (!radius) throw new EapError('EAP_RADIUS_UNREACHABLE', `${ssid}'s sign-in server did not answer.`);
  const outcome = explainEapFailure(simulatedEapLog(radius, credentials));
  if (outcome.outcome === 'success') return;
  if (outcome.outcome === 'failure') throw new EapError(outcome.code, outcome.message, { hint: outcome.action });
  throw new EapError('EAP_AUTH_FAILED', `${ssid} did not accept the sign-in.`);
}
