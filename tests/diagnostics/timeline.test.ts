/** The layer timeline: a failure at each layer, with the engine's real codes → layer, owner, next step. */
import { describe, expect, test } from 'vitest';
import type { ConnectionState, StageEntry } from '../../preload/contract.js';
import { buildTimeline } from '../../main/engine/diagnostics/timeline.js';
import type { DnsProbeResult } from '../../main/engine/diagnostics/probes/dns.js';
import type { PingProbeResult } from '../../main/engine/diagnostics/probes/ping.js';
import { explainEapFailure } from '../../main/engine/eap/failure-explain.js';
import { errorCodes } from '../../main/engine/errors.js';

const at = '2026-03-01T10:00:00.000Z';
const stage = (name: StageEntry['stage'], status: StageEntry['status'], detail = ''): StageEntry => ({ stage: name, status, startedAt: at, durationMs: 10, detail });

function failed(code: keyof typeof errorCodes, stages: StageEntry[], security: ConnectionState['network'] extends infer N ? (N extends { security: infer S } ? S : never) : never = 'open'): ConnectionState {
  return {
    phase: 'failed',
    attemptId: 7,
    network: { ssid: 'SkyFi', bssid: '02:5c:01:00:00:03', band: '5GHz', security, provider: { id: 'skyfi', name: 'SkyFi' } },
    timeline: stages,
    error: { code, message: errorCodes[code] },
    since: at,
    portal: null,
  };
}

const assocFailed = [stage('associate', 'failed', 'rejected')];
const verifyFailed = [stage('associate', 'succeeded'), stage('verify', 'failed', 'no answer')];
const signInFailed = [stage('associate', 'succeeded'), stage('verify', 'succeeded'), stage('sign-in', 'failed', 'rejected')];

describe('a failure at each layer', () => {
  test.each([
    ['ASSOCIATION_REJECTED', assocFailed, 'open', 'association', 'venue'],
    ['NETWORK_OUT_OF_RANGE', [stage('associate', 'succeeded'), stage('verify', 'succeeded')], 'open', 'association', 'venue'],
    ['CREDENTIALS_REJECTED', assocFailed, 'wpa2-personal', 'association', 'device'],
    ['CREDENTIALS_REJECTED', assocFailed, 'wpa2-enterprise', '802.1x', 'identity-provider'],
    ['EAP_WRONG_PASSWORD', assocFailed, 'wpa2-enterprise', '802.1x', 'device'],
    ['EAP_UNTRUSTED_CA', assocFailed, 'wpa2-enterprise', '802.1x', 'identity-provider'],
    ['EAP_PASSWORD_EXPIRED', assocFailed, 'wpa3-enterprise', '802.1x', 'identity-provider'],
    ['EAP_DEVICE_CLOCK_WRONG', assocFailed, 'wpa2-enterprise', '802.1x', 'device'],
    ['EAP_RADIUS_UNREACHABLE', assocFailed, 'wpa2-enterprise', '802.1x', 'venue'],
    ['NO_INTERNET', verifyFailed, 'open', 'internet', 'venue'],
    ['INTERNET_CHECK_TIMEOUT', verifyFailed, 'open', 'internet', 'venue'],
    ['PORTAL_LOGIN_REJECTED', signInFailed, 'open', 'portal', 'identity-provider'],
    ['PORTAL_CREDENTIALS_MISSING', signInFailed, 'open', 'portal', 'device'],
    ['PORTAL_SIGN_IN_TIMEOUT', signInFailed, 'open', 'portal', 'device'],
    ['PORTAL_STILL_CAPTIVE', [...signInFailed.slice(0, 2), stage('sign-in', 'succeeded'), stage('verify', 'failed')], 'open', 'portal', 'venue'],
    ['PORTAL_RADIUS_ERROR', signInFailed, 'open', 'portal', 'venue'],
    ['PORTAL_TLS_CERTIFICATE_INVALID', signInFailed, 'open', 'portal', 'venue'],
    ['WISPR_MALFORMED', signInFailed, 'open', 'portal', 'venue'],
  ] as const)('%s (%s) → %s, %s', (code, stages, security, layer, owner) => {
    const timeline = buildTimeline(failed(code, [...stages], security));
    expect(timeline.failingLayer).toBe(layer);
    expect(timeline.verdict).toMatchObject({ code, owner });
    expect(timeline.verdict.nextStep).toEqual(expect.any(String));
    const entry = timeline.layers.find((l) => l.layer === layer)!;
    expect(entry).toMatchObject({ status: 'failed', code, owner });
    // Before the failing layer: passed or not applicable; after it: not reached.
    const index = timeline.layers.indexOf(entry);
    for (const before of timeline.layers.slice(0, index)) expect(['ok', 'not-applicable']).toContain(before.status);
    for (const after of timeline.layers.slice(index + 1)) expect(['not-reached', 'not-applicable']).toContain(after.status);
  });

  test('the layers come in order, labelled', () => {
    expect(buildTimeline(failed('NO_INTERNET', verifyFailed)).layers.map((l) => l.layer)).toEqual(['association', '802.1x', 'ip', 'dns', 'portal', 'internet']);
  });
});

const probe = <T extends PingProbeResult | DnsProbeResult>(fields: Partial<T> & Pick<T, 'kind' | 'status' | 'code'>): T => ({ summary: fields.code, startedAt: at, durationMs: 1, data: null, ...fields }) as T;

describe('"no internet" narrowed down by the probes', () => {
  test('no gateway → IP layer, no address', () => {
    const timeline = buildTimeline(failed('NO_INTERNET', verifyFailed), { gatewayPing: probe<PingProbeResult>({ kind: 'gateway-ping', status: 'not-available', code: 'NO_GATEWAY' }) });
    expect(timeline).toMatchObject({ failingLayer: 'ip', verdict: { code: 'NO_IP_ADDRESS', owner: 'venue' } });
  });
  test('the gateway does not answer → IP layer', () => {
    const timeline = buildTimeline(failed('NO_INTERNET', verifyFailed), { gatewayPing: probe<PingProbeResult>({ kind: 'gateway-ping', status: 'failed', code: 'GATEWAY_UNREACHABLE' }) });
    expect(timeline).toMatchObject({ failingLayer: 'ip', verdict: { code: 'GATEWAY_UNREACHABLE', owner: 'venue' } });
  });
  test('DNS does not answer → DNS layer; IP passed', () => {
    const timeline = buildTimeline(failed('INTERNET_CHECK_TIMEOUT', verifyFailed), {
      gatewayPing: probe<PingProbeResult>({ kind: 'gateway-ping', status: 'ok', code: 'PING_OK' }),
      dns: probe<DnsProbeResult>({ kind: 'dns', status: 'failed', code: 'DNS_TIMEOUT' }),
    });
    expect(timeline).toMatchObject({ failingLayer: 'dns', verdict: { code: 'DNS_TIMEOUT', owner: 'venue' } });
    expect(timeline.layers.find((l) => l.layer === 'ip')!.status).toBe('ok');
  });
  test('DNS hijack without a portal → DNS layer', () => {
    const timeline = buildTimeline(failed('NO_INTERNET', verifyFailed), { dns: probe<DnsProbeResult>({ kind: 'dns', status: 'warning', code: 'DNS_HIJACKED' }) });
    expect(timeline.verdict.code).toBe('DNS_HIJACKED');
  });
  test('other probes reach the internet → the service, not the venue', () => {
    const timeline = buildTimeline(failed('INTERNET_CHECK_TIMEOUT', verifyFailed), { portal: { state: 'online', detail: 'the internet answered' } });
    expect(timeline).toMatchObject({ failingLayer: 'internet', verdict: { code: 'ROAMDESK_CHECK_UNAVAILABLE', owner: 'service' } });
  });
});

describe('other states', () => {
  const online: ConnectionState = {
    phase: 'online',
    attemptId: 3,
    network: { ssid: 'SkyFi', bssid: '02:5c:01:00:00:01', band: '5GHz', security: 'open', provider: { id: 'skyfi', name: 'SkyFi' } },
    timeline: [stage('associate', 'succeeded'), stage('verify', 'succeeded'), stage('sign-in', 'succeeded', 'signed in to SkyFi by WISPr'), stage('verify', 'succeeded')],
    error: null,
    since: at,
    portal: { kind: 'wispr', openUrl: null, venueInfoUrl: null, secondsRemaining: null, bytesRemaining: null, expiresAt: null, expiringSoon: false, canExtend: false, replyMessage: null, canLogOff: true },
  };
  test('online: every layer ok (802.1X not used on an open network)', () => {
    const timeline = buildTimeline(online);
    expect(timeline.failingLayer).toBeNull();
    expect(timeline.verdict.code).toBe('ALL_OK');
    expect(timeline.layers.map((l) => `${l.layer}:${l.status}:${l.code}`)).toEqual(['association:ok:ASSOCIATION_OK', '802.1x:not-applicable:EAP_NOT_USED', 'ip:ok:IP_OK', 'dns:ok:DNS_OK', 'portal:ok:PORTAL_SIGNED_IN', 'internet:ok:INTERNET_OK']);
  });
  test('online with loss to the gateway: a warning, still no failing layer', () => {
    const timeline = buildTimeline(online, { gatewayPing: probe<PingProbeResult>({ kind: 'gateway-ping', status: 'warning', code: 'PING_LOSS' }) });
    expect(timeline).toMatchObject({ failingLayer: null, verdict: { code: 'PING_LOSS', owner: 'venue' } });
  });
  test('idle: not connected', () => {
    const timeline = buildTimeline({ phase: 'idle', attemptId: null, network: null, timeline: [], error: null, since: at, portal: null });
    expect(timeline).toMatchObject({ failingLayer: null, verdict: { code: 'NOT_CONNECTED' } });
    expect(timeline.layers.every((l) => l.status === 'not-reached')).toBe(true);
  });
  test('waiting for a person on the portal page', () => {
    const timeline = buildTimeline({ ...online, phase: 'sign-in-required', timeline: online.timeline.slice(0, 3) });
    expect(timeline.verdict.code).toBe('PORTAL_SIGN_IN_PENDING');
    expect(timeline.layers.find((l) => l.layer === 'portal')!.status).toBe('in-progress');
  });
  test('an 802.1X explanation from the supplicant log names the cause', () => {
    const eap = explainEapFailure(['CTRL-EVENT-EAP-METHOD EAP vendor 0 method 25 (PEAP) selected', "CTRL-EVENT-EAP-STATUS status='remote certificate verification' parameter='success'", "EAP-MSCHAPV2: failure message: 'E=648 R=0 C=00 V=3 M=password expired' (retry not allowed, error 648)", 'CTRL-EVENT-EAP-FAILURE EAP authentication failed']);
    const timeline = buildTimeline(failed('ASSOCIATION_REJECTED', assocFailed, 'wpa2-enterprise'), { eap });
    expect(timeline).toMatchObject({ failingLayer: '802.1x', verdict: { code: 'EAP_PASSWORD_EXPIRED', owner: 'identity-provider' } });
    expect(timeline.layers.find((l) => l.layer === 'association')!.status).toBe('ok');
  });
});
