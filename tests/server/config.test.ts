/** Relay configuration from RELAY_* variables and a JSON file. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadConfig, sqliteFile } from '../../server/src/config.js';
import { toPgPlaceholders } from '../../server/src/db/db.js';
import { RateLimiter } from '../../server/src/auth.js';
import { redact } from '../../server/src/log.js';
import { tempDir } from '../support/temp-dir.js';

describe('relay configuration', () => {
  test('defaults: loopback, SQLite in the data dir, no ticketing system, 20 MiB bundles, 72 h requests', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ host: '127.0.0.1', port: 8787, database: { kind: 'sqlite' }, ticketing: { kind: 'none' }, logRequests: { ttlSeconds: 259200 } });
    expect(config.bundles.maxBytes).toBe(20 * 1024 * 1024);
    expect(sqliteFile(config)).toBe(path.join('relay-data', 'relay.sqlite'));
  });

  test('environment variables select PostgreSQL, RT, Statuspage and limits', () => {
    const config = loadConfig({
      RELAY_PORT: '9000',
      RELAY_DATABASE_URL: 'postgresql://relay@db/relay',
      RELAY_ADMIN_USER: 'admin',
      RELAY_ADMIN_PASSWORD: 'long enough password',
      RELAY_RT_URL: 'http://rt.example:8080',
      RELAY_RT_TOKEN: '1-2-abc',
      RELAY_RT_QUEUE: 'Roamdesk',
      RELAY_RT_POLL_SECONDS: '5',
      RELAY_STATUSPAGE_URL: 'https://status.example.com',
      RELAY_BUNDLE_MAX_BYTES: '1000',
      RELAY_LOG_REQUEST_TTL_SECONDS: '60',
      RELAY_RATE_BURST: '10',
    });
    expect(config).toMatchObject({
      port: 9000,
      database: { kind: 'postgres', url: 'postgresql://relay@db/relay' },
      ticketing: { kind: 'rt', url: 'http://rt.example:8080', queue: 'Roamdesk', pollSeconds: 5, severityField: 'Severity', logBundleField: 'Log bundle' },
      status: { url: 'https://status.example.com', cacheSeconds: 60 },
      bundles: { maxBytes: 1000 },
      logRequests: { ttlSeconds: 60 },
      rateLimit: { burst: 10, perSecond: 5 },
    });
  });

  test('a JSON file (RELAY_CONFIG) is read; environment wins; bad values name the key', () => {
    const file = path.join(tempDir(), 'relay.json');
    writeFileSync(file, JSON.stringify({ port: 1234, logLevel: 'debug', ticketing: { kind: 'rt', url: 'http://rt', token: 't', logBundleField: 'Logs' } }));
    const config = loadConfig({ RELAY_CONFIG: file, RELAY_PORT: '4321' });
    expect(config.port).toBe(4321);
    expect(config.ticketing).toMatchObject({ kind: 'rt', logBundleField: 'Logs' });
    expect(() => loadConfig({ RELAY_PORT: 'eighty' })).toThrow(/port/);
    expect(() => loadConfig({ RELAY_ADMIN_USER: 'a', RELAY_ADMIN_PASSWORD: 'short' })).toThrow(/admin\.password/);
  });
});

describe('relay building blocks', () => {
  test('SQL placeholders become $n for PostgreSQL', () => {
    expect(toPgPlaceholders('SELECT * FROM t WHERE a = ? AND b IN (?, ?)')).toBe('SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)');
  });

  test('token bucket refills at the configured rate', () => {
    let now = 0;
    const limiter = new RateLimiter(2, 1, () => now);
    expect([limiter.take('d'), limiter.take('d'), limiter.take('d')]).toEqual([0, 0, 1]);
    now += 1000;
    expect(limiter.take('d')).toBe(0);
    expect(limiter.take('other')).toBe(0);
  });

  test('log redaction drops credential-like keys at any depth', () => {
    expect(redact({ deviceId: 'dev_1', token: 'x', nested: { Authorization: 'Bearer y', password: 'z', list: [{ apiKey: 'k' }] } })).toEqual({
      deviceId: 'dev_1',
      token: '[redacted]',
      nested: { Authorization: '[redacted]', password: '[redacted]', list: [{ apiKey: '[redacted]' }] },
    });
  });
});
