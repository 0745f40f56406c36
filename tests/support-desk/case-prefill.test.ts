/** Case pre-fill from the connection card, and the severity guidance the UI shows. */
import { describe, expect, it } from 'vitest';
import type { ConnectionState } from '../../preload/contract.js';
import { categoryForCode, prefillCase } from '../../main/engine/support/client/case-prefill.js';
import { NewCase } from '../../main/engine/support/client/relay-schemas.js';
import { guidanceFor, severityGuidance } from '../../main/engine/support/sla/severity.js';
import { Severity } from '../../main/engine/support/sla/severity.js';

const network = { ssid: 'Airport Free WiFi', bssid: '00:11:22:33:44:55', band: '5GHz', security: 'open', provider: { id: 'boingo', name: 'Boingo' } } as const;

function state(overrides: Partial<ConnectionState>): ConnectionState {
  return { phase: 'failed', attemptId: 42, network, timeline: [], error: null, since: '2026-01-07T10:00:00.000Z', portal: null, ...overrides };
}

describe('prefillCase', () => {
  it.each([
    ['CREDENTIALS_REJECTED', 'sign-in'],
    ['PORTAL_LOGIN_REJECTED', 'account'],
    ['EAP_WRONG_PASSWORD', 'account'],
    ['EAP_UNTRUSTED_CA', 'enterprise-wifi'],
    ['PORTAL_RADIUS_ERROR', 'captive-portal'],
    ['CAPPORT_UNREACHABLE', 'captive-portal'],
    ['NO_INTERNET', 'no-internet'],
    ['WIFI_RADIO_OFF', 'wifi-adapter'],
    ['ASSOCIATION_REJECTED', 'connection'],
    ['INTERNAL', 'other'],
  ])('%s → %s', (code, category) => {
    expect(categoryForCode(code)).toBe(category);
    const prefill = prefillCase(state({ error: { code, message: 'It failed.' } }));
    expect(prefill.category).toBe(category);
    expect(prefill.severity).toBe('end-user');
  });

  it('fills subject, description and the connection context, and the result is a valid case', () => {
    const prefill = prefillCase(
      state({
        error: { code: 'PORTAL_LOGIN_REJECTED', message: 'The hotspot rejected your provider account.' },
        timeline: [
          { stage: 'associate', status: 'succeeded', startedAt: '2026-01-07T09:59:58.000Z', durationMs: 800 },
          { stage: 'sign-in', status: 'failed', startedAt: '2026-01-07T09:59:59.000Z', durationMs: 1200, detail: 'WISPr 100' },
        ],
      }),
    );
    expect(prefill.subject).toBe('Account rejected on “Airport Free WiFi” (Boingo)');
    expect(prefill.description).toContain('Failed at: sign-in — WISPr 100');
    expect(prefill.connection).toMatchObject({ phase: 'failed', attemptId: 42, errorCode: 'PORTAL_LOGIN_REJECTED', bssid: '00:11:22:33:44:55', providerId: 'boingo', stages: [{ stage: 'associate' }, { stage: 'sign-in', status: 'failed' }] });
    const { severityReason: _, ...body } = prefill;
    expect(NewCase.safeParse({ ...body, clientCreatedAt: '2026-01-07T10:00:00.000Z' }).success).toBe(true);
  });

  it('suggests Severity 3 when nothing is failing, and captive-portal while a sign-in page waits', () => {
    expect(prefillCase(state({ phase: 'online' }))).toMatchObject({ severity: 'sev3', category: 'other', subject: 'Question about “Airport Free WiFi” (Boingo)' });
    expect(prefillCase(state({ phase: 'sign-in-required' }))).toMatchObject({ severity: 'end-user', category: 'captive-portal' });
    expect(prefillCase(state({ phase: 'idle', network: null })).subject).toBe('Question about Wi-Fi');
  });
});

describe('severity guidance', () => {
  it('covers every severity with words and examples', () => {
    expect(severityGuidance.map((g) => g.severity).sort()).toEqual([...Severity.options].sort());
    for (const severity of Severity.options) {
      const guidance = guidanceFor(severity);
      expect(guidance.summary.length).toBeGreaterThan(20);
      expect(guidance.examples.length).toBeGreaterThan(0);
    }
    expect(guidanceFor('sev1').target).toContain('15 minutes');
  });
});
