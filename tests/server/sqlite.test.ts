/**
 * The support relay on SQLite (the default), plus the OpenAPI description's coverage:
 * every route the relay serves is described, every described operation exists and was
 * exercised by these tests (each response was checked against openapi.json by the client).
 */
import { describe, expect, test } from 'vitest';
import { parseConfig } from '../../server/src/config.js';
import { openSqlite } from '../../server/src/db/db.js';
import { Relay } from '../../server/src/relay.js';
import { DiskBundleStorage } from '../../server/src/storage.js';
import { MemoryTicketing } from '../../server/src/ticketing/memory.js';
import { silentLogger } from '../../server/src/log.js';
import { tempDir } from '../support/temp-dir.js';
import { openapi, seen } from './helpers.js';
import { defineRelaySuite } from './relay-suite.js';

defineRelaySuite('sqlite');

describe('openapi.json', () => {
  test('describes exactly the routes the relay serves', () => {
    const dir = tempDir();
    const relay = new Relay(parseConfig({ dataDir: dir }), openSqlite(':memory:'), new DiskBundleStorage(dir), new MemoryTicketing(), silentLogger);
    const served = relay.router.list().map((r) => `${r.method} ${r.path}`).sort();
    const described = Object.entries(openapi.paths)
      .flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`))
      .sort();
    expect(served).toEqual(described);
  });

  test('every described operation was exercised with a success status (runs last)', () => {
    const operations = Object.entries(openapi.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`));
    const missing = operations.filter((op) => ![...seen].some((s) => s.startsWith(`${op} 2`)));
    expect(missing).toEqual([]);
    expect(seen.size).toBeGreaterThan(40);
  });
});
