/**
 * Turns what a supplicant logged during a failed 802.1X sign-in (wpa_supplicant or eapol_test
 * output, control-interface events) into one cause a person understands, with a stable code
 * and what to do.
 *
 * The lines it recognises are wpa_supplicant 2.10's own (src/eap_peer/eap.c,
 * src/crypto/tls_openssl.c, src/eap_peer/eap_mschapv2.c, eapol_test.c):
 *   CTRL-EVENT-EAP-TLS-CERT-ERROR reason=<n> depth=<d> subject='…' err='…'
 *       reason: 1 untrusted, 3 not yet valid, 4 expired, 5 subject mismatch, 6 altsubject
 *       mismatch, 9 domain suffix mismatch, 10 domain mismatch; err is OpenSSL's
 *       X509_verify_cert_error_string(), or "Server certificate mismatch" for a pinned
 *       (hash://server/sha256/…) certificate that changed
 *   TLS: Certificate verification failed, error <n> (<text>) depth <d> for '<subject>'
 *   TLS: Domain suffix match '…' not found / TLS: Domain match '…' not found
 *   CTRL-EVENT-EAP-PEER-CERT depth=<d> subject='…' hash=<sha256 hex>
 *   CTRL-EVENT-EAP-STATUS status='remote TLS alert' parameter='certificate expired'
 *   SSL: SSL3 alert: read (remote end reported an error):fatal:certificate expired
 *   EAP-MSCHAPV2: failure message: 'E=691 R=1 …' (retry allowed, error 691)
 *   EAP-TTLS/MSCHAPV2: Received MS-CHAP-Error - failed
 *   CTRL-EVENT-EAP-METHOD EAP vendor 0 method 25 (PEAP) selected
 *   CTRL-EVENT-EAP-PROPOSED-METHOD vendor=0 method=13 -> NAK
 *   CTRL-EVENT-EAP-FAILURE EAP authentication failed / CTRL-EVENT-EAP-SUCCESS …
 *   EAPOL test timed out (eapol_test: no RADIUS answer)
 * and, when the RADIUS server's log is at hand (FreeRADIUS 3.2), its verdict on a client
 * certificate — which the supplicant never sees, it only gets Access-Reject:
 *   (4) eap_tls:   ERROR: (TLS) OpenSSL says error 10 : certificate has expired
 *
 * The first matching rule wins, most specific first. Passwords never appear in these lines
 * (wpa_supplicant hides them unless run with -K); the evidence returned is only the matched line.
 */
import { eapErrorCodes } from './eap-error-codes.js';

export type EapFailureCode =
  | 'EAP_SERVER_CERT_CHANGED'
  | 'EAP_SERVER_NAME_MISMATCH'
  | 'EAP_UNTRUSTED_CA'
  | 'EAP_SERVER_CERT_EXPIRED'
  | 'EAP_CLIENT_CERT_EXPIRED'
  | 'EAP_CLIENT_CERT_NOT_YET_VALID'
  | 'EAP_CLIENT_CERT_REJECTED'
  | 'EAP_DEVICE_CLOCK_WRONG'
  | 'EAP_WRONG_REALM'
  | 'EAP_WRONG_PASSWORD'
  | 'EAP_PASSWORD_EXPIRED'
  | 'EAP_ACCOUNT_DISABLED'
  | 'EAP_METHOD_REJECTED'
  | 'EAP_RADIUS_UNREACHABLE'
  | 'EAP_AUTH_FAILED';

export interface EapFailureExplanation {
  outcome: 'failure';
  code: EapFailureCode;
  /** What happened, in a sentence a person understands. */
  message: string;
  /** What to do about it. */
  action: string;
  /** The log line(s) that showed it. */
  evidence: string[];
}

export type EapOutcome = { outcome: 'success'; evidence: string[] } | EapFailureExplanation | { outcome: 'unknown'; evidence: string[] };

export interface EapFailureContext {
  /** The device clock now (default: the current time). */
  now?: Date;
  /** Difference between this device's clock and a trusted time source, in seconds, when known. */
  clockSkewSeconds?: number;
  /** SHA-256 (hex) of the server certificate seen at the last successful sign-in. */
  knownServerCertSha256?: string;
  /** Validity of the client certificate (EAP-TLS), to explain rejections. */
  clientCertificate?: { notBefore: Date; notAfter: Date };
  /** The realm the outer identity used, for the message. */
  realm?: string;
}

const ACTIONS: Record<EapFailureCode, string> = {
  EAP_SERVER_CERT_CHANGED: 'Do not enter your password. If your organisation announced a new certificate, update the Wi-Fi profile; otherwise this may be an impostor network — tell your helpdesk.',
  EAP_SERVER_NAME_MISMATCH: 'Do not enter your password. This may be an impostor network, or your organisation renamed its server: check with your helpdesk and update the Wi-Fi profile.',
  EAP_UNTRUSTED_CA: 'Do not enter your password. This may be an impostor network, or your organisation changed its certificate authority: ask your helpdesk for an updated Wi-Fi profile.',
  EAP_SERVER_CERT_EXPIRED: 'Check that the date and time on this device are right. If they are, the network’s certificate has really expired: tell your helpdesk.',
  EAP_CLIENT_CERT_EXPIRED: 'Renew your certificate (sign in to your organisation’s Wi-Fi portal or app again), then reconnect.',
  EAP_CLIENT_CERT_NOT_YET_VALID: 'Wait a few minutes and try again; if it keeps failing, check the date and time on this device.',
  EAP_CLIENT_CERT_REJECTED: 'Your certificate may have been revoked or issued for another network: get a new one from your organisation.',
  EAP_DEVICE_CLOCK_WRONG: 'Set the date, time and time zone of this device correctly (turn on automatic time), then reconnect.',
  EAP_WRONG_REALM: 'Check the part of your user name after the @, and the profile’s anonymous identity: they must name your own organisation (e.g. name@example.edu).',
  EAP_WRONG_PASSWORD: 'Re-enter your user name and password. If you changed your password recently, use the new one.',
  EAP_PASSWORD_EXPIRED: 'Change your password with your organisation (web portal or computer sign-in), then reconnect with the new one.',
  EAP_ACCOUNT_DISABLED: 'Contact your helpdesk: your account is disabled or not allowed on this network.',
  EAP_METHOD_REJECTED: 'The profile does not match how this network signs people in: get the current Wi-Fi profile from your organisation.',
  EAP_RADIUS_UNREACHABLE: 'Try again in a few minutes or use another network; if it persists, tell the network’s operator (the sign-in server did not answer).',
  EAP_AUTH_FAILED: 'Try again; if it keeps failing, send the log to your helpdesk.',
};

function explain(code: EapFailureCode, evidence: string[], message?: string): EapFailureExplanation {
  return { outcome: 'failure', code, message: message ?? eapErrorCodes[code], action: ACTIONS[code], evidence };
}

const CERT_ERROR = /CTRL-EVENT-EAP-TLS-CERT-ERROR reason=(\d+) depth=(\d+) subject='([^']*)' err='([^']*)'/;
const VERIFY_FAILED = /TLS: Certificate verification failed, error (\d+) \(([^)]*)\) depth (\d+) for '([^']*)'/;
const NAME_NOT_FOUND = /TLS: (?:Domain suffix match|Domain match|altSubjectName match) '[^']*' not found|TLS: Subject '[^']*' did not match/;
const PEER_CERT = /CTRL-EVENT-EAP-PEER-CERT depth=0 subject='[^']*'.*?hash=([0-9a-f]{64})/;
const REMOTE_ALERT = /CTRL-EVENT-EAP-STATUS status='remote TLS alert' parameter='([^']*)'|SSL3 alert: read \(remote end reported an error\):fatal:(.+)$/;
const MSCHAP_FAILURE = /EAP-MSCHAPV2: failure message: '([^']*)'.*error (\d+)\)|EAP-MSCHAPV2: error (\d+)/;
/** FreeRADIUS (rlm_eap_tls) verifying the client certificate: "(TLS) OpenSSL says error 10 : certificate has expired". */
const SERVER_CLIENT_CERT = /eap_tls.*OpenSSL says error (\d+) : (.+?)\)?$/;
const UNTRUSTED_TEXT = /unable to get local issuer certificate|self[- ]signed certificate|unable to get issuer certificate|certificate signature failure|unable to verify the first certificate|invalid CA certificate/i;

/**
 * Explains a supplicant log. `log` is the whole output (string) or its lines.
 * Returns `success`, one `failure` explanation, or `unknown` when the log shows neither.
 */
export function explainEapFailure(log: string | string[], context: EapFailureContext = {}): EapOutcome {
  const lines = (Array.isArray(log) ? log : log.split(/\r?\n/)).map((line) => line.trimEnd());
  const find = (pattern: RegExp) => lines.find((line) => pattern.test(line));
  const now = context.now ?? new Date();

  if (find(/CTRL-EVENT-EAP-SUCCESS/) && !find(/CTRL-EVENT-EAP-FAILURE/)) return { outcome: 'success', evidence: [find(/CTRL-EVENT-EAP-SUCCESS/)!] };

  // Our own certificate, checked locally: a clear answer before reading the log.
  const clock = clockLooksWrong(now, context.clockSkewSeconds);
  const client = context.clientCertificate;
  if (client && now < client.notBefore) return explain(clock ? 'EAP_DEVICE_CLOCK_WRONG' : 'EAP_CLIENT_CERT_NOT_YET_VALID', [`client certificate valid from ${client.notBefore.toISOString()}`]);
  if (client && now > client.notAfter) return explain(clock ? 'EAP_DEVICE_CLOCK_WRONG' : 'EAP_CLIENT_CERT_EXPIRED', [`client certificate expired ${client.notAfter.toISOString()}`]);

  // The server's certificate, as this device judged it.
  const certError = find(CERT_ERROR);
  const verify = find(VERIFY_FAILED);
  if (certError || verify || find(NAME_NOT_FOUND)) {
    const [, reasonText, , , errText] = certError ? CERT_ERROR.exec(certError)! : [];
    const verifyMatch = verify ? VERIFY_FAILED.exec(verify)! : undefined;
    const reason = reasonText !== undefined ? Number(reasonText) : undefined;
    const err = errText ?? verifyMatch?.[2] ?? '';
    const evidence = [certError ?? verify ?? find(NAME_NOT_FOUND)!];
    const seenHash = find(PEER_CERT) ? PEER_CERT.exec(find(PEER_CERT)!)![1] : undefined;
    if (err === 'Server certificate mismatch') return explain('EAP_SERVER_CERT_CHANGED', evidence);
    if (reason === 5 || reason === 6 || reason === 9 || reason === 10 || /mismatch/i.test(err) || find(NAME_NOT_FOUND)) {
      return explain('EAP_SERVER_NAME_MISMATCH', evidence);
    }
    if (reason === 3 || /not yet valid/i.test(err)) return explain('EAP_DEVICE_CLOCK_WRONG', evidence, 'The network’s certificate is not valid yet according to this device’s clock, so the clock is almost certainly wrong.');
    if (reason === 4 || /has expired/i.test(err)) {
      return clock ? explain('EAP_DEVICE_CLOCK_WRONG', evidence) : explain('EAP_SERVER_CERT_EXPIRED', evidence);
    }
    if (reason === 1 || UNTRUSTED_TEXT.test(err)) {
      if (context.knownServerCertSha256 && seenHash && seenHash !== context.knownServerCertSha256.toLowerCase()) return explain('EAP_SERVER_CERT_CHANGED', [...evidence, find(PEER_CERT)!]);
      return explain('EAP_UNTRUSTED_CA', evidence);
    }
    return explain('EAP_UNTRUSTED_CA', evidence, `The network’s sign-in server certificate was not accepted (${err || 'unknown reason'}).`);
  }

  // The RADIUS server's own log (FreeRADIUS), when a support case carries it: its verdict on
  // our client certificate is precise, where the supplicant only sees Access-Reject.
  const serverVerdict = find(SERVER_CLIENT_CERT);
  if (serverVerdict) {
    const [, errorNumber, text] = SERVER_CLIENT_CERT.exec(serverVerdict)!;
    if (errorNumber === '10' || /has expired/.test(text ?? '')) return explain(clock ? 'EAP_DEVICE_CLOCK_WRONG' : 'EAP_CLIENT_CERT_EXPIRED', [serverVerdict]);
    if (errorNumber === '9' || /not yet valid/.test(text ?? '')) return explain(clock ? 'EAP_DEVICE_CLOCK_WRONG' : 'EAP_CLIENT_CERT_NOT_YET_VALID', [serverVerdict]);
    return explain('EAP_CLIENT_CERT_REJECTED', [serverVerdict]);
  }

  // What the server said about our certificate (EAP-TLS): a TLS alert.
  const alertLine = find(REMOTE_ALERT);
  if (alertLine) {
    const match = REMOTE_ALERT.exec(alertLine)!;
    const alert = (match[1] ?? match[2] ?? '').trim();
    if (/certificate expired/i.test(alert)) return explain(clock ? 'EAP_DEVICE_CLOCK_WRONG' : 'EAP_CLIENT_CERT_EXPIRED', [alertLine]);
    if (/unknown CA|bad certificate|certificate revoked|certificate unknown|unsupported certificate|access denied/i.test(alert)) return explain('EAP_CLIENT_CERT_REJECTED', [alertLine]);
  }

  // MSCHAPv2 error codes (RFC 2759 §6): 691 authentication failure, 648 password expired,
  // 647 account disabled, 649 no dial-in permission, 646 restricted logon hours.
  const mschap = find(MSCHAP_FAILURE);
  if (mschap) {
    const match = MSCHAP_FAILURE.exec(mschap)!;
    const code = Number(match[2] ?? match[3] ?? /E=(\d+)/.exec(match[1] ?? '')?.[1]);
    if (code === 648) return explain('EAP_PASSWORD_EXPIRED', [mschap]);
    if (code === 647 || code === 649 || code === 646) return explain('EAP_ACCOUNT_DISABLED', [mschap]);
    return explain('EAP_WRONG_PASSWORD', [mschap]);
  }
  const ttlsMschap = find(/EAP-TTLS\/MSCHAPV2: Received MS-CHAP-Error|EAP-TTLS\/MSCHAP: Received MS-CHAP-Error/);
  if (ttlsMschap) return explain('EAP_WRONG_PASSWORD', [ttlsMschap]);

  const failure = find(/CTRL-EVENT-EAP-FAILURE/);
  const methodSelected = find(/CTRL-EVENT-EAP-METHOD EAP vendor \d+ method \d+/);
  const nak = find(/CTRL-EVENT-EAP-PROPOSED-METHOD .*-> NAK/);
  const tunnelUp = find(/status='remote certificate verification' parameter='success'|EAP-PEAP: Phase 2|EAP-TTLS: Phase 2|phase2|Phase 2/);
  if (failure || find(/Access-Reject|EAP: Received EAP-Failure/)) {
    const evidence = [failure ?? find(/Access-Reject|EAP: Received EAP-Failure/)!];
    if (nak && !methodSelected) return explain('EAP_METHOD_REJECTED', [nak, ...evidence]);
    // Rejected before any method started: the outer identity (its realm) could not be routed.
    if (!methodSelected) {
      return explain('EAP_WRONG_REALM', evidence, context.realm ? `The network does not know where to send sign-ins for “${context.realm}”: the realm is not accepted.` : undefined);
    }
    // The TLS tunnel was up and the inner sign-in failed: the user name or password.
    if (tunnelUp && !/method 13 /.test(methodSelected)) return explain('EAP_WRONG_PASSWORD', evidence);
    if (/method 13 /.test(methodSelected)) return explain('EAP_CLIENT_CERT_REJECTED', evidence);
    return explain('EAP_AUTH_FAILED', evidence);
  }

  const timeout = find(/EAPOL test timed out|Removing un-ACKed RADIUS message|No response from RADIUS|RADIUS: No (?:response|server)|Authentication with [0-9a-f:]{17} timed out|CTRL-EVENT-EAP-TIMEOUT-FAILURE/i);
  if (timeout) return explain('EAP_RADIUS_UNREACHABLE', [timeout]);

  return { outcome: 'unknown', evidence: [] };
}

/** A clock is wrong when a trusted source says so (> 5 minutes off) or it is obviously in the past. */
function clockLooksWrong(now: Date, skewSeconds: number | undefined): boolean {
  if (skewSeconds !== undefined) return Math.abs(skewSeconds) > 300;
  return now.getUTCFullYear() < 2024;
}
