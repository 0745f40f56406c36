/**
 * Structured redaction of an in-memory JSON item before it is printed: a value under a
 * secret key goes whole — an object, an array of passwords — which a line rule could not
 * see once the value is spread over several lines. The printed JSON then passes through the
 * same line redactor as any log, for identifiers and secrets inside strings.
 */
import type { RedactionCounts } from './redaction-level.js';
import { REDACTED } from './redaction-rules.js';

const SECRET_KEY = /^[A-Za-z0-9_-]*?(?:pass(?:word|phrase|wd)?|pwd|psk|secret|token|api[-_]?key|auth[-_]?key|key[-_]?material|session[-_]?id|credentials?|private[-_]?key|authori[sz]ation|(?:set-)?cookie2?|eap[-_]?(?:msg|message))s?$/i;

export function redactJson(value: unknown, counts: RedactionCounts): unknown {
  const seen = new WeakSet<object>();
  const walk = (inner: unknown): unknown => {
    if (inner === null || typeof inner !== 'object') return inner;
    if (seen.has(inner)) return '[circular]';
    seen.add(inner);
    if (Array.isArray(inner)) return inner.map(walk);
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(inner as Record<string, unknown>)) {
      if (SECRET_KEY.test(key) && item !== null && item !== undefined && item !== '' && item !== false) {
        counts.password = (counts.password ?? 0) + 1;
        result[key] = REDACTED;
      } else result[key] = walk(item);
    }
    return result;
  };
  return walk(value);
}
