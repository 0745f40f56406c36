/**
 * A Jamf Pro custom schema ("Application & Custom Settings" → External Applications →
 * Custom Schema) for the preference domain com.roamdesk.desktop: a JSON Schema whose
 * properties are the policy keys, which Jamf turns into a form and delivers as a
 * configuration profile (→ /Library/Managed Preferences/com.roamdesk.desktop.plist).
 * `options.remove_empty_properties` keeps unset fields out of the profile, so they stay
 * unmanaged (not locked to an empty value).
 *
 * The JSON setting (selection override) is a string here: Jamf's form has no free-form
 * object editor; Roamdesk parses a JSON string for it.
 */
import { POLICY_BUNDLE_ID, type SettingDefinition, policyKeys, settingCategories, settingDefinition } from '../../main/engine/policy/schema.js';

function defaultText(definition: SettingDefinition): string {
  const value = definition.default;
  if (value === '' || (Array.isArray(value) && value.length === 0)) return 'not set';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The JSON Schema of a configured value. */
function valueSchema(definition: SettingDefinition): Record<string, unknown> {
  const shape = definition.shape;
  switch (shape.kind) {
    case 'boolean':
      return { type: 'boolean' };
    case 'integer':
      return { type: 'integer', minimum: shape.min, maximum: shape.max };
    case 'text':
      return { type: 'string', maxLength: shape.maxLength };
    case 'enum':
      return { type: 'string', enum: shape.options.map((option) => option.value), options: { enum_titles: shape.options.map((option) => option.label) } };
    case 'list':
      return { type: 'array', items: { type: 'string', title: shape.itemLabel } };
    case 'json':
      return { type: 'string', format: 'textarea' };
  }
}

/**
 * Each property is "Not configured" (null: left out of the profile, so not locked) or
 * "Configured" with a value — Jamf's pattern for optional managed keys. No `default`: Jamf
 * would pre-fill it and so lock every key an admin did not mean to touch.
 */
function property(definition: SettingDefinition, order: number): Record<string, unknown> {
  const json = definition.shape.kind === 'json' ? ' A JSON object as text.' : '';
  return {
    title: definition.title,
    description: `${definition.description}${json} Default: ${defaultText(definition)}. (${settingCategories[definition.category]}; key ${definition.key})`,
    property_order: order * 5,
    anyOf: [
      { type: 'null', title: 'Not configured' },
      { title: 'Configured', ...valueSchema(definition) },
    ],
  };
}

export function buildJamfSchema(): Record<string, unknown> {
  return {
    title: 'Roamdesk (com.roamdesk.desktop)',
    description: 'Settings your organisation manages in Roamdesk. Generated from main/engine/policy/schema.ts by `npm run generate:policy-templates`.',
    __preferencedomain: POLICY_BUNDLE_ID,
    options: { remove_empty_properties: true },
    properties: Object.fromEntries(policyKeys.map((key, index) => [key, property(settingDefinition(key), index + 1)])),
  };
}
