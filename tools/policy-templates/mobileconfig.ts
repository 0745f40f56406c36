/**
 * A macOS configuration profile (.mobileconfig) for Roamdesk's preference domain: one
 * custom payload whose PayloadType is the bundle id (com.roamdesk.desktop) with the
 * settings as sibling keys — the form Intune ("Preference file"/custom) and Jamf ("Application
 * & Custom Settings") deliver, which macOS writes to
 * /Library/Managed Preferences/com.roamdesk.desktop.plist.
 *
 * UUIDs are derived from the content's identity (not random) so regenerating the example
 * changes nothing; an admin deploying it should keep or replace them consistently (the same
 * PayloadIdentifier replaces an installed profile).
 */
import { createHash } from 'node:crypto';
import { build } from 'plist';
import { POLICY_BUNDLE_ID, type SettingKey, settingDefinition } from '../../main/engine/policy/schema.js';

export function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`.toUpperCase();
}

/** The settings an admin typically sets, with the schema's example values. */
export const exampleProfileKeys: SettingKey[] = [
  'activationToken',
  'relayUrl',
  'managedByOrganization',
  'managedByCaption',
  'managedByUrl',
  'autoConnect',
  'switchLocked',
  'remoteLogConsent',
  'redactionLevel',
  'preferredProviders',
  'prohibitedSsids',
  'minimumSuccessRatePercent',
  'updatesDisabled',
];

/** plist has no JSON shape: the json setting goes in as a dictionary (Roamdesk also accepts a JSON string). */
export function plistValue(value: unknown): unknown {
  return value;
}

export function buildMobileconfig(values: Partial<Record<SettingKey, unknown>>, options: { displayName?: string; organization?: string } = {}): string {
  const identifier = `${POLICY_BUNDLE_ID}.policy`;
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) settings[key] = plistValue(value);
  const profile = {
    PayloadContent: [
      {
        PayloadDisplayName: 'Roamdesk settings',
        PayloadIdentifier: `${identifier}.settings`,
        PayloadType: POLICY_BUNDLE_ID,
        PayloadUUID: stableUuid(`${identifier}.settings`),
        PayloadVersion: 1,
        ...settings,
      },
    ],
    PayloadDescription: 'Settings your organisation manages in Roamdesk. Deploy through your MDM (Jamf, Intune, Kandji …) so macOS keeps them: manually placed files in /Library/Managed Preferences are removed by the system.',
    PayloadDisplayName: options.displayName ?? 'Roamdesk (example)',
    PayloadIdentifier: identifier,
    PayloadOrganization: options.organization ?? 'Example Corp',
    PayloadRemovalDisallowed: true,
    PayloadScope: 'System',
    PayloadType: 'Configuration',
    PayloadUUID: stableUuid(identifier),
    PayloadVersion: 1,
  };
  return `${build(profile as never)}\n`;
}

export function buildExampleMobileconfig(): string {
  const values: Partial<Record<SettingKey, unknown>> = {};
  for (const key of exampleProfileKeys) values[key] = settingDefinition(key).example;
  return buildMobileconfig(values);
}
