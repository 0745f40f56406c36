/**
 * Stable codes for what the real Wi-Fi drivers and their output parsers can report, each
 * with a sentence a person understands. Data only, no imports, so that `errors.ts` can
 * spread it into the product's one code map without an import cycle.
 */
export const wifiErrorCodes = {
  WIFI_LOCATION_PERMISSION_REQUIRED: 'The system hides nearby Wi-Fi networks from Roamdesk until it is allowed to use Location.',
  WIFI_RADIO_OFF: 'Wi-Fi is turned off.',
  WIFI_NO_INTERFACE: 'This device has no Wi-Fi adapter that Roamdesk can use.',
  WIFI_OUTPUT_UNPARSEABLE: 'Roamdesk could not understand what the system’s Wi-Fi tool printed.',
  WIFI_COMMAND_NOT_FOUND: 'A system Wi-Fi tool Roamdesk needs is not installed.',
  WIFI_COMMAND_FAILED: 'A system Wi-Fi tool reported an error.',
  WIFI_COMMAND_TIMEOUT: 'A system Wi-Fi tool did not answer in time.',
  WIFI_HELPER_UNAVAILABLE: 'Roamdesk’s Wi-Fi helper for this system is missing.',
  WIFI_SECURITY_UNSUPPORTED: 'Roamdesk cannot join networks with this kind of security.',
  WIFI_CAPTURE_NOT_FOUND: 'The saved Wi-Fi tool output could not be read.',
} as const;
