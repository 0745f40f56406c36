import { describe, expect, test } from 'vitest';
import { REDACTED, redactText, redactValue } from '../../main/engine/logging/redact.js';

describe('redactValue', () => {
  test.each(['password', 'passphrase', 'psk', 'token', 'authorization', 'Authorization', 'cookie', 'secret', 'privateKey', 'private_key', 'apiKey', 'clientSecret', 'accessToken'])(
    'a value under %s is redacted',
    (key) => {
      expect(redactValue({ [key]: 'hunter2-value', ssid: 'Lobby' })).toEqual({ [key]: REDACTED, ssid: 'Lobby' });
    },
  );

  test('secret keys are redacted at any depth, in objects and arrays, and their siblings kept', () => {
    const input = {
      attempt: 7,
      request: { target: 'Private', passphrase: 'correct horse battery', headers: [{ name: 'x', cookie: 'sid=42' }] },
      nested: { a: { b: { c: { token: 'abc123', keep: true } } } },
    };
    expect(redactValue(input)).toEqual({
      attempt: 7,
      request: { target: 'Private', passphrase: REDACTED, headers: [{ name: 'x', cookie: REDACTED }] },
      nested: { a: { b: { c: { token: REDACTED, keep: true } } } },
    });
    // The input is not modified.
    expect(input.request.passphrase).toBe('correct horse battery');
  });

  test('nothing secret survives however deep it is nested', () => {
    let deep: Record<string, unknown> = { passphrase: 'deep-secret-value', note: 'password=deep-secret-text' };
    for (let i = 0; i < 20; i++) deep = { level: i, inner: deep };
    const text = JSON.stringify(redactValue(deep));
    expect(text).not.toContain('deep-secret-value');
    expect(text).not.toContain('deep-secret-text');
    expect(text).toContain('"level":19');
  });

  test('a value under a secret key is redacted whatever its type', () => {
    expect(redactValue({ secret: { nested: 'x' }, token: 12345, psk: ['a', 'b'] })).toEqual({ secret: REDACTED, token: REDACTED, psk: REDACTED });
  });

  test('strings inside values are scanned, errors become redacted text, other values pass unchanged', () => {
    expect(redactValue({ reason: 'login failed: password=hunter2' })).toEqual({ reason: 'login failed: password=[redacted]' });
    expect(redactValue(['ok', 'token=abcdef123456'])).toEqual(['ok', 'token=[redacted]']);
    expect(redactValue(new Error('bad psk: "s3cret-pass"'))).toBe('Error: bad psk: [redacted]');
    expect(redactValue(42)).toBe(42);
    expect(redactValue(null)).toBeNull();
    expect(redactValue(undefined)).toBeUndefined();
    expect(redactValue({ ssid: 'Lobby', signalDbm: -51, ok: true })).toEqual({ ssid: 'Lobby', signalDbm: -51, ok: true });
  });
});

describe('redactText', () => {
  test.each([
    ['password=hunter2', 'password=[redacted]', 'hunter2'],
    ['login with Password: hunter2 failed', 'login with Password: [redacted] failed', 'hunter2'],
    ['GET /login?user=ann&password=hunter2&lang=de', 'GET /login?user=ann&password=[redacted]&lang=de', 'hunter2'],
    ['passphrase = "correct horse battery"', 'passphrase = [redacted]', 'horse'],
    ["psk:'s3cret-pass'", 'psk:[redacted]', 's3cret'],
    ['token=abcdef123456', 'token=[redacted]', 'abcdef123456'],
    ['callback?access_token=abcdef123456&state=1', 'callback?access_token=[redacted]&state=1', 'abcdef123456'],
    ['DB_PASSWORD=hunter2', 'DB_PASSWORD=[redacted]', 'hunter2'],
    ['client_secret: abcdef', 'client_secret: [redacted]', 'abcdef'],
    ['body {"user":"ann","password":"hunter2"}', 'body {"user":"ann","password":[redacted]}', 'hunter2'],
    ['Authorization: Bearer abc.def.ghi', 'Authorization: Bearer [redacted]', 'abc.def.ghi'],
    ['authorization: Basic dXNlcjpwYXNz', 'authorization: Basic [redacted]', 'dXNlcjpwYXNz'],
    ['api_key=AKIA1234567890', 'api_key=[redacted]', 'AKIA1234567890'],
  ])('%j → %j', (input, expected, secret) => {
    const output = redactText(input);
    expect(output).toBe(expected);
    expect(output).not.toContain(secret);
  });

  test('PEM private keys are redacted whole', () => {
    const pem = ['-----BEGIN RSA PRIVATE KEY-----', 'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun', 'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK', '-----END RSA PRIVATE KEY-----'].join('\n');
    const output = redactText(`device credential:\n${pem}\nend`);
    expect(output).toBe('device credential:\n[redacted private key]\nend');
    expect(redactText('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----')).toBe('[redacted private key]');
  });

  test.each([
    'connected to Lobby (02:00:00:00:01:01) in 392 ms',
    'the passphrase is wrong, try again',
    'password reset needed',
    'bypass=1 compass: north passport=ok',
    'Bearer',
    'The access point did not accept the connection.',
  ])('ordinary text is unchanged: %j', (text) => {
    expect(redactText(text)).toBe(text);
  });
});
