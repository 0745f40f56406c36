/**
 * One value for one setting, from wherever it came, checked against the schema. Every
 * source goes through here: the registry (which only knows strings, numbers and string
 * lists), plists, policy.json and the user's settings file. A source hands the value as
 * it read it; the spellings each shape accepts are the ones the admin templates produce:
 *
 *   boolean  true/false, 1/0 (REG_DWORD from ADMX enabledValue/disabledValue), "true"/"false"/"1"/"0"
 *   integer  a number, or a decimal string (REG_SZ)
 *   text     a string
 *   enum     a string, one of the options
 *   list     an array of strings (plist/JSON array, REG_MULTI_SZ, or an ADMX list subkey)
 *   json     an object, or a string holding JSON (ADMX multiText lands as REG_MULTI_SZ: lines)
 *
 * The result is the validated value, or the reason it was not accepted, in words an admin
 * can act on. Nothing here throws for a bad value.
 */
import type { z } from 'zod';
import type { SettingDefinition } from './schema.js';

export type Checked<V> = { ok: true; value: V } | { ok: false; reason: string };

function describe(raw: unknown): string {
  if (raw === null) return 'null';
  if (Array.isArray(raw)) return 'a list';
  if (raw instanceof Uint8Array) return 'binary data';
  return typeof raw === 'object' ? 'an object' : `${typeof raw} ${JSON.stringify(raw)?.slice(0, 60)}`;
}

function toShape(definition: SettingDefinition, raw: unknown): Checked<unknown> {
  const shape = definition.shape;
  switch (shape.kind) {
    case 'boolean':
      if (typeof raw === 'boolean') return { ok: true, value: raw };
      if (raw === 1 || raw === 0) return { ok: true, value: raw === 1 };
      if (typeof raw === 'string' && /^(true|false|1|0)$/i.test(raw.trim())) return { ok: true, value: /^(true|1)$/i.test(raw.trim()) };
      return { ok: false, reason: `expected true/false (or 1/0), got ${describe(raw)}` };
    case 'integer':
      if (typeof raw === 'number') return { ok: true, value: raw };
      if (typeof raw === 'bigint') return { ok: true, value: Number(raw) };
      if (typeof raw === 'string' && /^-?\d+$/.test(raw.trim())) return { ok: true, value: Number(raw.trim()) };
      return { ok: false, reason: `expected a whole number, got ${describe(raw)}` };
    case 'text':
    case 'enum':
      if (typeof raw === 'string') return { ok: true, value: raw };
      return { ok: false, reason: `expected text, got ${describe(raw)}` };
    case 'list':
      if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) return { ok: true, value: raw };
      return { ok: false, reason: `expected a list of text entries, got ${describe(raw)}` };
    case 'json': {
      const text = typeof raw === 'string' ? raw : Array.isArray(raw) && raw.every((item) => typeof item === 'string') ? raw.join('\n') : undefined;
      if (text === undefined) return raw !== null && typeof raw === 'object' && !(raw instanceof Uint8Array) ? { ok: true, value: raw } : { ok: false, reason: `expected a JSON object, got ${describe(raw)}` };
      try {
        return { ok: true, value: JSON.parse(text) as unknown };
      } catch (error) {
        return { ok: false, reason: `not valid JSON (${(error as Error).message})` };
      }
    }
  }
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message)).join('; ');
}

/** The value as the schema accepts it, or why not. */
export function checkSettingValue<V>(definition: SettingDefinition<V>, raw: unknown): Checked<V> {
  const shaped = toShape(definition as SettingDefinition, raw);
  if (!shaped.ok) return shaped;
  const result = definition.schema.safeParse(shaped.value);
  return result.success ? { ok: true, value: result.data } : { ok: false, reason: issuesText(result.error) };
}
