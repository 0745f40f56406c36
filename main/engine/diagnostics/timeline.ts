/**
 * The connection timeline by layer — association → 802.1X → IP/DHCP → DNS → portal →
 * internet — built from a ConnectionState (its stages and its error's stable code) and
 * whatever extra evidence the caller has (DNS results, the gateway ping, a portal
 * detection, an 802.1X explanation). It marks the layer that failed, whose it is —
 * this device, the venue, the identity provider, or the service — and the next step for
 * the person, each verdict with a stable code.
 *
 * The engine's codes decide first (ASSOCIATION_REJECTED is the association, EAP_* the
 * 802.1X sign-in, PORTAL_* the portal, NO_INTERNET the internet); when the engine only
 * knows "no internet", the probes narrow it down: no gateway answer → IP, names do not
 * resolve → DNS, otherwise the venue's uplink. Layers before the failing one passed (the
 * attempt got past them); layers after it were not reached. Pure: no I/O, no clock.
 */
import { z } from 'zod';

import type { ConnectionState } from '../../../preload/contract.js';
import type { EapOutcome } from '../eap/failure-explain.js';
import type { DnsProbeResult } from './probes/dns.js';
import type { PingProbeResult } from './probes/ping.js';

export const LAYERS = ['association', '802.1x', 'ip', 'dns', 'portal', 'internet'] as const;
export const Layer = z.enum(LAYERS);
export type Layer = z.infer<typeof Layer>;

export const LAYER_LABELS: Record<Layer, string> = {
  association: 'Association',
  '802.1x': '802.1X sign-in',
  ip: 'IP address (DHCP)',
  dns: 'DNS',
  portal: 'Captive portal',
  internet: 'Internet',
};

export const Owner = z.enum(['device', 'venue', 'identity-provider', 'service']);
export type Owner = z.infer<typeof Owner>;

export const OWNER_LABELS: Record<Owner, string> = {
  device: 'this device',
  venue: 'the venue',
  'identity-provider': 'the identity provider',
  service: 'the service',
};

export const LayerStatus = z.enum(['ok', 'warning', 'failed', 'in-progress', 'not-reached', 'not-applicable', 'unknown']);
export type LayerStatus = z.infer<typeof LayerStatus>;

const Code = z.string().regex(/^[A-Z][A-Z0-9_]*$/);

export const TimelineLayer = z.object({
  layer: Layer,
  label: z.string(),
  status: LayerStatus,
  /** Stable code of this layer's verdict: the engine's error code, or e.g. ASSOCIATION_OK, DNS_TIMEOUT. */
  code: Code,
  owner: Owner.nullable(),
  detail: z.string(),
  nextStep: z.string().nullable(),
  /** What the verdict rests on (stage details, probe summaries). */
  evidence: z.array(z.string()),
});
export type TimelineLayer = z.infer<typeof TimelineLayer>;

export const Timeline = z.object({
  layers: z.array(TimelineLayer),
  failingLayer: Layer.nullable(),
  verdict: z.object({ code: Code, owner: Owner.nullable(), summary: z.string(), nextStep: z.string().nullable() }),
});
export type Timeline = z.infer<typeof Timeline>;

export interface TimelineEvidence {
  dns?: DnsProbeResult | undefined;
  gatewayPing?: PingProbeResult | undefined;
  /** A fresh portal detection of the path (`portal.probe`'s state), when one was made. */
  portal?: { state: 'online' | 'captive' | 'no-internet'; detail?: string } | undefined;
  /** The explanation of the last 802.1X sign-in, when there was one. */
  eap?: EapOutcome | undefined;
}

interface Rule {
  layer: Layer;
  owner: Owner;
  nextStep: string;
}

/** The engine's codes → layer, owner, next step. Codes not listed fall back on the stage that failed. */
const RULES: Record<string, Rule> = {
  NETWORK_NOT_FOUND: { layer: 'association', owner: 'venue', nextStep: 'The network is not in range here: move closer, or pick another network.' },
  NETWORK_OUT_OF_RANGE: { layer: 'association', owner: 'venue', nextStep: 'The access point went out of range (or was switched off): move closer, or pick another network.' },
  ASSOCIATION_REJECTED: { layer: 'association', owner: 'venue', nextStep: 'This access point refuses connections: pick another access point or network; if it keeps happening here, tell the venue.' },
  CREDENTIALS_REQUIRED: { layer: 'association', owner: 'device', nextStep: 'Enter the network password to connect.' },
  CREDENTIALS_REJECTED: { layer: 'association', owner: 'device', nextStep: 'The password saved on this device is wrong or has changed: enter the current one (ask the venue for it).' },
  EAP_PROFILE_MISSING: { layer: '802.1x', owner: 'device', nextStep: 'Install your organisation’s Wi-Fi profile (eap-config) for this network.' },
  EAP_SERVER_CERT_CHANGED: { layer: '802.1x', owner: 'identity-provider', nextStep: 'Do not enter your password. Ask your helpdesk whether the sign-in server’s certificate changed; it may be an impostor network.' },
  EAP_SERVER_NAME_MISMATCH: { layer: '802.1x', owner: 'identity-provider', nextStep: 'Do not enter your password. Check with your helpdesk and update the Wi-Fi profile; it may be an impostor network.' },
  EAP_UNTRUSTED_CA: { layer: '802.1x', owner: 'identity-provider', nextStep: 'Do not enter your password. Ask your helpdesk for an updated Wi-Fi profile; it may be an impostor network.' },
  EAP_SERVER_CERT_EXPIRED: { layer: '802.1x', owner: 'identity-provider', nextStep: 'Check this device’s date and time; if they are right, tell your helpdesk the sign-in server’s certificate expired.' },
  EAP_CLIENT_CERT_EXPIRED: { layer: '802.1x', owner: 'device', nextStep: 'Renew this device’s certificate (reinstall the Wi-Fi profile from your organisation).' },
  EAP_CLIENT_CERT_NOT_YET_VALID: { layer: '802.1x', owner: 'device', nextStep: 'Check this device’s date and time, then try again.' },
  EAP_DEVICE_CLOCK_WRONG: { layer: '802.1x', owner: 'device', nextStep: 'Set this device’s date and time automatically, then connect again.' },
  EAP_WRONG_REALM: { layer: '802.1x', owner: 'device', nextStep: 'Check the part of your user name after @ (the realm), or reinstall your organisation’s Wi-Fi profile.' },
  EAP_WRONG_PASSWORD: { layer: '802.1x', owner: 'device', nextStep: 'Enter your organisation user name and password again.' },
  EAP_PASSWORD_EXPIRED: { layer: '802.1x', owner: 'identity-provider', nextStep: 'Change your organisation password (on another connection or with your helpdesk), then connect again.' },
  EAP_ACCOUNT_DISABLED: { layer: '802.1x', owner: 'identity-provider', nextStep: 'Ask your helpdesk to enable your account for this network.' },
  EAP_METHOD_REJECTED: { layer: '802.1x', owner: 'device', nextStep: 'Get the current Wi-Fi profile from your organisation: this one signs in a way the network does not accept.' },
  EAP_CLIENT_CERT_REJECTED: { layer: '802.1x', owner: 'identity-provider', nextStep: 'Ask your helpdesk to check this device’s certificate, or reinstall the Wi-Fi profile.' },
  EAP_RADIUS_UNREACHABLE: { layer: '802.1x', owner: 'venue', nextStep: 'The network’s sign-in server did not answer: try again in a few minutes or use another network; tell the operator if it persists.' },
  EAP_AUTH_FAILED: { layer: '802.1x', owner: 'identity-provider', nextStep: 'Try again; if it keeps failing, send diagnostics to your helpdesk.' },
  NO_IP_ADDRESS: { layer: 'ip', owner: 'venue', nextStep: 'The network gave this device no address: reconnect, or pick another network and tell the venue.' },
  DHCP_TIMEOUT: { layer: 'ip', owner: 'venue', nextStep: 'The network did not hand out an address in time: reconnect, or pick another network and tell the venue.' },
  PORTAL_CREDENTIALS_MISSING: { layer: 'portal', owner: 'device', nextStep: 'Add your provider user name and password under Sign-in details, then connect again.' },
  PORTAL_CREDENTIALS_INVALID: { layer: 'portal', owner: 'device', nextStep: 'Save your provider sign-in details again.' },
  PORTAL_SIGN_IN_TIMEOUT: { layer: 'portal', owner: 'device', nextStep: 'Connect again and finish the sign-in page in time.' },
  PORTAL_LOGIN_ABORTED: { layer: 'portal', owner: 'device', nextStep: 'Connect again to sign in.' },
  PORTAL_LOGIN_REJECTED: { layer: 'portal', owner: 'identity-provider', nextStep: 'Your provider rejected the account: check the saved user name and password, or that your subscription is active.' },
  PORTAL_RADIUS_ERROR: { layer: 'portal', owner: 'venue', nextStep: 'The hotspot could not reach your provider: try again later or pick another network.' },
  PORTAL_NETWORK_ADMIN_ERROR: { layer: 'portal', owner: 'venue', nextStep: 'This hotspot does not accept your provider’s accounts: pick another network.' },
  PORTAL_GATEWAY_ERROR: { layer: 'portal', owner: 'venue', nextStep: 'The hotspot’s gateway failed: try again, or pick another network.' },
  PORTAL_PENDING_TIMEOUT: { layer: 'portal', owner: 'venue', nextStep: 'The hotspot never finished the sign-in: try again, or pick another network.' },
  PORTAL_UNREACHABLE: { layer: 'portal', owner: 'venue', nextStep: 'The hotspot’s sign-in server did not answer: try again, or pick another network.' },
  PORTAL_UNEXPECTED_REPLY: { layer: 'portal', owner: 'venue', nextStep: 'Open the sign-in page in the browser instead, or pick another network.' },
  PORTAL_STILL_CAPTIVE: { layer: 'portal', owner: 'venue', nextStep: 'Open the sign-in page to finish, or pick another network.' },
  PORTAL_LOGIN_URL_NOT_HTTPS: { layer: 'portal', owner: 'venue', nextStep: 'Do not sign in on this hotspot: it asked for your password unencrypted. Pick another network.' },
  PORTAL_LOGIN_HOST_NOT_ALLOWED: { layer: 'portal', owner: 'venue', nextStep: 'Do not sign in on this hotspot: its sign-in server is not your provider’s. Pick another network.' },
  PORTAL_TLS_CERTIFICATE_INVALID: { layer: 'portal', owner: 'venue', nextStep: 'Do not sign in on this hotspot: its sign-in server’s certificate is not trusted. Check this device’s clock, or pick another network.' },
  PORTAL_PROXY_LOOP: { layer: 'portal', owner: 'venue', nextStep: 'Open the sign-in page in the browser instead, or pick another network.' },
  PORTAL_REDIRECT_LOOP: { layer: 'portal', owner: 'venue', nextStep: 'Open the sign-in page in the browser instead, or pick another network.' },
  NO_INTERNET: { layer: 'internet', owner: 'venue', nextStep: 'The venue’s connection to the internet is down: pick another network, or tell the venue.' },
  INTERNET_CHECK_TIMEOUT: { layer: 'internet', owner: 'venue', nextStep: 'The network is too slow or overloaded to answer: try again, or pick another network.' },
};

const PREFIX_RULES: Array<[RegExp, Rule]> = [
  [/^EAP_/, { layer: '802.1x', owner: 'identity-provider', nextStep: 'Send diagnostics to your helpdesk.' }],
  [/^(WISPR_|CAPPORT_|PORTAL_)/, { layer: 'portal', owner: 'venue', nextStep: 'Open the sign-in page in the browser instead, or pick another network.' }],
];

const STAGE_LAYER: Record<string, Layer> = { associate: 'association', authenticate: '802.1x', 'sign-in': 'portal', verify: 'internet' };

function ruleFor(code: string, failedStage: string | undefined): Rule | undefined {
  const exact = RULES[code];
  if (exact) return exact;
  const prefixed = PREFIX_RULES.find(([pattern]) => pattern.test(code))?.[1];
  if (prefixed) return prefixed;
  const layer = failedStage ? STAGE_LAYER[failedStage] : undefined;
  return layer ? { layer, owner: code === 'INTERNAL' ? 'device' : 'venue', nextStep: 'Try again; if it keeps happening, send diagnostics to support.' } : undefined;
}

const NEXT_STEPS = {
  gateway: 'The access point gives this device no working route: reconnect, or pick another network and tell the venue.',
  noIp: 'The network gave this device no IP address: reconnect, or pick another network and tell the venue.',
  dns: 'The network’s DNS does not answer: pick another network, or tell the venue.',
  hijack: 'The network’s DNS rewrites answers: if a sign-in page is pending, finish it; otherwise tell the venue.',
  service: 'The network works; Roamdesk’s own check did not answer. Nothing to do on this network: if it persists, tell support.',
} as const;

const isEnterprise = (state: ConnectionState) => state.network?.security === 'wpa2-enterprise' || state.network?.security === 'wpa3-enterprise';

export function buildTimeline(state: ConnectionState, evidence: TimelineEvidence = {}): Timeline {
  const stages = state.timeline;
  const failedStage = [...stages].reverse().find((stage) => stage.status === 'failed');
  const stageDetails = (names: string[]) => stages.filter((stage) => names.includes(stage.stage) && stage.detail).map((stage) => `${stage.stage} ${stage.status}: ${stage.detail}`);
  const layers = new Map<Layer, TimelineLayer>();
  const put = (layer: Layer, status: LayerStatus, code: string, detail: string, fields: { owner?: Owner | null; nextStep?: string | null; evidence?: string[] } = {}) =>
    layers.set(layer, { layer, label: LAYER_LABELS[layer], status, code, owner: fields.owner ?? null, detail, nextStep: fields.nextStep ?? null, evidence: fields.evidence ?? [] });

  // Where the attempt stopped, and whose it is.
  let failing: { layer: Layer; code: string; owner: Owner; nextStep: string; detail: string; evidence: string[] } | undefined;
  const error = state.error;
  if ((state.phase === 'failed' || error) && error && error.code !== 'CANCELLED') {
    const rule = ruleFor(error.code, failedStage?.stage);
    let layer = rule?.layer ?? 'association';
    if (error.code === 'CREDENTIALS_REJECTED' && isEnterprise(state)) layer = '802.1x';
    failing = {
      layer,
      code: error.code,
      owner: error.code === 'CREDENTIALS_REJECTED' && isEnterprise(state) ? 'identity-provider' : (rule?.owner ?? 'venue'),
      nextStep: error.hint && !rule ? error.hint : (rule?.nextStep ?? 'Try again; if it keeps happening, send diagnostics to support.'),
      detail: error.message,
      evidence: failedStage?.detail ? [`${failedStage.stage} failed: ${failedStage.detail}`] : [],
    };
    // The engine only saw "no internet": the probes say which layer below it broke.
    if (layer === 'internet') failing = narrowInternetFailure(failing, evidence);
  }
  // An 802.1X explanation with a failure is the cause, whatever the engine's generic code.
  if (evidence.eap?.outcome === 'failure' && (!failing || failing.layer === 'association' || failing.layer === '802.1x')) {
    const rule = ruleFor(evidence.eap.code, undefined)!;
    failing = { layer: '802.1x', code: evidence.eap.code, owner: rule.owner, nextStep: evidence.eap.action || rule.nextStep, detail: evidence.eap.message, evidence: evidence.eap.evidence.slice(0, 3) };
  }

  const reachedAnything = stages.length > 0 || state.phase === 'online';
  const failingIndex = failing ? LAYERS.indexOf(failing.layer) : -1;
  const inProgress = state.phase === 'connecting' || state.phase === 'disconnecting';
  const runningLayer: Layer | undefined = inProgress ? STAGE_LAYER[stages.at(-1)?.stage ?? 'associate'] : undefined;

  for (const [index, layer] of LAYERS.entries()) {
    if (failing && layer === failing.layer) {
      put(layer, 'failed', failing.code, failing.detail, { owner: failing.owner, nextStep: failing.nextStep, evidence: failing.evidence });
      continue;
    }
    if (layer === '802.1x' && state.network && !isEnterprise(state)) {
      put(layer, 'not-applicable', 'EAP_NOT_USED', `${state.network.ssid} does not use 802.1X (${state.network.security}).`);
      continue;
    }
    if (!reachedAnything || !state.network) {
      put(layer, 'not-reached', 'NOT_CONNECTED', 'Not connected.');
      continue;
    }
    if (failing && index > failingIndex) {
      put(layer, 'not-reached', 'NOT_REACHED', `Not reached: the ${LAYER_LABELS[failing.layer]} layer failed first.`);
      continue;
    }
    if (runningLayer && (layer === runningLayer || index > LAYERS.indexOf(runningLayer))) {
      put(layer, layer === runningLayer ? 'in-progress' : 'not-reached', layer === runningLayer ? 'IN_PROGRESS' : 'NOT_REACHED', layer === runningLayer ? 'Being checked now.' : 'Not reached yet.');
      continue;
    }
    passLayer(layer, state, evidence, put, stageDetails, Boolean(failing));
  }

  const ordered = LAYERS.map((layer) => layers.get(layer)!);
  if (failing) {
    return { layers: ordered, failingLayer: failing.layer, verdict: { code: failing.code, owner: failing.owner, summary: `${LAYER_LABELS[failing.layer]} failed (${OWNER_LABELS[failing.owner]}): ${failing.detail}`, nextStep: failing.nextStep } };
  }
  if (!state.network || !reachedAnything) {
    const cancelled = error?.code === 'CANCELLED';
    return { layers: ordered, failingLayer: null, verdict: { code: cancelled ? 'CANCELLED' : 'NOT_CONNECTED', owner: null, summary: cancelled ? 'The last connection attempt was cancelled.' : 'The device is not connected to any network.', nextStep: cancelled ? 'Connect again.' : 'Connect to a network, then run diagnostics again.' } };
  }
  if (state.phase === 'sign-in-required') {
    return { layers: ordered, failingLayer: null, verdict: { code: 'PORTAL_SIGN_IN_PENDING', owner: 'device', summary: `${state.network.ssid} is waiting for you to sign in on its page.`, nextStep: 'Open the sign-in page and finish it.' } };
  }
  if (inProgress) return { layers: ordered, failingLayer: null, verdict: { code: 'IN_PROGRESS', owner: null, summary: 'A connection attempt is in progress.', nextStep: 'Wait for it to finish, then run diagnostics again.' } };
  const warning = ordered.find((entry) => entry.status === 'warning');
  if (warning) return { layers: ordered, failingLayer: null, verdict: { code: warning.code, owner: warning.owner, summary: `Online, with a warning at ${LAYER_LABELS[warning.layer]}: ${warning.detail}`, nextStep: warning.nextStep } };
  return { layers: ordered, failingLayer: null, verdict: { code: 'ALL_OK', owner: null, summary: `Online on ${state.network.ssid}: every layer works.`, nextStep: null } };
}

type Put = (layer: Layer, status: LayerStatus, code: string, detail: string, fields?: { owner?: Owner | null; nextStep?: string | null; evidence?: string[] }) => void;

/** A layer the attempt got past: ok, with a warning where the probes saw trouble. */
function passLayer(layer: Layer, state: ConnectionState, evidence: TimelineEvidence, put: Put, stageDetails: (names: string[]) => string[], failedLater: boolean): void {
  const network = state.network!;
  switch (layer) {
    case 'association':
      return put(layer, 'ok', 'ASSOCIATION_OK', `Associated with ${network.ssid} (${network.bssid}, ${network.band}).`, { evidence: stageDetails(['associate']) });
    case '802.1x':
      if (evidence.eap?.outcome === 'success') return put(layer, 'ok', 'EAP_OK', 'The 802.1X sign-in succeeded.', { evidence: evidence.eap.evidence.slice(0, 1) });
      return put(layer, 'ok', 'EAP_OK', 'The 802.1X sign-in succeeded (the network let traffic through).', { evidence: stageDetails(['authenticate']) });
    case 'ip': {
      const ping = evidence.gatewayPing;
      if (ping?.status === 'warning') return put(layer, 'warning', ping.code, ping.summary, { owner: 'venue', nextStep: 'The link to the access point is unsteady: move closer, or pick another network if calls break up.', evidence: [ping.summary] });
      return put(layer, 'ok', 'IP_OK', failedLater ? 'The device has an address and a route (traffic reached past this layer).' : 'The device has an address and a working route.', { evidence: ping && ping.status === 'ok' ? [ping.summary] : [] });
    }
    case 'dns': {
      const dns = evidence.dns;
      if (dns?.code === 'DNS_HIJACKED' && state.phase === 'online') return put(layer, 'warning', 'DNS_HIJACKED', dns.summary, { owner: 'venue', nextStep: NEXT_STEPS.hijack, evidence: [dns.summary] });
      return put(layer, 'ok', 'DNS_OK', 'Names resolve.', { evidence: dns && dns.status === 'ok' ? [dns.summary] : [] });
    }
    case 'portal': {
      if (state.phase === 'sign-in-required') return put(layer, 'in-progress', 'PORTAL_SIGN_IN_PENDING', 'Waiting for you to sign in on the network’s page.', { owner: 'device', nextStep: 'Open the sign-in page and finish it.' });
      if (evidence.portal?.state === 'captive' && state.phase === 'online') {
        return put(layer, 'warning', 'PORTAL_SESSION_ENDED', 'A fresh probe finds the portal holding traffic again: the sign-in session may have ended.', { owner: 'venue', nextStep: 'Sign in again (Recheck, or connect again).', evidence: evidence.portal.detail ? [evidence.portal.detail] : [] });
      }
      const signIn = state.timeline.find((stage) => stage.stage === 'sign-in' && stage.status === 'succeeded');
      if (signIn || state.portal) return put(layer, 'ok', 'PORTAL_SIGNED_IN', `Signed in on the network’s portal${state.portal ? ` (${state.portal.kind})` : ''}.`, { evidence: stageDetails(['sign-in']) });
      return put(layer, 'ok', 'PORTAL_NONE', 'No captive portal is in the way.');
    }
    case 'internet':
      return put(layer, 'ok', 'INTERNET_OK', 'The internet answered.', { evidence: stageDetails(['verify']).slice(-1) });
  }
}

/** "No internet" from the engine, read against the probes: the IP layer, DNS, the service, or the venue's uplink. */
function narrowInternetFailure<T extends { layer: Layer; code: string; owner: Owner; nextStep: string; detail: string; evidence: string[] }>(failing: T, evidence: TimelineEvidence): T {
  const ping = evidence.gatewayPing;
  if (ping?.code === 'NO_GATEWAY') return { ...failing, layer: 'ip', code: 'NO_IP_ADDRESS', owner: 'venue', nextStep: NEXT_STEPS.noIp, detail: 'The device has no default gateway: the network gave it no usable IP configuration.', evidence: [...failing.evidence, ping.summary] };
  if (ping?.status === 'failed') return { ...failing, layer: 'ip', code: 'GATEWAY_UNREACHABLE', owner: 'venue', nextStep: NEXT_STEPS.gateway, detail: ping.summary, evidence: [...failing.evidence, ping.summary] };
  const dns = evidence.dns;
  if (dns && (dns.code === 'DNS_TIMEOUT' || dns.code === 'DNS_FAILED' || dns.code === 'DNS_NO_SERVERS')) return { ...failing, layer: 'dns', code: dns.code, owner: 'venue', nextStep: NEXT_STEPS.dns, detail: dns.summary, evidence: [...failing.evidence, dns.summary] };
  if (dns?.code === 'DNS_HIJACKED') return { ...failing, layer: 'dns', code: 'DNS_HIJACKED', owner: 'venue', nextStep: NEXT_STEPS.hijack, detail: dns.summary, evidence: [...failing.evidence, dns.summary] };
  if (evidence.portal?.state === 'online') return { ...failing, code: 'ROAMDESK_CHECK_UNAVAILABLE', owner: 'service', nextStep: NEXT_STEPS.service, detail: 'Other probes reach the internet; Roamdesk’s own connectivity check did not answer.', evidence: [...failing.evidence, evidence.portal.detail ?? 'a fresh probe found the internet'] };
  return failing;
}
