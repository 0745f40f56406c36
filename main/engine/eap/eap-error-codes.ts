/**
 * Stable codes for everything the 802.1X / Passpoint capability can report, with a sentence a
 * person understands. A file of data with no imports, so that `errors.ts` can spread it into
 * the product's one code map without an import cycle.
 */
export const eapErrorCodes = {
  // Building a profile
  EAP_SERVER_VALIDATION_MISSING: 'This enterprise Wi-Fi profile does not say how to recognise the network’s sign-in server (no CA certificate or no server name), so Roamdesk will not install it: your password could be given to an impostor.',
  EAP_PROFILE_INVALID: 'The enterprise Wi-Fi profile is not complete or not consistent.',
  EAP_PROFILE_NO_NETWORKS: 'The enterprise Wi-Fi profile names no network (no SSID and no Passpoint identifiers).',
  EAP_CERTIFICATE_INVALID: 'A certificate in the enterprise Wi-Fi profile cannot be read.',
  // Reading eap-config (EAPIdentityProviderList) files
  EAP_CONFIG_MALFORMED: 'The eap-config file is not valid, so nothing was installed.',
  EAP_CONFIG_UNSUPPORTED: 'The eap-config file only offers sign-in methods Roamdesk does not support, so nothing was installed.',
  // Rendering for an operating system
  EAP_RENDER_INPUT_MISSING: 'Something needed to write this network’s settings for the operating system is missing.',
  // Explaining a failed 802.1X sign-in
  EAP_SERVER_CERT_CHANGED: 'The network’s sign-in server shows a different certificate from the one it used before.',
  EAP_SERVER_NAME_MISMATCH: 'The network’s sign-in server has a certificate for a different name than your organisation announced.',
  EAP_UNTRUSTED_CA: 'The network’s sign-in server has a certificate from an authority your profile does not trust.',
  EAP_SERVER_CERT_EXPIRED: 'The network’s sign-in server has an expired certificate.',
  EAP_CLIENT_CERT_EXPIRED: 'Your device certificate for this network has expired.',
  EAP_CLIENT_CERT_NOT_YET_VALID: 'Your device certificate for this network is not valid yet.',
  EAP_DEVICE_CLOCK_WRONG: 'This device’s clock is wrong, so certificates cannot be checked.',
  EAP_WRONG_REALM: 'The network does not know where to send your sign-in: the realm (the part after @) is not accepted.',
  EAP_WRONG_PASSWORD: 'The network rejected your user name or password.',
  EAP_PASSWORD_EXPIRED: 'Your organisation’s password has expired.',
  EAP_ACCOUNT_DISABLED: 'Your account is disabled or not allowed on this network.',
  EAP_METHOD_REJECTED: 'The network does not accept the sign-in method in your profile.',
  EAP_CLIENT_CERT_REJECTED: 'The network rejected your device certificate.',
  EAP_RADIUS_UNREACHABLE: 'The network’s sign-in server (RADIUS) did not answer.',
  EAP_AUTH_FAILED: 'The enterprise sign-in failed, and the log does not say why.',
} as const;
