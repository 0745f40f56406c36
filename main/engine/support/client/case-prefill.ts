/**
 * Pre-fills a support case from the connection card: a category from the failure's error
 * code, a severity suggestion, a subject and description in the person's words, and the
 * connection context the relay stores with the case (no secrets: the state carries none).
 *
 * Severity: a failure seen on one device is an End User issue — that is the honest default;
 * the person raises it (Severity 1–3 mean many people are affected, see sla/severity.ts).
 * Without a failure it is a question: Severity 3.
 */
import type { ConnectionState } from '../../../../preload/contract.js';
import type { Severity } from '../sla/severity.js';
import type { CaseCategory, ConnectionContext } from './relay-schemas.js';

export interface CasePrefill {
  subject: string;
  description: string;
  category: CaseCategory;
  severity: Severity;
  /** Why this severity is suggested, for the UI. */
  severityReason: string;
  connection: ConnectionContext;
}

const CATEGORY_BY_CODE: ReadonlyArray<[RegExp, CaseCategory]> = [
  [/^(CREDENTIALS_REQUIRED$|CREDENTIALS_REJECTED$|EAP_PROFILE_MISSING$)/, 'sign-in'],
  [/^(PORTAL_CREDENTIALS_|PORTAL_LOGIN_REJECTED$|EAP_WRONG_PASSWORD$|EAP_PASSWORD_EXPIRED$|EAP_ACCOUNT_DISABLED$)/, 'account'],
  [/^(EAP_)/, 'enterprise-wifi'],
  [/^(PORTAL_|CAPPORT_|WISPR_)/, 'captive-portal'],
  [/^(NO_INTERNET$|INTERNET_CHECK_TIMEOUT$)/, 'no-internet'],
  [/^(WIFI_)/, 'wifi-adapter'],
  [/^(ASSOCIATION_REJECTED$|NETWORK_NOT_FOUND$|NETWORK_OUT_OF_RANGE$|NOT_CONNECTED$)/, 'connection'],
];

/** The case category for an error code (stable codes from errors.ts and the capabilities' code maps). */
export function categoryForCode(code: string | undefined): CaseCategory {
  if (!code) return 'other';
  for (const [pattern, category] of CATEGORY_BY_CODE) if (pattern.test(code)) return category;
  return 'other';
}

const SUBJECT_BY_CATEGORY: Record<CaseCategory, string> = {
  connection: 'Cannot connect to',
  'sign-in': 'Cannot sign in to',
  'captive-portal': 'Hotspot sign-in page fails on',
  'enterprise-wifi': 'Enterprise Wi-Fi sign-in fails on',
  'no-internet': 'No internet on',
  'wifi-adapter': 'Wi-Fi problem on this device near',
  performance: 'Slow connection on',
  account: 'Account rejected on',
  other: 'Problem with',
};

export function prefillCase(state: ConnectionState): CasePrefill {
  const code = state.error?.code;
  const failing = state.phase === 'failed' || state.error !== null;
  const category: CaseCategory = failing ? categoryForCode(code) : state.phase === 'sign-in-required' ? 'captive-portal' : 'other';
  const where = state.network ? `“${state.network.ssid || 'hidden network'}”${state.network.provider ? ` (${state.network.provider.name})` : ''}` : 'Wi-Fi';
  const subject = (failing || state.phase === 'sign-in-required' ? `${SUBJECT_BY_CATEGORY[category]} ${where}` : `Question about ${where}`).slice(0, 200);
  const failed = state.timeline.find((stage) => stage.status === 'failed');
  const lines = [
    'What happened (filled in by Roamdesk — add what you saw):',
    `- State: ${state.phase} since ${state.since}`,
    ...(state.network ? [`- Network: ${state.network.ssid || '(hidden)'} ${state.network.bssid}, ${state.network.band}, ${state.network.security}`] : []),
    ...(failed ? [`- Failed at: ${failed.stage}${failed.detail ? ` — ${failed.detail}` : ''}`] : []),
    ...(state.error ? [`- Error: ${state.error.code}: ${state.error.message}`] : []),
    ...(state.portal ? [`- Captive portal: ${state.portal.kind}${state.portal.replyMessage ? ` (“${state.portal.replyMessage}”)` : ''}`] : []),
  ];
  const connection: ConnectionContext = {
    phase: state.phase,
    attemptId: state.attemptId,
    ...(state.error ? { errorCode: state.error.code.slice(0, 80), errorMessage: state.error.message.slice(0, 1000) } : {}),
    ...(state.network
      ? { ssid: state.network.ssid.slice(0, 64), bssid: state.network.bssid, band: state.network.band, security: state.network.security, ...(state.network.provider ? { providerId: state.network.provider.id.slice(0, 64) } : {}) }
      : {}),
    ...(state.portal ? { portalKind: state.portal.kind } : {}),
    stages: state.timeline.slice(-50).map((stage) => ({
      stage: stage.stage,
      status: stage.status,
      ...(stage.durationMs !== undefined ? { durationMs: stage.durationMs } : {}),
      ...(stage.detail !== undefined ? { detail: stage.detail.slice(0, 500) } : {}),
    })),
  };
  return {
    subject,
    description: lines.join('\n'),
    category,
    severity: failing || state.phase === 'sign-in-required' ? 'end-user' : 'sev3',
    severityReason:
      failing || state.phase === 'sign-in-required'
        ? 'A problem on this device is an End User issue. Choose Severity 1 or 2 only if many people cannot work.'
        : 'No failure is showing, so this looks like a question (Severity 3).',
    connection,
  };
}
