/**
 * The last line of defence before a log file: whatever a caller passes, values under
 * secret-looking keys and secret-looking fragments inside strings are replaced. Callers
 * should never log secrets in the first place; this makes a slip harmless.
 */
const SECRET_KEY = /pass(word|phrase)?|psk|secret|token|authori[sz]ation|cookie|credential|private[-_ ]?key|api[-_]?key/i;

const SECRET_PATTERNS: Array<[RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{6,}/g, '$1 [redacted]'],
  // Not `\b`: `_` is a word character, and `access_token=` or `DB_PASSWORD=` must match too;
  // an optional quote after the key catches JSON text (`"password":"…"`).
  [/(?<![A-Za-z0-9])(pass(?:word|phrase)?|psk|secret|token|api[-_]?key)(["']?\s*[=:]\s*)("[^"]*"|'[^']*'|[^\s&;,"']+)/gi, '$1$2[redacted]'],
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, '[redacted private key]'],
];

export const REDACTED = '[redacted]';

export function redactText(text: string): string {
  return SECRET_PATTERNS.reduce((result, [pattern, replacement]) => result.replace(pattern, replacement), text);
}

/** Deeper than this, a value is dropped rather than passed on unread: it could hide a secret. */
const MAX_DEPTH = 6;

export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > MAX_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value instanceof Error) return redactText(`${value.name}: ${value.message}`);
  const result: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) result[key] = SECRET_KEY.test(key) ? REDACTED : redactValue(inner, depth + 1);
  return result;
}
