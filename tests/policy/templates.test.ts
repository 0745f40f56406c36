/**
 * The admin artefacts generated from the schema (tools/policy-templates):
 *  - are well-formed XML (our strict reader, and xmllint when installed) / valid JSON;
 *  - cover every policy key (ADMX policy + ADML strings and presentation, Jamf property,
 *    docs table row);
 *  - round-trip: a value set through each format is read back by Roamdesk's own readers to
 *    the same effective value — ADMX interpreted the way Group Policy writes the registry and
 *    exported as a .reg file; the .mobileconfig payload materialised as a binary plist the
 *    way macOS does; a Jamf form instance valid against the Jamf schema, delivered as a plist;
 *  - are not stale: the committed files equal what the generator produces now.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'plist';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type SettingKey, checkSettingValue, policyKeys, resolveSettings, settingDefinition } from '../../main/engine/policy/index.js';
import { ManagedPreferencesSource, profilePayloadValues } from '../../main/platform/policy-sources/managed-preferences.js';
import { decodeRegFile, parseRegExport, registryPolicyValues } from '../../main/platform/policy-sources/registry-text.js';
import { buildAdml, buildAdmx } from '../../tools/policy-templates/admx.js';
import { TABLE_END, TABLE_START } from '../../tools/policy-templates/docs-table.js';
import { generatedFiles, policyAssetFiles } from '../../tools/policy-templates/generate.js';
import { buildJamfSchema } from '../../tools/policy-templates/jamf.js';
import { buildMobileconfig } from '../../tools/policy-templates/mobileconfig.js';
import { type XmlElement, child, children, descendants, parseXml } from './xml-lite.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const HKLM_ROOT = 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Roamdesk';

let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'roamdesk-templates-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The example of every policy key as the schema accepts it (what "the same effective value" means). */
function expectedValue(key: SettingKey): unknown {
  const checked = checkSettingValue(settingDefinition(key), settingDefinition(key).example);
  if (!checked.ok) throw new Error(`${key}: example invalid: ${checked.reason}`);
  return checked.value;
}
const allExamples = () => Object.fromEntries(policyKeys.map((key) => [key, settingDefinition(key).example])) as Record<SettingKey, unknown>;

function expectEveryExampleApplied(values: Record<string, unknown>): void {
  const effective = resolveSettings({ managed: [{ origin: 'test', scope: 'machine', status: 'ok', values }] });
  expect(effective.rejected).toEqual([]);
  for (const key of policyKeys) {
    expect.soft(effective.entries[key], key).toMatchObject({ source: 'managed', locked: true });
    expect.soft(effective.values[key], key).toEqual(expectedValue(key));
  }
}

const xmllint = spawnSync('xmllint', ['--version']).status === 0;

describe('well-formed and complete', () => {
  test.each(['assets/policy/windows/Roamdesk.admx', 'assets/policy/windows/en-US/Roamdesk.adml', 'assets/policy/macos/com.roamdesk.desktop.example.mobileconfig'])('%s is well-formed XML', (file) => {
    expect(() => parseXml(readFileSync(path.join(root, file), 'utf8'))).not.toThrow();
  });

  test.runIf(xmllint)('xmllint agrees (libxml2-utils)', () => {
    const files = ['assets/policy/windows/Roamdesk.admx', 'assets/policy/windows/en-US/Roamdesk.adml', 'assets/policy/macos/com.roamdesk.desktop.example.mobileconfig'].map((file) => path.join(root, file));
    expect(() => execFileSync('xmllint', ['--noout', '--nonet', ...files], { stdio: 'pipe' })).not.toThrow();
  });

  test('the XML reader really rejects broken XML (so the checks above can fail)', () => {
    for (const bad of ['<a><b></a></b>', '<a x=1/>', '<a>AT&T</a>', '<a></a><b/>', '<a x="1" x="2"/>', '<a>', '<a><!-- x -- y --></a>']) expect(() => parseXml(bad), bad).toThrow();
  });

  test('the ADMX defines a policy for every policy key under Software\\Policies\\Roamdesk, and the ADML names and presents each', () => {
    const admx = parseXml(buildAdmx());
    const adml = parseXml(buildAdml());
    const policies = descendants(admx, 'policy');
    expect(policies.map((policy) => policy.attributes.name).sort()).toEqual([...policyKeys].sort());
    const strings = new Set(descendants(adml, 'string').map((string) => string.attributes.id));
    const presentations = new Map(descendants(adml, 'presentation').map((presentation) => [presentation.attributes.id!, presentation]));
    const refs = [...buildAdmx().matchAll(/\$\(string\.([^)]+)\)/g)].map((match) => match[1]!);
    for (const ref of refs) expect(strings.has(ref), `ADML string ${ref}`).toBe(true);
    for (const policy of policies) {
      expect(policy.attributes.key).toMatch(/^Software\\Policies\\Roamdesk(\\|$)/);
      expect(policy.attributes.class).toBe('Both');
      const presentation = /^\$\(presentation\.(.+)\)$/.exec(policy.attributes.presentation ?? '')?.[1];
      const elements = child(policy, 'elements')?.children ?? [];
      if (!presentation) {
        expect(elements).toEqual([]);
        continue;
      }
      const refIds = (presentations.get(presentation)?.children ?? []).map((control) => control.attributes.refId);
      expect(refIds.sort(), policy.attributes.name).toEqual(elements.map((element) => element.attributes.id).sort());
    }
    // Every category a policy uses is defined.
    const categories = new Set(descendants(admx, 'category').map((category) => category.attributes.name));
    for (const policy of policies) expect(categories.has(child(policy, 'parentCategory')!.attributes.ref)).toBe(true);
  });

  test('the Jamf schema has a property for every policy key, with the right JSON type', () => {
    const schema = buildJamfSchema() as { __preferencedomain: string; properties: Record<string, JamfProperty> };
    expect(schema.__preferencedomain).toBe('com.roamdesk.desktop');
    expect(Object.keys(schema.properties).sort()).toEqual([...policyKeys].sort());
    const configured = (key: string) => schema.properties[key]!.anyOf[1]!;
    expect(configured('autoConnect').type).toBe('boolean');
    expect(configured('preferredSsids').type).toBe('array');
    expect(configured('retentionMonths')).toMatchObject({ type: 'integer', minimum: 1, maximum: 120 });
    for (const key of policyKeys) {
      expect(schema.properties[key]!.anyOf[0], key).toEqual({ type: 'null', title: 'Not configured' });
      expect(schema.properties[key], key).not.toHaveProperty('default'); // a default would be pre-filled, and lock the key
    }
  });

  test('docs/deployment.md has a policy-table row for every key', () => {
    const doc = readFileSync(path.join(root, 'docs/deployment.md'), 'utf8');
    const table = doc.slice(doc.indexOf(TABLE_START), doc.indexOf(TABLE_END));
    for (const key of policyKeys) expect(table, key).toContain(`| \`${key}\` |`);
    expect(doc).toContain('ROAMDESK_POLICY_FILE');
  });
});

// ---- Group Policy, as GP writes the registry from our ADMX ---------------------------------

function regString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
function regHex(type: string, bytes: Buffer): string {
  return `hex(${type}):${[...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join(',')}`;
}
function regDword(value: number): string {
  return `dword:${value.toString(16).padStart(8, '0')}`;
}

/**
 * What Group Policy writes for `policy` enabled with `value`: reads the ADMX elements
 * (not our schema) and produces .reg lines per key.
 */
function applyAdmxPolicy(policy: XmlElement, value: unknown, out: Map<string, string[]>): void {
  const key = `HKEY_LOCAL_MACHINE\\${policy.attributes.key!}`;
  const lines = (k: string) => out.get(k) ?? (out.set(k, []), out.get(k)!);
  if (policy.attributes.valueName) {
    const which = child(policy, value ? 'enabledValue' : 'disabledValue')!;
    const decimal = child(which, 'decimal');
    lines(key).push(`${regString(policy.attributes.valueName)}=${decimal ? regDword(Number(decimal.attributes.value)) : regString(child(which, 'string')!.text)}`);
  }
  for (const element of child(policy, 'elements')?.children ?? []) {
    const valueName = element.attributes.valueName ?? '';
    switch (element.name) {
      case 'text':
        lines(key).push(`${regString(valueName)}=${regString(String(value))}`);
        break;
      case 'decimal':
        expect(Number(value)).toBeGreaterThanOrEqual(Number(element.attributes.minValue));
        expect(Number(value)).toBeLessThanOrEqual(Number(element.attributes.maxValue));
        lines(key).push(`${regString(valueName)}=${regDword(Number(value))}`);
        break;
      case 'enum': {
        const item = children(element, 'item').find((candidate) => child(child(candidate, 'value')!, 'string')?.text === value);
        expect(item, `enum item ${String(value)}`).toBeDefined();
        lines(key).push(`${regString(valueName)}=${regString(child(child(item!, 'value')!, 'string')!.text)}`);
        break;
      }
      case 'list': {
        const listKey = element.attributes.key ? `HKEY_LOCAL_MACHINE\\${element.attributes.key}` : key;
        (value as string[]).forEach((item, index) => lines(listKey).push(`${regString(`${element.attributes.valuePrefix ?? ''}${index + 1}`)}=${regString(item)}`));
        break;
      }
      case 'multiText': {
        const text = JSON.stringify(value, null, 2).split('\n');
        lines(key).push(`${regString(valueName)}=${regHex('7', Buffer.from(`${text.join('\u0000')}\u0000\u0000`, 'utf16le'))}`);
        break;
      }
      default:
        throw new Error(`the test does not know ADMX element <${element.name}>`);
    }
  }
}

function regExport(keys: Map<string, string[]>): Buffer {
  const text = ['Windows Registry Editor Version 5.00', '', ...[...keys].flatMap(([key, lines]) => [`[${key}]`, ...lines, ''])].join('\r\n');
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

describe('round trips', () => {
  test('ADMX → Group Policy registry writes → .reg export → registry reader: every example value', () => {
    const admx = parseXml(readFileSync(path.join(root, 'assets/policy/windows/Roamdesk.admx'), 'utf8'));
    const keys = new Map<string, string[]>([[HKLM_ROOT, []]]);
    for (const policy of descendants(admx, 'policy')) applyAdmxPolicy(policy, settingDefinition(policy.attributes.name as SettingKey).example, keys);
    const file = path.join(dir, 'gpo.reg');
    writeFileSync(file, regExport(keys));
    expectEveryExampleApplied(registryPolicyValues(parseRegExport(decodeRegFile(readFileSync(file))), HKLM_ROOT));
  });

  test('ADMX boolean policies set to Disabled write 0 and read back as false (locked)', () => {
    const admx = parseXml(buildAdmx());
    const keys = new Map<string, string[]>([[HKLM_ROOT, []]]);
    const booleans = policyKeys.filter((key) => settingDefinition(key).shape.kind === 'boolean');
    for (const policy of descendants(admx, 'policy').filter((p) => booleans.includes(p.attributes.name as SettingKey))) applyAdmxPolicy(policy, false, keys);
    const effective = resolveSettings({ managed: [{ origin: 'gpo', scope: 'machine', status: 'ok', values: registryPolicyValues(parseRegExport(decodeRegFile(regExport(keys))), HKLM_ROOT) }] });
    for (const key of booleans) expect(effective.entries[key], key).toMatchObject({ value: false, locked: true });
  });

  test('.mobileconfig → the payload macOS materialises as a binary plist → managed-preferences reader', async () => {
    const profile = buildMobileconfig(allExamples());
    expect(() => parseXml(profile)).not.toThrow();
    const payload = profilePayloadValues(Buffer.from(profile));
    const file = path.join(dir, 'com.roamdesk.desktop.plist');
    // macOS materialises the payload's keys as a (binary) plist; python3's plistlib plays macOS here.
    writeFileSync(path.join(dir, 'profile-payload.plist'), build(payload as never));
    if (spawnSync('python3', ['-c', 'import plistlib']).status === 0) {
      execFileSync('python3', ['-c', 'import plistlib,sys; v=plistlib.load(open(sys.argv[1],"rb")); plistlib.dump(v, open(sys.argv[2],"wb"), fmt=plistlib.FMT_BINARY)', path.join(dir, 'profile-payload.plist'), file]);
      expect(readFileSync(file).subarray(0, 8).toString('latin1')).toBe('bplist00');
    } else {
      writeFileSync(file, build(payload as never));
    }
    const snapshot = await new ManagedPreferencesSource(file, 'machine').read();
    expectEveryExampleApplied(snapshot.values);
  });

  test('the committed example .mobileconfig applies cleanly (no rejected value)', () => {
    const values = profilePayloadValues(readFileSync(path.join(root, 'assets/policy/macos/com.roamdesk.desktop.example.mobileconfig')));
    expect(Object.keys(values).length).toBeGreaterThan(5);
    expect(resolveSettings({ managed: [{ origin: 'example', scope: 'machine', status: 'ok', values }] }).rejected).toEqual([]);
  });

  test('Jamf: a form instance valid against the custom schema, delivered as a plist, reads back to the same values', async () => {
    const schema = JSON.parse(readFileSync(path.join(root, 'assets/policy/jamf/com.roamdesk.desktop.json'), 'utf8')) as { properties: Record<string, JamfProperty> };
    const instance: Record<string, unknown> = {};
    for (const key of policyKeys) {
      const example = settingDefinition(key).example;
      const configured = schema.properties[key]!.anyOf[1]!;
      instance[key] = configured.type === 'string' && typeof example === 'object' ? JSON.stringify(example) : example;
      expect(validateProperty(configured, instance[key]), key).toEqual([]);
    }
    expect(validateProperty(schema.properties.remoteLogConsent!.anyOf[1]!, 'sometimes')).not.toEqual([]);
    expect(validateProperty(schema.properties.retentionMonths!.anyOf[1]!, 500)).not.toEqual([]);
    const file = path.join(dir, 'jamf.plist');
    writeFileSync(file, build(instance as never));
    expectEveryExampleApplied((await new ManagedPreferencesSource(file, 'machine').read()).values);
  });

  test('the Linux example policy.json applies cleanly', () => {
    const values = JSON.parse(readFileSync(path.join(root, 'assets/policy/linux/policy.example.json'), 'utf8')) as Record<string, unknown>;
    expect(resolveSettings({ managed: [{ origin: 'example', scope: 'machine', status: 'ok', values }] }).rejected).toEqual([]);
  });
});

interface JamfProperty {
  title: string;
  description: string;
  anyOf: JsonSchemaProperty[];
}

interface JsonSchemaProperty {
  type: string;
  enum?: string[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  items?: { type: string };
}

/** The JSON Schema keywords the generated Jamf schema uses, checked as Jamf's form would. */
function validateProperty(property: JsonSchemaProperty, value: unknown): string[] {
  const errors: string[] = [];
  const typeOk =
    property.type === 'array' ? Array.isArray(value) : property.type === 'integer' ? Number.isInteger(value) : typeof value === property.type;
  if (!typeOk) errors.push(`not ${property.type}`);
  if (property.enum && !property.enum.includes(value as string)) errors.push('not in enum');
  if (property.minimum !== undefined && (value as number) < property.minimum) errors.push('below minimum');
  if (property.maximum !== undefined && (value as number) > property.maximum) errors.push('above maximum');
  if (property.maxLength !== undefined && typeof value === 'string' && value.length > property.maxLength) errors.push('too long');
  if (property.items && Array.isArray(value) && !value.every((item) => typeof item === property.items!.type)) errors.push('bad item');
  return errors;
}

describe('not stale', () => {
  test.each(generatedFiles(root).map((file) => file.path))('%s equals what `npm run generate:policy-templates` writes', (file) => {
    const generated = generatedFiles(root).find((candidate) => candidate.path === file)!;
    expect(readFileSync(path.join(root, file), 'utf8'), `${file} is stale: run npm run generate:policy-templates`).toBe(generated.content);
  });

  test('the generator writes every artefact issue 9 names', () => {
    expect(policyAssetFiles().map((file) => file.path)).toEqual(
      expect.arrayContaining(['assets/policy/windows/Roamdesk.admx', 'assets/policy/windows/en-US/Roamdesk.adml', 'assets/policy/macos/com.roamdesk.desktop.example.mobileconfig', 'assets/policy/jamf/com.roamdesk.desktop.json']),
    );
  });
});
