/**
 * macOS managed preferences. An MDM (Intune, Jamf, any configuration profile) delivers a
 * payload for the preference domain `com.roamdesk.desktop`; macOS writes it, root-owned, to
 *
 *   /Library/Managed Preferences/com.roamdesk.desktop.plist          device channel
 *   /Library/Managed Preferences/<user>/com.roamdesk.desktop.plist   user channel
 *
 * usually as a binary plist (bplist00), sometimes XML. We read the file directly rather
 * than through CFPreferences: a user's own `defaults write com.roamdesk.desktop …` must not
 * look like policy (research 8021x-mdm.md C.2), and only the root-owned file is forced.
 *
 * `profilePayloadValues` reads the same settings out of a `.mobileconfig` (the custom
 * payload whose PayloadType is the bundle id, or the legacy
 * com.apple.ManagedClient.preferences payload's Forced mcx_preference_settings): the
 * round-trip tests use it to check what macOS would materialise from the generated profile.
 */
import path from 'node:path';
import { parse as parseXmlPlist, parseBinary } from 'plist';
import { POLICY_BUNDLE_ID } from '../../engine/policy/schema.js';
import { PolicyFileSource } from './policy-file-source.js';

export const MANAGED_PREFERENCES_DIR = '/Library/Managed Preferences';

export function managedPreferencesPaths(user: string | undefined, bundleId = POLICY_BUNDLE_ID, dir = MANAGED_PREFERENCES_DIR): { machine: string; user?: string } {
  const machine = path.posix.join(dir, `${bundleId}.plist`);
  return user ? { machine, user: path.posix.join(dir, user, `${bundleId}.plist`) } : { machine };
}

const BINARY_MAGIC = Buffer.from('bplist00', 'latin1');

/** A binary or XML plist, as plain JS values (dates stay Date, data stays Uint8Array). */
export function decodePlist(bytes: Uint8Array): unknown {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buffer.subarray(0, 8).equals(BINARY_MAGIC)) return parseBinary(buffer);
  let text = buffer.toString('utf8').replace(/^\uFEFF/, '');
  if (buffer[0] === 0xff && buffer[1] === 0xfe) text = buffer.subarray(2).toString('utf16le');
  if (!/^\s*(<\?xml|<!DOCTYPE|<plist)/.test(text)) throw new Error('not a property list (neither bplist00 nor XML)');
  return parseXmlPlist(text);
}

function asDict(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array || value instanceof Date) throw new Error(`${what} is not a dictionary`);
  return value as Record<string, unknown>;
}

/** The top-level dictionary of a managed-preferences plist. */
export function managedPreferencesValues(bytes: Uint8Array): Record<string, unknown> {
  return asDict(decodePlist(bytes), 'the managed preferences file');
}

/**
 * The settings a configuration profile sets for `bundleId`: every payload whose PayloadType
 * is the bundle id (its keys other than Payload*), then the Forced settings of any
 * com.apple.ManagedClient.preferences payload for that domain. Later payloads win, as
 * macOS merges them.
 */
export function profilePayloadValues(profile: Uint8Array, bundleId = POLICY_BUNDLE_ID): Record<string, unknown> {
  const root = asDict(decodePlist(profile), 'the configuration profile');
  const payloads = Array.isArray(root.PayloadContent) ? root.PayloadContent : [];
  const values: Record<string, unknown> = {};
  for (const item of payloads) {
    const payload = asDict(item, 'a payload');
    if (payload.PayloadType === bundleId) {
      for (const [key, value] of Object.entries(payload)) if (!/^Payload[A-Z]/.test(key)) values[key] = value;
    } else if (payload.PayloadType === 'com.apple.ManagedClient.preferences') {
      const content = payload.PayloadContent;
      if (content === undefined) continue;
      const domain = asDict(content, 'PayloadContent')[bundleId];
      if (domain === undefined) continue;
      const forced = asDict(domain, bundleId).Forced;
      for (const entry of Array.isArray(forced) ? forced : []) {
        const settings = asDict(entry, 'a Forced entry').mcx_preference_settings;
        if (settings !== undefined) Object.assign(values, asDict(settings, 'mcx_preference_settings'));
      }
    }
  }
  return values;
}

export class ManagedPreferencesSource extends PolicyFileSource {
  protected parse(bytes: Buffer): Record<string, unknown> {
    try {
      return managedPreferencesValues(bytes);
    } catch (error) {
      throw new Error(`${this.file}: ${(error as Error).message}`);
    }
  }
}
