/**
 * Small-integer codes for the directory's enums. A one-byte integer instead of a text
 * value in every one of millions of rows. Append only: a code on disk never changes
 * meaning (the table is part of the schema, like a migration).
 */
import type { Band, PhyStandard } from '../../../preload/contract.js';
import type { AuthMethod } from '../selection/facts.js';

function codec<T extends string>(values: readonly T[]) {
  const byValue = new Map<string, number>(values.map((value, index) => [value, index + 1]));
  return {
    values,
    encode: (value: T): number => byValue.get(value)!,
    decode: (code: number | null): T | null => (code === null ? null : (values[code - 1] ?? null)),
    has: (value: unknown): value is T => typeof value === 'string' && byValue.has(value),
  };
}

export const authCodes = codec<AuthMethod>(['open', 'psk', 'web-portal', 'wispr', 'rfc8908', '802.1x', 'passpoint']);
export const standardCodes = codec<PhyStandard>(['802.11a', '802.11b', '802.11g', '802.11n', '802.11ac', '802.11ax', '802.11be']);
export const bandCodes = codec<Band>(['2.4GHz', '5GHz', '6GHz']);
