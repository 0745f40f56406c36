/**
 * Windows administrative templates from the settings schema: Roamdesk.admx (policy
 * definitions) and en-US/Roamdesk.adml (strings and presentations), for the Group Policy
 * central store or Intune's "Import ADMX". Every policy writes under
 * `Software\Policies\Roamdesk` (never `Software\Policies\Microsoft\…`, which Intune's ADMX
 * ingestion refuses), with class="Both": machine (HKLM) and user (HKCU); the machine value
 * wins. What each shape writes is what registry-text.ts reads:
 *
 *   boolean  policy valueName + enabledValue/disabledValue decimal 1/0 (REG_DWORD)
 *   integer  <decimal> element (REG_DWORD)
 *   text     <text> element (REG_SZ)
 *   enum     <enum> element, string items (REG_SZ)
 *   list     policy key = Software\Policies\Roamdesk\<key>, <list valuePrefix=""> (values 1, 2, …)
 *   json     <multiText> element (REG_MULTI_SZ, joined with newlines when read)
 */
import { POLICY_REGISTRY_KEY, POLICY_SINCE, type SettingDefinition, policyKeys, settingCategories, settingDefinition } from '../../main/engine/policy/schema.js';

export const ADMX_NAMESPACE = 'Roamdesk.Policies';
export const ADMX_PREFIX = 'roamdesk';
const POLICIES_KEY = POLICY_REGISTRY_KEY.replace(/^SOFTWARE/, 'Software');
const SUPPORTED = `SUPPORTED_ROAMDESK_${POLICY_SINCE.replace(/\./g, '_')}`;

export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

function categoryId(category: string): string {
  return `Cat_${category}`;
}

function definitions(): SettingDefinition[] {
  return policyKeys.map((key) => settingDefinition(key));
}

function defaultText(definition: SettingDefinition): string {
  const value = definition.default;
  if (definition.shape.kind === 'boolean') return value ? 'enabled' : 'disabled';
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'empty';
  if (typeof value === 'string') return value === '' ? 'not set' : value;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The ADML explain text: the description, what Enabled/Disabled mean, the default. */
export function explainText(definition: SettingDefinition): string {
  const shape = definition.shape;
  const how =
    shape.kind === 'boolean'
      ? 'Enabled turns it on, Disabled turns it off; either way the user cannot change it. Not Configured leaves it to the user.'
      : shape.kind === 'list'
        ? `Enabled sets the list (one ${shape.itemLabel} per row) and locks it. Not Configured leaves it to the user.`
        : shape.kind === 'json'
          ? 'Enabled sets the JSON object typed in the box (lines are joined) and locks it.'
          : 'Enabled sets the value and locks it. Not Configured leaves it to the user.';
  return `${definition.description}\n\n${how}\n\nRegistry value: ${definition.key}. Default: ${defaultText(definition)}.`;
}

function policyElement(definition: SettingDefinition): string {
  const { key, shape } = definition;
  const head = (registryKey: string, extra = '') =>
    `    <policy name="${key}" class="Both" displayName="$(string.${key})" explainText="$(string.${key}_Explain)"${shape.kind === 'boolean' ? '' : ` presentation="$(presentation.${key})"`} key="${xmlEscape(registryKey)}"${extra}>\n` +
    `      <parentCategory ref="${categoryId(definition.category)}" />\n` +
    `      <supportedOn ref="${SUPPORTED}" />\n`;
  switch (shape.kind) {
    case 'boolean':
      return `${head(POLICIES_KEY, ` valueName="${key}"`)}      <enabledValue>\n        <decimal value="1" />\n      </enabledValue>\n      <disabledValue>\n        <decimal value="0" />\n      </disabledValue>\n    </policy>\n`;
    case 'text':
      return `${head(POLICIES_KEY)}      <elements>\n        <text id="${key}" valueName="${key}" required="true" maxLength="${shape.maxLength}" />\n      </elements>\n    </policy>\n`;
    case 'integer':
      return `${head(POLICIES_KEY)}      <elements>\n        <decimal id="${key}" valueName="${key}" required="true" minValue="${shape.min}" maxValue="${shape.max}" />\n      </elements>\n    </policy>\n`;
    case 'enum': {
      const items = shape.options
        .map((option) => `          <item displayName="$(string.${key}_${enumId(option.value)})">\n            <value>\n              <string>${xmlEscape(option.value)}</string>\n            </value>\n          </item>\n`)
        .join('');
      return `${head(POLICIES_KEY)}      <elements>\n        <enum id="${key}" valueName="${key}" required="true">\n${items}        </enum>\n      </elements>\n    </policy>\n`;
    }
    case 'list':
      return `${head(`${POLICIES_KEY}\\${key}`)}      <elements>\n        <list id="${key}" valuePrefix="" />\n      </elements>\n    </policy>\n`;
    case 'json':
      return `${head(POLICIES_KEY)}      <elements>\n        <multiText id="${key}" valueName="${key}" required="true" maxLength="0" />\n      </elements>\n    </policy>\n`;
  }
}

function enumId(value: string): string {
  return value.replace(/[^A-Za-z0-9]+/g, '_');
}

export function buildAdmx(): string {
  const categories = Object.keys(settingCategories)
    .filter((category) => definitions().some((definition) => definition.category === category))
    .map((category) => `    <category name="${categoryId(category)}" displayName="$(string.${categoryId(category)})">\n      <parentCategory ref="Cat_Roamdesk" />\n    </category>\n`)
    .join('');
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<!-- Generated from main/engine/policy/schema.ts by `npm run generate:policy-templates`. Do not edit. -->\n' +
    '<policyDefinitions xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://www.microsoft.com/GroupPolicy/PolicyDefinitions">\n' +
    '  <policyNamespaces>\n' +
    `    <target prefix="${ADMX_PREFIX}" namespace="${ADMX_NAMESPACE}" />\n` +
    '  </policyNamespaces>\n' +
    '  <resources minRequiredRevision="1.0" />\n' +
    '  <supportedOn>\n' +
    '    <products>\n' +
    '      <product name="ROAMDESK" displayName="$(string.ROAMDESK)">\n' +
    '        <majorVersion name="ROAMDESK_0" displayName="$(string.ROAMDESK)" versionIndex="0" />\n' +
    '      </product>\n' +
    '    </products>\n' +
    '    <definitions>\n' +
    `      <definition name="${SUPPORTED}" displayName="$(string.${SUPPORTED})">\n` +
    '        <and>\n          <reference ref="ROAMDESK" />\n        </and>\n' +
    '      </definition>\n' +
    '    </definitions>\n' +
    '  </supportedOn>\n' +
    '  <categories>\n' +
    '    <category name="Cat_Roamdesk" displayName="$(string.Cat_Roamdesk)" />\n' +
    categories +
    '  </categories>\n' +
    '  <policies>\n' +
    definitions().map(policyElement).join('') +
    '  </policies>\n' +
    '</policyDefinitions>\n'
  );
}

function presentation(definition: SettingDefinition): string {
  const { key, shape, title } = definition;
  const label = xmlEscape(`${title}:`);
  switch (shape.kind) {
    case 'boolean':
      return '';
    case 'text':
      return `      <presentation id="${key}">\n        <textBox refId="${key}">\n          <label>${label}</label>\n        </textBox>\n      </presentation>\n`;
    case 'integer':
      return `      <presentation id="${key}">\n        <decimalTextBox refId="${key}" defaultValue="${String(definition.default)}">${xmlEscape(`${title} (${shape.min}–${shape.max} ${shape.unit}):`)}</decimalTextBox>\n      </presentation>\n`;
    case 'enum': {
      const index = Math.max(0, shape.options.findIndex((option) => option.value === definition.default));
      return `      <presentation id="${key}">\n        <dropdownList refId="${key}" noSort="true" defaultItem="${index}">${label}</dropdownList>\n      </presentation>\n`;
    }
    case 'list':
      return `      <presentation id="${key}">\n        <listBox refId="${key}">${xmlEscape(`${title} (one ${shape.itemLabel} per row):`)}</listBox>\n      </presentation>\n`;
    case 'json':
      return `      <presentation id="${key}">\n        <multiTextBox refId="${key}">${xmlEscape(`${title} (JSON):`)}</multiTextBox>\n      </presentation>\n`;
  }
}

export function buildAdml(): string {
  const strings: Array<[string, string]> = [
    ['ROAMDESK', 'Roamdesk'],
    [SUPPORTED, `Roamdesk ${POLICY_SINCE} and later`],
    ['Cat_Roamdesk', 'Roamdesk'],
    ...Object.entries(settingCategories).map(([category, label]): [string, string] => [categoryId(category), label]),
  ];
  for (const definition of definitions()) {
    strings.push([definition.key, definition.title], [`${definition.key}_Explain`, explainText(definition)]);
    if (definition.shape.kind === 'enum') for (const option of definition.shape.options) strings.push([`${definition.key}_${enumId(option.value)}`, `${option.label} (${option.value})`]);
  }
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<!-- Generated from main/engine/policy/schema.ts by `npm run generate:policy-templates`. Do not edit. -->\n' +
    '<policyDefinitionResources xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" revision="1.0" schemaVersion="1.0" xmlns="http://www.microsoft.com/GroupPolicy/PolicyDefinitions">\n' +
    '  <displayName>Roamdesk</displayName>\n' +
    '  <description>Settings your organisation manages in Roamdesk, the connection manager with a support desk built in.</description>\n' +
    '  <resources>\n' +
    '    <stringTable>\n' +
    strings.map(([id, text]) => `      <string id="${id}">${xmlEscape(text)}</string>\n`).join('') +
    '    </stringTable>\n' +
    '    <presentationTable>\n' +
    definitions().map(presentation).join('') +
    '    </presentationTable>\n' +
    '  </resources>\n' +
    '</policyDefinitionResources>\n'
  );
}
