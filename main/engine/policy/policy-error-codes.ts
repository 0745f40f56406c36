/**
 * Stable codes for everything the settings-and-policy capability can report, with a
 * sentence a person understands. A file of data with no imports, so that `errors.ts` can
 * spread it into the product's one code map without an import cycle.
 *
 * (`POLICY_INVALID` — a bad *selection* policy — predates this file and stays in errors.ts.)
 */
export const policyErrorCodes = {
  POLICY_VALUE_REJECTED: 'A value your organisation set by policy cannot be used, so Roamdesk ignored it and kept the previous value.',
  POLICY_SOURCE_UNREADABLE: 'Roamdesk could not read the policy your organisation set.',
  POLICY_SETTING_LOCKED: 'Your organisation manages this setting, so it cannot be changed here.',
  SETTING_UNKNOWN: 'There is no setting by that name.',
  SETTING_VALUE_INVALID: 'That value cannot be used for this setting.',
  SETTINGS_FILE_UNWRITABLE: 'Roamdesk could not save your settings.',
} as const;
