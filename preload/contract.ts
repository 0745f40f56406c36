/**
 * The one list of everything the UI may ask of the engine and hear from it.
 *
 * Every method has a request and a response schema; every event a payload schema. The
 * engine implements this map, both transports (Electron IPC and the loopback WebSocket of
 * `roamdesk serve`) are generic over it, and the renderer's types are derived from it.
 * There is no second, hand-written list of channels anywhere: add a method here and the
 * compiler shows every place that must handle it.
 *
 * This file imports only zod, so main, preload and renderer can all share it.
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------
// Shared shapes
// ---------------------------------------------------------------------------------------

export const Band = z.enum(['2.4GHz', '5GHz', '6GHz']);
export type Band = z.infer<typeof Band>;

export const PhyStandard = z.enum(['802.11a', '802.11b', '802.11g', '802.11n', '802.11ac', '802.11ax', '802.11be']);
export type PhyStandard = z.infer<typeof PhyStandard>;

export const Security = z.enum(['open', 'owe', 'wep', 'wpa2-personal', 'wpa3-personal', 'wpa2-enterprise', 'wpa3-enterprise']);
export type Security = z.infer<typeof Security>;

/** A normalised BSSID: six lower-case hex pairs separated by colons. */
export const Bssid = z.string().regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/, 'a BSSID looks like 00:11:22:aa:bb:cc');

export const Provider = z.object({ id: z.string(), name: z.string() });
export type Provider = z.infer<typeof Provider>;

/** One access point as the UI shows it: the radio's view plus what the directory knows. */
export const NetworkView = z.object({
  ssid: z.string(),
  /** The SSID's raw bytes in hex: SSIDs are bytes, not text, and may be hidden or non-UTF-8. */
  ssidHex: z.string().regex(/^([0-9a-f]{2})*$/),
  bssid: Bssid,
  signalDbm: z.number().int().min(-120).max(0),
  frequencyMhz: z.number().int().positive(),
  channel: z.number().int().positive(),
  band: Band,
  standard: PhyStandard,
  security: Security,
  provider: Provider.nullable(),
  /** True when joining needs a passphrase the device does not have yet. */
  needsPassphrase: z.boolean(),
});
export type NetworkView = z.infer<typeof NetworkView>;

export const ScanResult = z.object({
  networks: z.array(NetworkView),
  scannedAt: z.string(),
});
export type ScanResult = z.infer<typeof ScanResult>;

/** An error that reaches a person: what happened, a stable code, and what to do next. */
export const ErrorInfo = z.object({
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
  message: z.string(),
  hint: z.string().optional(),
});
export type ErrorInfo = z.infer<typeof ErrorInfo>;

export const ConnectionStageName = z.enum(['associate', 'authenticate', 'verify', 'sign-in']);
export type ConnectionStageName = z.infer<typeof ConnectionStageName>;

export const StageEntry = z.object({
  stage: ConnectionStageName,
  status: z.enum(['running', 'succeeded', 'failed', 'cancelled']),
  startedAt: z.string(),
  durationMs: z.number().nonnegative().optional(),
  detail: z.string().optional(),
});
export type StageEntry = z.infer<typeof StageEntry>;

/** `sign-in-required`: associated behind a captive portal that needs the person (a page to open); re-probed until online. */
export const ConnectionPhase = z.enum(['idle', 'connecting', 'sign-in-required', 'online', 'failed', 'disconnecting']);
export type ConnectionPhase = z.infer<typeof ConnectionPhase>;

export const ConnectedNetwork = z.object({
  ssid: z.string(),
  bssid: Bssid,
  band: Band,
  security: Security,
  provider: Provider.nullable(),
});
export type ConnectedNetwork = z.infer<typeof ConnectedNetwork>;

/** The captive portal of the current network, as far as Roamdesk knows it. */
export const PortalView = z.object({
  /** How the network signs people in: WISPr smart client, RFC 8908 API, or a plain web page. */
  kind: z.enum(['wispr', 'capport', 'web']),
  /** The sign-in page to open when the person must act (never carries credentials). */
  openUrl: z.string().max(2048).nullable(),
  venueInfoUrl: z.string().max(2048).nullable(),
  /** RFC 8908 session budget, when the network states it. */
  secondsRemaining: z.number().nonnegative().nullable(),
  bytesRemaining: z.number().nonnegative().nullable(),
  /** When the session runs out, from secondsRemaining. */
  expiresAt: z.string().nullable(),
  /** True shortly before expiry (the UI warns). */
  expiringSoon: z.boolean(),
  canExtend: z.boolean(),
  /** The gateway's own words from its last WISPr reply, if any. */
  replyMessage: z.string().max(1000).nullable(),
  /** Whether a WISPr logoff URL is held: disconnect signs out first. */
  canLogOff: z.boolean(),
});
export type PortalView = z.infer<typeof PortalView>;

export const ConnectionState = z.object({
  phase: ConnectionPhase,
  /** The row in the attempts table, so support can match what the user saw with the log. */
  attemptId: z.number().int().nullable(),
  network: ConnectedNetwork.nullable(),
  /** The stages this attempt went through, in order, for the connection card. */
  timeline: z.array(StageEntry),
  error: ErrorInfo.nullable(),
  since: z.string(),
  /** The network's captive portal, when it has one (null on an open path). */
  portal: PortalView.nullable(),
});
export type ConnectionState = z.infer<typeof ConnectionState>;

/** What one probe of the current network's path found (`roamdesk portal probe`). */
export const PortalProbeResult = z.object({
  state: z.enum(['online', 'captive', 'no-internet']),
  /** How the portal showed itself: redirect, http-511, wispr, content, capport. */
  via: z.string().optional(),
  portalUrl: z.string().optional(),
  wispr: z
    .object({
      messageType: z.number().int(),
      responseCode: z.number().int(),
      loginUrl: z.string().optional(),
      logoffUrl: z.string().optional(),
      loginResultsUrl: z.string().optional(),
      abortLoginUrl: z.string().optional(),
      nextUrl: z.string().optional(),
      delay: z.number().optional(),
      replyMessage: z.string().optional(),
      locationName: z.string().optional(),
    })
    .optional(),
  capport: z
    .object({
      captive: z.boolean(),
      userPortalUrl: z.string().optional(),
      venueInfoUrl: z.string().optional(),
      secondsRemaining: z.number().optional(),
      bytesRemaining: z.number().optional(),
      canExtendSession: z.boolean(),
    })
    .optional(),
  /** A sentence: what the probe saw. */
  detail: z.string(),
});
export type PortalProbeResult = z.infer<typeof PortalProbeResult>;

export const ProviderCredentialsList = z.object({
  providers: z.array(
    z.object({
      providerId: z.string(),
      name: z.string(),
      /** The realm prefix the provider's logins take (from the directory), shown beside the user name. */
      realmPrefix: z.string().nullable(),
      username: z.string().nullable(),
      hasPassword: z.boolean(),
    }),
  ),
});
export type ProviderCredentialsList = z.infer<typeof ProviderCredentialsList>;

/** An installed enterprise (802.1X) Wi-Fi profile, as settings show it; never its password. */
export const EapProfileView = z.object({
  id: z.string(),
  name: z.string(),
  method: z.string(),
  ssids: z.array(z.string()),
  serverNames: z.array(z.string()),
  username: z.string().nullable(),
  /** The identity sent inside the tunnel (the profile's realm rules applied). */
  identity: z.string().nullable(),
  hasPassword: z.boolean(),
  helpdesk: z.object({ emails: z.array(z.string()), webAddresses: z.array(z.string()), phones: z.array(z.string()) }),
  /** Certificate and credential expiry reminders due now, with where to renew. */
  reminders: z.array(z.object({ label: z.string(), daysLeft: z.number().int(), daysBefore: z.number().int(), renewUrl: z.string().nullable() })),
});
export type EapProfileView = z.infer<typeof EapProfileView>;
export const EapProfileList = z.object({ profiles: z.array(EapProfileView) });
export type EapProfileList = z.infer<typeof EapProfileList>;

/** Diagnostics as the UI shows them: the connection timeline by layer and the checklist. */
export const DiagnosticsView = z.object({
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  timeline: z.object({
    layers: z.array(
      z.object({
        layer: z.string(),
        label: z.string(),
        status: z.string(),
        code: z.string(),
        owner: z.string().nullable(),
        detail: z.string(),
        nextStep: z.string().nullable(),
      }),
    ),
    failingLayer: z.string().nullable(),
    verdict: z.object({ code: z.string(), owner: z.string().nullable(), summary: z.string(), nextStep: z.string().nullable() }),
  }),
  checklist: z.object({ items: z.array(z.object({ id: z.string(), label: z.string(), value: z.string(), status: z.string() })) }),
});
export type DiagnosticsView = z.infer<typeof DiagnosticsView>;

export const Progress = z.object({ step: z.number().int().nonnegative(), total: z.number().int().positive(), label: z.string() });
export type Progress = z.infer<typeof Progress>;

/** A log bundle before it is saved: every item with its size after redaction. */
export const BundlePreviewView = z.object({
  bundleId: z.string(),
  level: z.string(),
  contentBytes: z.number().int().nonnegative(),
  sizeCapBytes: z.number().int().positive(),
  fits: z.boolean(),
  items: z.array(z.object({ name: z.string(), category: z.string(), status: z.string(), bytes: z.number().int().nonnegative(), redactions: z.number().int().nonnegative() })),
});
export type BundlePreviewView = z.infer<typeof BundlePreviewView>;
const BundleItemRef = z.object({ bundleId: z.string().uuid(), name: z.string().min(1).max(512) }).strict();

/** Every setting with its value, where it comes from, and whether IT locked it (and why). */
export const SettingsView = z.object({
  settings: z.array(
    z.object({
      key: z.string(),
      value: z.unknown(),
      source: z.string(),
      locked: z.boolean(),
      managedBy: z.string().optional(),
      reason: z.string().optional(),
      description: z.string(),
    }),
  ),
  /** "policy value rejected: <key>: <reason>" for each managed value that was not applied. */
  rejected: z.array(z.string()),
  managedBy: z.string().nullable(),
});
export type SettingsView = z.infer<typeof SettingsView>;

// ── the support desk (support.*) ─────────────────────────────────────────────────────────

export const SupportSeverity = z.enum(['end-user', 'sev1', 'sev2', 'sev3']);
export const SupportCategory = z.enum(['connection', 'sign-in', 'captive-portal', 'enterprise-wifi', 'no-internet', 'wifi-adapter', 'performance', 'account', 'other']);

/** A queued case waiting for the relay (the offline outbox). */
export const SupportQueuedView = z.object({
  key: z.string(),
  subject: z.string(),
  severity: z.string(),
  state: z.string(),
  queuedAt: z.string(),
  hasBundle: z.boolean(),
  lastError: ErrorInfo.nullable(),
});
export type SupportQueuedView = z.infer<typeof SupportQueuedView>;

/** What the support desk looks like from this device (never the device credential). */
export const SupportStateView = z.object({
  configured: z.boolean(),
  relayUrl: z.string().nullable(),
  activated: z.boolean(),
  deviceId: z.string().nullable(),
  /** The relay answered the last call (false: offline, cases wait in the queue). */
  reachable: z.boolean().nullable(),
  problem: ErrorInfo.nullable(),
  consent: z.enum(['always-ask', 'auto-approve-managed', 'never']),
  managed: z.boolean(),
  queued: z.array(SupportQueuedView),
  openRequests: z.number().int().nonnegative(),
  severities: z.array(z.object({ severity: SupportSeverity, label: z.string(), summary: z.string(), examples: z.array(z.string()), target: z.string() })),
  hotlines: z.array(z.object({ region: z.string(), number: z.string(), hours: z.string() })),
  /** Pre-filled from the connection's last failure. */
  prefill: z.object({ subject: z.string(), description: z.string(), category: SupportCategory, severity: SupportSeverity, severityReason: z.string() }),
});
export type SupportStateView = z.infer<typeof SupportStateView>;

export const SupportCaseView = z.object({
  id: z.string(),
  /** The ticket number the support desk uses (null until the ticket exists). */
  number: z.string().nullable(),
  subject: z.string(),
  status: z.string(),
  severity: z.string(),
  category: z.string().nullable(),
  createdAt: z.string(),
  /** The SLA clock's due time for the first response. */
  dueAt: z.string().nullable(),
  replies: z.array(z.object({ id: z.string(), author: z.string(), body: z.string(), createdAt: z.string().nullable() })),
  rating: z.number().int().min(1).max(5).nullable(),
  canRate: z.boolean(),
});
export type SupportCaseView = z.infer<typeof SupportCaseView>;

export const SupportCaseList = z.object({ cases: z.array(SupportCaseView), queued: z.array(SupportQueuedView), offline: ErrorInfo.nullable() });
export type SupportCaseList = z.infer<typeof SupportCaseList>;

export const SupportCaseCreated = z.object({
  outcome: z.enum(['sent', 'queued']),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  /** "Expect a reply by …" from the SLA clock. */
  dueAt: z.string(),
  target: z.string(),
  queuedKey: z.string(),
  bundle: z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().positive() }).nullable(),
  message: z.string(),
});
export type SupportCaseCreated = z.infer<typeof SupportCaseCreated>;

/** An agent's request for a log bundle, and what became of it. */
export const SupportRequestView = z.object({
  id: z.string(),
  caseId: z.string(),
  caseNumber: z.string().nullable(),
  requestedBy: z.string(),
  reason: z.string(),
  requestedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  state: z.enum(['pending', 'approved', 'declined', 'expired', 'failed']),
  answeredAt: z.string().nullable(),
  /** `policy` when managed policy answered without asking (the person is still told). */
  answeredBy: z.enum(['user', 'policy']).nullable(),
  sha256: z.string().nullable(),
  bytes: z.number().int().nonnegative().nullable(),
  problem: ErrorInfo.nullable(),
});
export type SupportRequestView = z.infer<typeof SupportRequestView>;
export const SupportRequestList = z.object({ pending: z.array(SupportRequestView), history: z.array(SupportRequestView) });

export const SupportStatusView = z.object({
  available: z.boolean(),
  pageName: z.string().nullable(),
  level: z.enum(['ok', 'degraded', 'outage', 'maintenance', 'unknown']),
  description: z.string(),
  knownIssue: z
    .object({ kind: z.string(), level: z.string(), title: z.string(), message: z.string(), link: z.string().nullable(), since: z.string().nullable(), components: z.array(z.string()) })
    .nullable(),
  incidents: z.array(z.object({ id: z.string(), name: z.string(), impact: z.string(), status: z.string(), link: z.string().nullable() })),
  maintenances: z.array(z.object({ id: z.string(), name: z.string(), status: z.string(), scheduledFor: z.string().nullable() })),
  /** Incidents that appeared with this reading (for a notification). */
  newIncidents: z.array(z.string()),
  fetchedAt: z.string().nullable(),
  fromCache: z.boolean(),
  stale: z.boolean(),
  problem: ErrorInfo.nullable(),
});
export type SupportStatusView = z.infer<typeof SupportStatusView>;

export const SimulationSite = z.object({ id: z.string(), name: z.string(), kind: z.string() });

export const SimulationState = z.object({
  worldName: z.string(),
  sites: z.array(SimulationSite),
  /** The site the simulated device is at, or null when it is between sites. */
  currentSiteId: z.string().nullable(),
});
export type SimulationState = z.infer<typeof SimulationState>;

/** One part of a network's score, for "why this network". */
export const ScoreTermView = z.object({ name: z.string(), value: z.number(), detail: z.string() });

export const RankedNetwork = z.object({
  bssid: Bssid,
  ssid: z.string(),
  signalDbm: z.number(),
  band: Band,
  security: Security,
  provider: Provider.nullable(),
  /** Policy bucket: earlier buckets always rank higher, whatever the score. */
  bucket: z.enum(['preferred', 'habitual', 'partner', 'other']),
  score: z.number(),
  /** Pooled, smoothed chance that joining works (0..1), and how many attempts back it. */
  successRate: z.number().min(0).max(1),
  successEvidence: z.number().nonnegative(),
  manual: z.boolean(),
  terms: z.array(ScoreTermView),
});
export type RankedNetwork = z.infer<typeof RankedNetwork>;

export const SkippedNetwork = z.object({
  bssid: Bssid,
  ssid: z.string(),
  signalDbm: z.number(),
  /** Stable code, e.g. BLOCKLISTED, SIGNAL_TOO_WEAK, NO_CREDENTIALS. */
  code: z.string(),
  reason: z.string(),
});
export type SkippedNetwork = z.infer<typeof SkippedNetwork>;

export const SelectionDecision = z.object({
  action: z.enum(['connect', 'stay', 'switch', 'hold', 'cellular', 'none']),
  target: Bssid.nullable(),
  code: z.string(),
  reason: z.string(),
  forced: z.boolean(),
  deviceSuspect: z.boolean(),
});

export const SelectionResult = z.object({
  ranked: z.array(RankedNetwork),
  skipped: z.array(SkippedNetwork),
  decision: SelectionDecision,
  /** The same ranking as plain text lines (`roamdesk rank --explain`, support bundles). */
  explanation: z.array(z.string()),
  rankedAt: z.string(),
});
export type SelectionResult = z.infer<typeof SelectionResult>;

export const AppInfo = z.object({
  name: z.literal('Roamdesk'),
  version: z.string(),
  /** How this engine is hosted: inside Electron, or by the Node host (`roamdesk serve`). */
  host: z.enum(['electron', 'node']),
  platform: z.string(),
  wifiDriver: z.string(),
  simulated: z.boolean(),
  dataDir: z.string(),
  logDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

const Empty = z.object({}).strict();

// ---------------------------------------------------------------------------------------
// The map
// ---------------------------------------------------------------------------------------

export const methods = {
  'app.info': { request: Empty, response: AppInfo },
  'wifi.scan': { request: Empty, response: ScanResult },
  'connection.get': { request: Empty, response: ConnectionState },
  'connection.connect': {
    request: z
      .object({
        /** An SSID, or a BSSID to pin one access point. */
        target: z.string().min(1).max(64),
        /** WPA passphrase (8–63 characters), kept in the secret store, never logged. */
        passphrase: z.string().min(8).max(63).optional(),
      })
      .strict(),
    response: ConnectionState,
  },
  'connection.disconnect': { request: Empty, response: ConnectionState },
  /** Joins the network the selector ranks best, trying the next one when an attempt fails. */
  'connection.connectBest': { request: Empty, response: ConnectionState },
  /** The selector's ranked list with each score's breakdown, and why others were skipped. */
  'selection.rank': { request: Empty, response: SelectionResult },
  /** Probes the current network's path and says what is in the way, without signing in. */
  'portal.probe': { request: Empty, response: PortalProbeResult },
  /** Signs in on the current network's portal (smart client where possible) and verifies; the current association is kept. */
  'portal.login': { request: Empty, response: ConnectionState },
  /** Probes again now, after the person signed in on the portal page (or to refresh the session budget). */
  'portal.recheck': { request: Empty, response: ConnectionState },
  /** Providers whose hotspots take a smart-client login, and whether credentials are saved (never the password). */
  'portal.credentials.list': { request: Empty, response: ProviderCredentialsList },
  /** Saves a provider's login in the secret store; the password never comes back out over the contract. */
  'portal.credentials.set': {
    request: z
      .object({
        providerId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/),
        username: z.string().min(1).max(253),
        password: z.string().min(1).max(256),
      })
      .strict(),
    response: ProviderCredentialsList,
  },
  'portal.credentials.delete': { request: z.object({ providerId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/) }).strict(), response: ProviderCredentialsList },
  /** Enterprise Wi-Fi profiles installed on this device. */
  'eap.profiles.list': { request: Empty, response: EapProfileList },
  /** Installs an eap-config file (eduroam CAT / geteduroam format) with the user's sign-in; refused without server validation. */
  'eap.profiles.install': {
    request: z
      .object({
        eapConfig: z.string().min(1).max(512 * 1024),
        username: z.string().min(1).max(253),
        password: z.string().min(1).max(256).optional(),
      })
      .strict(),
    response: EapProfileList,
  },
  'eap.profiles.remove': { request: z.object({ id: z.string().min(1).max(253) }).strict(), response: EapProfileList },
  /** Runs diagnostics now (progress on `diagnostics.progress`). */
  'diagnostics.run': { request: z.object({ pingSeconds: z.number().int().min(1).max(60).optional() }).strict(), response: DiagnosticsView },
  /** Prepares a log bundle from the logs and the latest diagnostics; nothing leaves the device. */
  'bundle.preview': { request: Empty, response: BundlePreviewView },
  /** One item exactly as it would be sent (first 64 KB). */
  'bundle.item': { request: BundleItemRef, response: z.object({ name: z.string(), text: z.string(), truncated: z.boolean() }) },
  'bundle.remove': { request: BundleItemRef, response: BundlePreviewView },
  /** Saves the reviewed bundle as a zip on this device (progress on `bundle.progress`). */
  'bundle.save': { request: z.object({ bundleId: z.string().uuid() }).strict(), response: z.object({ path: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/), bytes: z.number().int().positive() }) },
  'settings.get': { request: Empty, response: SettingsView },
  /** Sets a user setting; a setting locked by managed policy is refused (POLICY_SETTING_LOCKED). */
  'settings.set': { request: z.object({ key: z.string().min(1).max(64), value: z.union([z.boolean(), z.number(), z.string().max(4096), z.array(z.string().max(256)).max(200)]) }).strict(), response: SettingsView },
  /** The support desk from this device: activation, the offline queue, consent policy, severities, hotlines, the pre-filled case. */
  'support.state': { request: Empty, response: SupportStateView },
  /** Activates this device with the relay using an account (the password is sent once, never kept). */
  'support.activate': { request: z.object({ username: z.string().min(1).max(253), password: z.string().min(1).max(1024) }).strict(), response: SupportStateView },
  'support.cases.list': { request: Empty, response: SupportCaseList },
  /** Files a case (with the previewed bundle when `bundleId` is given); queued when the relay cannot be reached (progress on `support.uploadProgress`). */
  'support.cases.create': {
    request: z
      .object({
        subject: z.string().trim().min(1).max(200),
        description: z.string().max(20_000),
        steps: z.string().max(20_000).default(''),
        category: SupportCategory,
        severity: SupportSeverity,
        phoneCall: z.boolean().optional(),
        bundleId: z.string().uuid().optional(),
      })
      .strict(),
    response: SupportCaseCreated,
  },
  'support.cases.get': { request: z.object({ caseId: z.string().min(1).max(100) }).strict(), response: SupportCaseView },
  /** A written escalation: related case numbers, description, progress, impact, reason. */
  'support.cases.escalate': {
    request: z
      .object({
        caseId: z.string().min(1).max(100),
        caseNumbers: z.array(z.string().trim().min(1).max(50)).max(50).default([]),
        description: z.string().trim().min(1).max(10_000),
        progress: z.string().trim().min(1).max(10_000),
        impact: z.string().trim().min(1).max(10_000),
        reason: z.string().trim().min(1).max(10_000),
      })
      .strict(),
    response: z.object({ deliveredToTicket: z.boolean() }),
  },
  'support.cases.rate': { request: z.object({ caseId: z.string().min(1).max(100), score: z.number().int().min(1).max(5), comment: z.string().max(2000).optional() }).strict(), response: SupportCaseView },
  'support.requests.list': { request: Empty, response: SupportRequestList },
  /** Approve (uploads the previewed bundle `bundleId`, or a fresh one) or decline an agent's log request. */
  'support.requests.answer': {
    request: z.object({ requestId: z.string().min(1).max(100), approve: z.boolean(), bundleId: z.string().uuid().optional(), reason: z.string().max(2000).optional() }).strict(),
    response: SupportRequestView,
  },
  /** Service status (cached for offline); `refresh` fetches now. */
  'support.status': { request: z.object({ refresh: z.boolean().optional() }).strict(), response: SupportStatusView },
  'simulation.get': { request: Empty, response: SimulationState },
  'simulation.moveTo': { request: z.object({ siteId: z.string().min(1).max(64) }).strict(), response: SimulationState },
} as const;

export const events = {
  'connection.changed': ConnectionState,
  'networks.changed': ScanResult,
  'simulation.changed': SimulationState,
  'diagnostics.progress': Progress,
  'bundle.progress': Progress,
  'settings.changed': SettingsView,
  'support.changed': SupportStateView,
  'support.requestReceived': SupportRequestView,
  'support.uploadProgress': Progress,
  'support.statusChanged': SupportStatusView,
} as const;

export type MethodName = keyof typeof methods;
export type EventName = keyof typeof events;
export type RequestOf<M extends MethodName> = z.infer<(typeof methods)[M]['request']>;
export type ResponseOf<M extends MethodName> = z.infer<(typeof methods)[M]['response']>;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;

export const methodNames = Object.keys(methods) as MethodName[];
export const eventNames = Object.keys(events) as EventName[];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(methods, name);
}

export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(events, name);
}

/** What a transport answers for one call: never a thrown error, so the code survives the trip. */
export type CallOutcome<M extends MethodName> = { ok: true; value: ResponseOf<M> } | { ok: false; error: ErrorInfo };

/**
 * The object the renderer sees as `window.roamdesk`, whichever transport carries it.
 * `invoke` rejects with an Error whose `code` property is the stable error code.
 */
export interface RoamdeskBridge {
  invoke<M extends MethodName>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** The engine side of the contract: one handler per method. */
export type ContractHandlers = { [M in MethodName]: (request: RequestOf<M>) => Promise<ResponseOf<M>> };

/** Channel names used on Electron IPC, derived from the map rather than listed again. */
export const ipcChannel = {
  invoke: (method: MethodName) => `roamdesk:invoke:${method}`,
  event: 'roamdesk:event',
} as const;
