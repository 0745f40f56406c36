/**
 * Recognising a certificate-validation failure, whichever HttpClient reported it: node:tls
 * codes (UNABLE_TO_VERIFY_LEAF_SIGNATURE, DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED,
 * ERR_TLS_CERT_ALTNAME_INVALID, …) or Chromium's net errors (net::ERR_CERT_…). Such a
 * failure is an answer — "do not trust this server" — never a reason to try another way.
 */
export function isCertificateError(error: unknown): boolean {
  const code = String((error as { code?: unknown } | undefined)?.code ?? '');
  const message = String((error as { message?: unknown } | undefined)?.message ?? '');
  return /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/i.test(code) || /ERR_CERT_|certificate/i.test(message);
}
