/**
 * Stable codes for everything the portal capability can report, with a sentence a person
 * understands. A file of data with no imports, so that `errors.ts` can spread it into the
 * product's one code map without an import cycle.
 */
export const portalErrorCodes = {
  // Reading WISPr XML
  WISPR_NOT_FOUND: 'The page carries no WISPr sign-in information.',
  WISPR_MALFORMED: 'The WISPr sign-in information on the page cannot be used.',
  WISPR_UNKNOWN_MESSAGE: 'The hotspot sent a WISPr message Roamdesk does not know.',
  // Reading an RFC 8908 captive-portal API answer
  CAPPORT_API_URL_NOT_HTTPS: 'The network’s captive-portal API address is not HTTPS, so Roamdesk does not use it.',
  CAPPORT_UNREACHABLE: 'The network’s captive-portal API did not answer.',
  CAPPORT_HTTP_STATUS: 'The network’s captive-portal API answered with an error.',
  CAPPORT_CONTENT_TYPE: 'The network’s captive-portal API did not answer as application/captive+json.',
  CAPPORT_TOO_LARGE: 'The network’s captive-portal API answer is too large.',
  CAPPORT_NOT_JSON: 'The network’s captive-portal API answer is not JSON.',
  CAPPORT_CAPTIVE_MISSING: 'The network’s captive-portal API answer does not say whether the network is captive.',
  CAPPORT_PORTAL_URL_MISSING: 'The network says it is captive but gives no sign-in page.',
  CAPPORT_PORTAL_URL_NOT_HTTPS: 'The network’s sign-in page address is not HTTPS.',
  CAPPORT_INVALID_FIELD: 'The network’s captive-portal API answer has a field of the wrong kind.',
  // Smart-client login
  PORTAL_LOGIN_URL_NOT_HTTPS: 'The hotspot asked for your password over an unencrypted connection, so Roamdesk did not send it.',
  PORTAL_LOGIN_HOST_NOT_ALLOWED: 'The hotspot’s sign-in server does not belong to your provider, so Roamdesk did not send your password.',
  PORTAL_TLS_CERTIFICATE_INVALID: 'The hotspot’s sign-in server did not prove who it is (its certificate is not trusted), so Roamdesk stopped.',
  PORTAL_UNREACHABLE: 'The hotspot’s sign-in server did not answer.',
  PORTAL_UNEXPECTED_REPLY: 'The hotspot answered the sign-in in a way Roamdesk does not understand.',
  PORTAL_CREDENTIALS_INVALID: 'The stored sign-in details for this provider cannot be used.',
  PORTAL_LOGIN_REJECTED: 'The hotspot rejected your provider account.',
  PORTAL_RADIUS_ERROR: 'The hotspot could not reach your provider’s sign-in service.',
  PORTAL_NETWORK_ADMIN_ERROR: 'The hotspot is not set up to sign in accounts from your provider.',
  PORTAL_GATEWAY_ERROR: 'The hotspot’s gateway reported an internal error.',
  PORTAL_PENDING_TIMEOUT: 'The hotspot kept the sign-in pending for too long.',
  PORTAL_LOGIN_ABORTED: 'The sign-in was cancelled.',
  PORTAL_PROXY_LOOP: 'The hotspot kept redirecting without offering a sign-in.',
  PORTAL_REDIRECT_LOOP: 'The network kept redirecting and never reached a page.',
  PORTAL_LOGOFF_FAILED: 'The hotspot did not confirm the sign-out.',
  PORTAL_NO_LOGOFF_URL: 'The hotspot gave no sign-out address.',
} as const;
