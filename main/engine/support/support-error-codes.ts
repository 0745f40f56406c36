/**
 * Stable codes for everything the support desk's client side can report (relay client,
 * offline queue, SLA clock, status feed), each with a sentence a person understands. Data
 * only, no imports, so that `errors.ts` can spread it into the product's one code map
 * without an import cycle (until it does, support-error.ts casts the code).
 */
export const supportErrorCodes = {
  // Configuration
  SUPPORT_RELAY_NOT_CONFIGURED: 'No support relay is configured, so Roamdesk cannot reach the support desk.',
  SUPPORT_RELAY_URL_INVALID: 'The support relay address is not a valid http(s) URL.',
  SUPPORT_NOT_ACTIVATED: 'This device is not registered with the support desk yet, and no activation token is available.',
  SUPPORT_SLA_CONFIG_INVALID: 'The support response-time settings are not valid.',
  SUPPORT_HOLIDAY_CALENDAR_UNKNOWN: 'The public-holiday calendar named in the support settings is not known.',
  // Talking to the relay
  SUPPORT_RELAY_UNREACHABLE: 'The support relay did not answer.',
  SUPPORT_RELAY_HTTP_STATUS: 'The support relay answered with an error.',
  SUPPORT_RELAY_REPLY_INVALID: 'The support relay answered in a way Roamdesk does not understand.',
  SUPPORT_ACTIVATION_REJECTED: 'The support desk did not accept the activation token or sign-in.',
  SUPPORT_CREDENTIAL_REJECTED: 'The support desk no longer accepts this device’s registration.',
  SUPPORT_CASE_NOT_FOUND: 'The support desk has no case with that number for this device.',
  SUPPORT_CASE_INVALID: 'The support case is not complete or not valid.',
  SUPPORT_RATING_INVALID: 'A rating is a whole number from 1 to 5.',
  SUPPORT_REQUEST_NOT_FOUND: 'The log request is no longer open.',
  SUPPORT_CASE_NOT_RESOLVED: 'A case can be rated once the support desk has resolved it.',
  SUPPORT_CASE_ALREADY_RATED: 'This case already has a rating.',
  // The app's support service
  SUPPORT_REQUEST_ALREADY_ANSWERED: 'That log request was already answered on this device.',
  SUPPORT_REMOTE_LOGS_DISABLED: 'Your organisation’s policy does not allow sending logs on request.',
  SUPPORT_SERVICE_BUSY: 'The support desk is still starting; try again in a moment.',
  // Bundle upload
  SUPPORT_BUNDLE_NOT_FOUND: 'The diagnostic bundle file could not be read.',
  SUPPORT_BUNDLE_EMPTY: 'The diagnostic bundle is empty.',
  SUPPORT_BUNDLE_TOO_LARGE: 'The diagnostic bundle is larger than the support desk accepts.',
  SUPPORT_UPLOAD_FAILED: 'The diagnostic bundle could not be uploaded, even after resuming.',
  SUPPORT_UPLOAD_CHECKSUM_MISMATCH: 'The support desk received a bundle that does not match the one on this device (SHA-256 differs).',
  // Offline queue
  SUPPORT_QUEUE_UNAVAILABLE: 'The queue of support cases waiting to be sent could not be opened.',
  SUPPORT_QUEUE_FROM_NEWER_VERSION: 'The queue of support cases was written by a newer Roamdesk.',
  // Status feed
  STATUS_FEED_INVALID: 'The service status feed is not in the Statuspage format Roamdesk reads.',
  STATUS_FEED_UNAVAILABLE: 'The service status is unknown: the feed could not be fetched and nothing is cached.',
} as const;
