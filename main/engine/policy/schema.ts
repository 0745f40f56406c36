/**
 * Every setting Roamdesk has, in one table: its key, its zod type, its default, whether an
 * organisation's policy (MDM / Group Policy / policy.json) and the user may set it, and the
 * words a person reads. Everything else is derived from this table and from nothing else:
 * validation of user and managed values, the settings UI's rows (`settingsView`), the
 * `roamdesk policy show` listing, the ADMX/ADML, the Jamf schema, the configuration-profile
 * example and the policy table in docs/deployment.md (tools/policy-templates/generate.ts).
 *
 * A key is the same word everywhere: the registry value name under
 * `HKLM|HKCU\SOFTWARE\Policies\Roamdesk`, the key in the managed-preferences plist for
 * `com.roamdesk.desktop`, and the key in `/etc/roamdesk/policy.json`. Keys are never
 * renamed once shipped (admins' GPOs and profiles name them); add a new key instead.
 *
 * `shape` says how an admin template renders the value and how a source that has no types
 * of its own (the registry) spells it; `schema` is the truth about what is valid.
 */
import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { defaultCriticalApps } from '../selection/critical-apps.js';
import { defaultSelectionPolicy, parseSelectionPolicy, SelectionPolicyOverrideSchema } from '../selection/policy.js';

/** The preference domain on macOS (= electron-builder's appId) and the registry key's last part. */
export const POLICY_BUNDLE_ID = 'com.roamdesk.desktop';
export const POLICY_REGISTRY_KEY = 'SOFTWARE\\Policies\\Roamdesk';
/** Linux (and the demo, via ROAMDESK_POLICY_FILE). */
export const POLICY_LINUX_FILE = '/etc/roamdesk/policy.json';
/** The first version that reads each key (ADMX `supportedOn`). */
export const POLICY_SINCE = '0.1';

export const settingCategories = {
  activation: 'Activation',
  services: 'Roamdesk services',
  selection: 'Network selection',
  connection: 'Connection',
  support: 'Support and privacy',
  logging: 'Logging',
  branding: 'Managed-by banner',
  updates: 'Updates',
} as const;
export type SettingCategory = keyof typeof settingCategories;

export type SettingShape =
  | { kind: 'boolean' }
  | { kind: 'text'; maxLength: number }
  | { kind: 'enum'; options: ReadonlyArray<{ value: string; label: string }> }
  | { kind: 'integer'; min: number; max: number; unit: string }
  | { kind: 'list'; itemLabel: string }
  | { kind: 'json' };

export interface SettingDefinition<V = unknown> {
  key: string;
  category: SettingCategory;
  /** A short name (ADMX display name, Jamf title, settings row label). */
  title: string;
  /** What it does, in full sentences (ADML explain text, docs, tooltips). */
  description: string;
  shape: SettingShape;
  schema: z.ZodType<V>;
  default: V;
  /** A realistic value: the docs' example, the configuration-profile example, the round-trip tests. */
  example: V;
  /** Whether an organisation's policy may set (and so lock) it. */
  policy: boolean;
  /** Whether the user may set it in the app (when policy has not locked it). */
  user: boolean;
  /** Never shown or logged in full. */
  secret: boolean;
}

function define<S extends z.ZodType>(definition: Omit<SettingDefinition<z.output<S>>, 'schema'> & { schema: S }): SettingDefinition<z.output<S>> & { schema: S } {
  return Object.freeze(definition) as SettingDefinition<z.output<S>> & { schema: S };
}

// ---- value types ---------------------------------------------------------------------

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** HTTPS, or plain HTTP to this machine (demo and test services); '' means "not set". */
function serviceUrl(what: string) {
  return z
    .string()
    .max(2048)
    .refine((value) => {
      if (value === '') return true;
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        return false;
      }
      return url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname));
    }, `${what} must be an https:// address (http:// only for localhost)`);
}

/** An Ed25519 public key, as PEM or as the base64 of its SPKI DER (one line: fits a registry string). */
const DirectoryPublicKey = z
  .string()
  .max(4096)
  .refine((value) => value === '' || isEd25519PublicKey(value), 'must be an Ed25519 public key (PEM, or base64 of the SubjectPublicKeyInfo)');

export function isEd25519PublicKey(value: string): boolean {
  try {
    const text = value.trim();
    const key = text.startsWith('-----BEGIN') ? createPublicKey(text) : createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ed25519';
  } catch {
    return false;
  }
}

/** SSIDs are at most 32 bytes; `hex:<bytes>` names one that is not UTF-8. */
const Ssid = z
  .string()
  .min(1)
  .refine((value) => (value.startsWith('hex:') ? /^hex:(?:[0-9a-fA-F]{2}){1,32}$/.test(value) : Buffer.byteLength(value, 'utf8') <= 32), 'an SSID has 1 to 32 bytes (or hex:<up to 32 bytes>)');
const ProviderId = z.string().min(1).max(128);
const ProcessName = z.string().min(1).max(260);
const listOf = <T extends z.ZodType>(item: T) => z.array(item).max(500);

const ActivationToken = z
  .string()
  .max(1024)
  .refine((value) => !/[\s\x00-\x1f]/.test(value), 'an activation token has no spaces or control characters');

const SelectionOverride = z.unknown().transform((value, ctx) => {
  const parsed = SelectionPolicyOverrideSchema.safeParse(value);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: `${issue.path.join('.') || '(override)'}: ${issue.message}` });
    return z.NEVER;
  }
  try {
    parseSelectionPolicy(parsed.data); // the merged policy must be consistent too
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
  return parsed.data;
});

/**
 * A setting with a fixed set of values: each value with the label the settings UI and the
 * admin templates show. The schema is derived from the same table, so the two cannot drift.
 */
function choice<const O extends Readonly<Record<string, string>>>(labels: O): { shape: SettingShape; schema: z.ZodEnum<{ [K in keyof O & string]: K }> } {
  const values = Object.keys(labels) as Array<keyof O & string>;
  return {
    shape: { kind: 'enum', options: values.map((value) => ({ value, label: labels[value]! })) },
    schema: z.enum(Object.fromEntries(values.map((value) => [value, value])) as { [K in keyof O & string]: K }),
  };
}

// ---- the table -------------------------------------------------------------------------

export const settingDefinitions = {
  activationToken: define({
    key: 'activationToken',
    category: 'activation',
    title: 'Activation token',
    description:
      'A one-time enrolment secret issued by the support relay’s operator. When set, Roamdesk activates the device with the relay on first start without asking the user, then keeps only the device credential it receives. Deploy it with the same policy on every device of the organisation.',
    shape: { kind: 'text', maxLength: 1024 },
    schema: ActivationToken,
    default: '',
    example: 'rdact_8f3c2a91d0b74e55a1c6',
    policy: true,
    user: true,
    secret: true,
  }),
  relayUrl: define({
    key: 'relayUrl',
    category: 'services',
    title: 'Support relay URL',
    description: 'The support relay this device activates with and sends support cases and log bundles to. Empty: the Roamdesk-hosted relay.',
    shape: { kind: 'text', maxLength: 2048 },
    schema: serviceUrl('the relay URL'),
    default: '',
    example: 'https://relay.example.com',
    policy: true,
    user: false,
    secret: false,
  }),
  statusFeedUrl: define({
    key: 'statusFeedUrl',
    category: 'services',
    title: 'Service status feed URL',
    description: 'A Statuspage v2 JSON feed (…/api/v2/summary.json) whose incidents Roamdesk shows next to connection problems. Empty: no status feed.',
    shape: { kind: 'text', maxLength: 2048 },
    schema: serviceUrl('the status feed URL'),
    default: '',
    example: 'https://status.example.com/api/v2/summary.json',
    policy: true,
    user: false,
    secret: false,
  }),
  directoryUrl: define({
    key: 'directoryUrl',
    category: 'services',
    title: 'Hotspot directory URL',
    description:
      'The signed hotspot directory file Roamdesk downloads (a URL ending in / gets directory.rdir appended), checked at start, every 6 hours and when this setting changes. A file whose signature does not verify is refused and the last good directory stays. Empty: no download (there is no Roamdesk-hosted directory service yet).',
    shape: { kind: 'text', maxLength: 2048 },
    schema: serviceUrl('the directory URL'),
    default: '',
    example: 'https://directory.example.com/roamdesk/',
    policy: true,
    user: false,
    secret: false,
  }),
  directoryPublicKey: define({
    key: 'directoryPublicKey',
    category: 'services',
    title: 'Hotspot directory public key',
    description:
      'An extra Ed25519 public key (PEM, or the base64 of its SubjectPublicKeyInfo on one line) that directory files may be signed with, for an organisation that runs its own directory. The keys pinned in Roamdesk stay trusted.',
    shape: { kind: 'text', maxLength: 4096 },
    schema: DirectoryPublicKey,
    default: '',
    example: 'MCowBQYDK2VwAyEAaCHj0jwYqjNCrpenh2WaTEUAfEjl1+bKF2NVi0zwOGo=',
    policy: true,
    user: false,
    secret: false,
  }),
  preferredProviders: define({
    key: 'preferredProviders',
    category: 'selection',
    title: 'Preferred providers',
    description: 'Hotspot providers (directory ids) ranked above all others, e.g. those the organisation has contracts with.',
    shape: { kind: 'list', itemLabel: 'provider id' },
    schema: listOf(ProviderId),
    default: [] as string[],
    example: ['boingo', 'ipass'],
    policy: true,
    user: true,
    secret: false,
  }),
  prohibitedProviders: define({
    key: 'prohibitedProviders',
    category: 'selection',
    title: 'Prohibited providers',
    description: 'Hotspot providers (directory ids) Roamdesk never joins.',
    shape: { kind: 'list', itemLabel: 'provider id' },
    schema: listOf(ProviderId),
    default: [] as string[],
    example: ['freewifi-unsafe'],
    policy: true,
    user: true,
    secret: false,
  }),
  preferredSsids: define({
    key: 'preferredSsids',
    category: 'selection',
    title: 'Preferred networks (SSIDs)',
    description: 'Network names ranked above all others. hex:<bytes> names a network whose name is not UTF-8.',
    shape: { kind: 'list', itemLabel: 'SSID' },
    schema: listOf(Ssid),
    default: [] as string[],
    example: ['CorpWiFi', 'CorpGuest'],
    policy: true,
    user: true,
    secret: false,
  }),
  prohibitedSsids: define({
    key: 'prohibitedSsids',
    category: 'selection',
    title: 'Prohibited networks (SSIDs)',
    description: 'Network names Roamdesk never joins. hex:<bytes> names a network whose name is not UTF-8.',
    shape: { kind: 'list', itemLabel: 'SSID' },
    schema: listOf(Ssid),
    default: [] as string[],
    example: ['Free Public WiFi'],
    policy: true,
    user: true,
    secret: false,
  }),
  minimumSuccessRatePercent: define({
    key: 'minimumSuccessRatePercent',
    category: 'selection',
    title: 'Minimum connection success rate',
    description: 'Access points whose connections succeed less often than this (in percent, with enough evidence) are skipped while anything else is in range. 0 turns the filter off.',
    shape: { kind: 'integer', min: 0, max: 100, unit: '%' },
    schema: z.number().int().min(0).max(100),
    default: Math.round(defaultSelectionPolicy.successRate.minimum * 100),
    example: 40,
    policy: true,
    user: true,
    secret: false,
  }),
  connectionSensitiveApps: define({
    key: 'connectionSensitiveApps',
    category: 'selection',
    title: 'Connection-sensitive apps',
    description: `While one of these runs, Roamdesk makes no optional network switch (a switch drops a call). Each entry is a built-in app id (${defaultCriticalApps.map((app) => app.id).join(', ')}) or a process name (Zoom.exe, zoom.us). Setting the list replaces the built-in one.`,
    shape: { kind: 'list', itemLabel: 'app id or process name' },
    schema: listOf(ProcessName),
    default: defaultCriticalApps.map((app) => app.id),
    example: ['teams', 'zoom', 'webex', 'SoftphoneClient.exe'],
    policy: true,
    user: true,
    secret: false,
  }),
  selectionPolicy: define({
    key: 'selectionPolicy',
    category: 'selection',
    title: 'Selection policy override (advanced)',
    description:
      'A JSON object overriding weights, thresholds and lists of the network selector, section by section (see docs/selection). Lists replace the defaults. The settings above win over the same lists here when they are set. An override that is not valid or not consistent is rejected whole.',
    shape: { kind: 'json' },
    schema: SelectionOverride as unknown as z.ZodType<Record<string, unknown>>,
    default: {} as Record<string, unknown>,
    example: { weights: { successRate: 40 }, hysteresis: { currentBonus: 12 } } as Record<string, unknown>,
    policy: true,
    user: false,
    secret: false,
  }),
  autoConnect: define({
    key: 'autoConnect',
    category: 'connection',
    title: 'Connect automatically',
    description: 'Keep the device on the best network in range without asking.',
    shape: { kind: 'boolean' },
    schema: z.boolean(),
    default: true,
    example: true,
    policy: true,
    user: true,
    secret: false,
  }),
  switchLocked: define({
    key: 'switchLocked',
    category: 'connection',
    title: 'Lock the on/off switch',
    description: 'When on, the user cannot pause or turn off Roamdesk’s connection management (the switch in the tray and the app is disabled).',
    shape: { kind: 'boolean' },
    schema: z.boolean(),
    default: false,
    example: true,
    policy: true,
    user: false,
    secret: false,
  }),
  remoteLogConsent: define({
    key: 'remoteLogConsent',
    category: 'support',
    title: 'Consent for remote log requests',
    description:
      'What happens when a support agent asks this device for a log bundle: always-ask shows the user what would be sent and waits for approval; auto-approve-managed sends without asking when the request comes through the organisation’s own relay; never refuses every request.',
    ...choice({
      'always-ask': 'Always ask the user',
      'auto-approve-managed': 'Approve requests from the organisation’s relay',
      never: 'Never send logs on request',
    }),
    default: 'always-ask',
    example: 'auto-approve-managed',
    policy: true,
    user: true,
    secret: false,
  }),
  redactionLevel: define({
    key: 'redactionLevel',
    category: 'support',
    title: 'Redaction level of log bundles',
    description: 'How much is removed from logs before they leave the device: strict also removes network names, MAC addresses and host names; standard removes secrets, user names and addresses; minimal removes secrets only.',
    ...choice({
      strict: 'Strict',
      standard: 'Standard',
      minimal: 'Minimal (secrets only)',
    }),
    default: 'standard',
    example: 'strict',
    policy: true,
    user: true,
    secret: false,
  }),
  crowdQualitySharing: define({
    key: 'crowdQualitySharing',
    category: 'support',
    title: 'Share connection quality',
    description:
      'Reserved for sharing anonymous connection outcomes (access point, success, throughput; no identity and no location history) so every Roamdesk user ranks hotspots better. This version shares nothing, whatever the value: there is no upload yet. Off unless the user or the organisation turns it on.',
    shape: { kind: 'boolean' },
    schema: z.boolean(),
    default: false,
    example: true,
    policy: true,
    user: true,
    secret: false,
  }),
  logLevel: define({
    key: 'logLevel',
    category: 'logging',
    title: 'Log level',
    description: 'How much Roamdesk writes to its log files. Applies at once, without a restart.',
    ...choice({
      error: 'Errors only',
      warn: 'Warnings',
      info: 'Information',
      debug: 'Debug',
    }),
    default: 'info',
    example: 'debug',
    policy: true,
    user: true,
    secret: false,
  }),
  retentionMonths: define({
    key: 'retentionMonths',
    category: 'logging',
    title: 'Keep history for (months)',
    description: 'How many months this device keeps its own connection history (attempts, observations, habits) before deleting it.',
    shape: { kind: 'integer', min: 1, max: 120, unit: 'months' },
    schema: z.number().int().min(1).max(120),
    default: 12,
    example: 6,
    policy: true,
    user: true,
    secret: false,
  }),
  managedByOrganization: define({
    key: 'managedByOrganization',
    category: 'branding',
    title: 'Managed by: organisation name',
    description: 'Shown as “Managed by <name>” on locked settings and in the banner.',
    shape: { kind: 'text', maxLength: 200 },
    schema: z.string().max(200),
    default: '',
    example: 'Example Corp IT',
    policy: true,
    user: false,
    secret: false,
  }),
  managedByCaption: define({
    key: 'managedByCaption',
    category: 'branding',
    title: 'Managed by: caption',
    description: 'A sentence under the banner, e.g. where to get help.',
    shape: { kind: 'text', maxLength: 500 },
    schema: z.string().max(500),
    default: '',
    example: 'Questions? Call the IT service desk on extension 4357.',
    policy: true,
    user: false,
    secret: false,
  }),
  managedByUrl: define({
    key: 'managedByUrl',
    category: 'branding',
    title: 'Managed by: support URL',
    description: 'The link the banner and locked settings open.',
    shape: { kind: 'text', maxLength: 2048 },
    schema: serviceUrl('the support URL'),
    default: '',
    example: 'https://it.example.com/roamdesk',
    policy: true,
    user: false,
    secret: false,
  }),
  updateChannel: define({
    key: 'updateChannel',
    category: 'updates',
    title: 'Update channel',
    description: 'Which releases the in-app updater offers.',
    ...choice({
      stable: 'Stable',
      beta: 'Beta',
    }),
    default: 'stable',
    example: 'stable',
    policy: true,
    user: true,
    secret: false,
  }),
  updatesDisabled: define({
    key: 'updatesDisabled',
    category: 'updates',
    title: 'Disable in-app updates',
    description: 'Turn the in-app updater off, for fleets whose software distribution (Intune, Jamf, SCCM) installs new versions. Recommended for per-machine installs.',
    shape: { kind: 'boolean' },
    schema: z.boolean(),
    default: false,
    example: true,
    policy: true,
    user: false,
    secret: false,
  }),
} as const;

export type SettingKey = keyof typeof settingDefinitions;
export type SettingValues = { [K in SettingKey]: z.output<(typeof settingDefinitions)[K]['schema']> };

export const settingKeys = Object.keys(settingDefinitions) as SettingKey[];

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(settingDefinitions, key);
}

export function settingDefinition(key: SettingKey): SettingDefinition {
  return settingDefinitions[key] as SettingDefinition;
}

export const policyKeys: SettingKey[] = settingKeys.filter((key) => settingDefinitions[key].policy);

export function defaultSettings(): SettingValues {
  return Object.fromEntries(settingKeys.map((key) => [key, structuredClone(settingDefinitions[key].default)])) as SettingValues;
}

/** The key an admin meant, for a misspelt or wrongly cased one. */
export function closestSettingKey(key: string): SettingKey | undefined {
  const lower = key.toLowerCase();
  return settingKeys.find((candidate) => candidate.toLowerCase() === lower);
}
