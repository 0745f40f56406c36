/** RFC 8908 answers: every capture in ../shared/fixtures/capport, then strictness cases inline. */
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseCapportJson, parseCapportResponse, type CapportState } from '../../main/engine/portal/capport.js';
import { PortalError } from '../../main/engine/portal/portal-error.js';
import { FIXTURES, fixture, parseRawHttpResponse } from './support/fixtures.js';

type Expected = { ok: CapportState } | { error: string };

const table: Record<string, Expected> = {
  // shill: remaining values describe an open session, so they are dropped while captive.
  'chromeos-shill_capport_captive-true_remaining-fields-ignored.json': { ok: { captive: true, userPortalUrl: 'https://example.org/portal.html', canExtendSession: false, ignoredKeys: [] } },
  'chromeos-shill_capport_parse-success_all-fields.json': {
    ok: {
      captive: false,
      userPortalUrl: 'https://example.org/portal.html',
      venueInfoUrl: 'https://flight.example.com/entertainment',
      secondsRemaining: 326,
      bytesRemaining: 65536,
      canExtendSession: true,
      ignoredKeys: [],
    },
  },
  'chromeos-shill_capport_reject_captive-without-portal-url.json': { error: 'CAPPORT_PORTAL_URL_MISSING' },
  'chromeos-shill_capport_reject_missing-captive.json': { error: 'CAPPORT_CAPTIVE_MISSING' },
  // A proposed (non-RFC) key is ignored, so captive=true still lacks its user-portal-url.
  'ietf-draft-sawant-capport-api-state-enhancement-01_client-authentication-url.json': { error: 'CAPPORT_PORTAL_URL_MISSING' },
  // Unrendered MikroTik template: `"captive": $(if …)` is not JSON.
  'mikrotik-routeros7_hotspot-api.json.tmpl': { error: 'CAPPORT_NOT_JSON' },
  'rfc8908_example-1_captive-true.json': { ok: { captive: true, userPortalUrl: 'https://example.org/portal.html', canExtendSession: false, ignoredKeys: [] } },
  'rfc8908_example-1_captive-true_http-response.txt': { ok: { captive: true, userPortalUrl: 'https://example.org/portal.html', canExtendSession: false, ignoredKeys: [] } },
  'rfc8908_example-2_captive-false.json': {
    ok: { captive: false, userPortalUrl: 'https://example.org/portal.html', venueInfoUrl: 'https://flight.example.com/entertainment', secondsRemaining: 326, canExtendSession: true, ignoredKeys: [] },
  },
  'rfc8908_example-2_captive-false_http-response.txt': {
    ok: { captive: false, userPortalUrl: 'https://example.org/portal.html', venueInfoUrl: 'https://flight.example.com/entertainment', secondsRemaining: 326, canExtendSession: true, ignoredKeys: [] },
  },
};

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PortalError);
    return (error as PortalError).portalCode;
  }
  throw new Error('expected a PortalError');
}

const json = (body: unknown, contentType = 'application/captive+json') => ({ status: 200, headers: { 'content-type': contentType }, body: JSON.stringify(body) });

describe('RFC 8908 fixtures', () => {
  test('the table lists every fixture file in the folder', () => {
    const files = readdirSync(`${FIXTURES}capport`).filter((name) => name !== 'SOURCES.txt');
    expect(Object.keys(table).sort()).toEqual(files.sort());
  });

  test.each(Object.entries(table))('%s', (name, expected) => {
    const raw = fixture('capport', name);
    const run = name.endsWith('_http-response.txt') ? () => parseCapportResponse(parseRawHttpResponse(raw)) : () => parseCapportJson(raw);
    if ('error' in expected) expect(codeOf(run)).toBe(expected.error);
    else expect(run()).toEqual(expected.ok);
  });

  test('the captured HTTP answers carry the media type and Cache-Control: private', () => {
    const response = parseRawHttpResponse(fixture('capport', 'rfc8908_example-1_captive-true_http-response.txt'));
    expect(response.headers['content-type']).toBe('application/captive+json');
    expect(response.headers['cache-control']).toBe('private');
  });

  test('the MikroTik template rendered with an http login link is refused; with https it is read', () => {
    const template = fixture('capport', 'mikrotik-routeros7_hotspot-api.json.tmpl');
    const render = (link: string) =>
      template
        .replace(/\$\(if logged-in == 'yes'\)false\$\(else\)true\$\(endif\)/, 'true')
        .replace('$(link-login-only)', link)
        .replace(/\$\(if [^)]*\)\n[^\n]*\n\$\(endif\)\n/g, '');
    expect(codeOf(() => parseCapportJson(render('http://10.5.50.1/login')))).toBe('CAPPORT_PORTAL_URL_NOT_HTTPS');
    expect(parseCapportJson(render('https://hotspot.example.net/login'))).toEqual({ captive: true, userPortalUrl: 'https://hotspot.example.net/login', canExtendSession: true, ignoredKeys: [] });
  });
});

describe('RFC 8908 strictness', () => {
  test('the HTTP envelope: status 200, the captive+json media type, UTF-8 only', () => {
    expect(codeOf(() => parseCapportResponse({ ...json({ captive: false }), status: 404 }))).toBe('CAPPORT_HTTP_STATUS');
    expect(codeOf(() => parseCapportResponse(json({ captive: false }, 'application/json')))).toBe('CAPPORT_CONTENT_TYPE');
    expect(codeOf(() => parseCapportResponse({ status: 200, headers: {}, body: '{"captive":false}' }))).toBe('CAPPORT_CONTENT_TYPE');
    expect(codeOf(() => parseCapportResponse(json({ captive: false }, 'application/captive+json; charset=iso-8859-1')))).toBe('CAPPORT_CONTENT_TYPE');
    expect(parseCapportResponse({ status: 200, headers: { 'Content-Type': 'Application/Captive+JSON; charset="UTF-8"' }, body: '{"captive":false}' }).captive).toBe(false);
  });

  test('size cap, non-JSON, non-object', () => {
    expect(codeOf(() => parseCapportJson(JSON.stringify({ captive: false, pad: 'x'.repeat(5000) })))).toBe('CAPPORT_TOO_LARGE');
    expect(codeOf(() => parseCapportJson('<html>'))).toBe('CAPPORT_NOT_JSON');
    expect(codeOf(() => parseCapportJson('[true]'))).toBe('CAPPORT_NOT_JSON');
    expect(codeOf(() => parseCapportJson('null'))).toBe('CAPPORT_NOT_JSON');
  });

  test('field kinds', () => {
    expect(codeOf(() => parseCapportJson('{"captive":"true","user-portal-url":"https://a.example/"}'))).toBe('CAPPORT_INVALID_FIELD');
    expect(codeOf(() => parseCapportJson('{"captive":false,"seconds-remaining":"60"}'))).toBe('CAPPORT_INVALID_FIELD');
    expect(codeOf(() => parseCapportJson('{"captive":false,"seconds-remaining":1.5}'))).toBe('CAPPORT_INVALID_FIELD');
    expect(codeOf(() => parseCapportJson('{"captive":false,"can-extend-session":"yes"}'))).toBe('CAPPORT_INVALID_FIELD');
    expect(codeOf(() => parseCapportJson('{"captive":false,"venue-info-url":"not a url"}'))).toBe('CAPPORT_INVALID_FIELD');
    expect(codeOf(() => parseCapportJson('{"captive":true,"user-portal-url":"ftp://a.example/"}'))).toBe('CAPPORT_INVALID_FIELD');
    expect(codeOf(() => parseCapportJson('{"captive":true,"user-portal-url":"http://a.example/"}'))).toBe('CAPPORT_PORTAL_URL_NOT_HTTPS');
  });

  test('negative remaining values count as absent; unknown keys are listed and ignored', () => {
    expect(parseCapportJson('{"captive":false,"seconds-remaining":-1,"bytes-remaining":-5,"x-vendor":1}')).toEqual({ captive: false, canExtendSession: false, ignoredKeys: ['x-vendor'] });
    expect(parseCapportJson('{"captive":false,"seconds-remaining":0}').secondsRemaining).toBe(0);
  });
});
