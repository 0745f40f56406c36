/**
 * What one hotspot-in-a-box portal is: its kind, the host its pages are served under, the
 * credentials it accepts, how its WISPr or RFC 8908 side behaves, and the faults it starts
 * with. Faults can also be switched at runtime (`Hotspot.setFaults`).
 */
import { z } from 'zod';

const Hostname = z
  .string()
  .min(1)
  .max(253)
  .regex(/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/, 'a lower-case DNS name such as login.skyway.example')
  .refine((host) => host !== 'localhost' && !/^\d+(\.\d+){3}$/.test(host), 'a DNS name, not localhost or an IP address');

/**
 * The malformed WISPr shapes real gateways send (see `fixtures/wispr/` in the shared research):
 * - `raw-ampersand`: URLs carry query strings with raw `&` (TrueMove NextURL, ÖBB/Coova LoginURL);
 * - `smart-quotes`: typographic `”` attribute quotes on the root (acmewisp spec examples, LANCOM);
 * - `wrapped-values`: values and numbers wrapped in newlines and tabs (acmewisp, MikroTik);
 * - `bad-declaration`: `<?xml version="1.0">` without the closing `?` (NNU portal);
 * - `lower-case`: lower-case element names (PacketFence `response_wispr.tt`);
 * - `block-in-302-body`: the 302 body is the bare comment with no HTML around it, and the page
 *   at `Location` carries no WISPr block at all (TrueMove);
 * - `decoy-block`: a separate earlier comment with a `<CaptchaReply>` MT 120 / RC 201 decoy (Gogo),
 *   and a `<carrier_data>` sibling before the root in the real comment (NNU).
 */
export const MalformedXml = z.enum([
  'none',
  'raw-ampersand',
  'smart-quotes',
  'wrapped-values',
  'bad-declaration',
  'lower-case',
  'block-in-302-body',
  'decoy-block',
]);
export type MalformedXml = z.infer<typeof MalformedXml>;

const faultFields = {
  /** Reject every login, even with the configured credentials (WISPr 120/100; portals show an error). */
  wrongCredentials: z.boolean(),
  /** Every response the portal writes itself is delayed by this many milliseconds. */
  slowResponsesMs: z.number().int().min(0).max(120_000),
  /** WISPr LoginURL (and LoginResultsURL) is plain `http://<loginHost>/…`. */
  httpOnlyLoginUrl: z.boolean(),
  /** WISPr LoginURL points at `offDomainHost` instead of `loginHost` (a phishing look-alike). */
  offDomainLoginUrl: z.boolean(),
  /** The shape of every WISPr message the gateway writes. */
  malformedXml: MalformedXml,
  /** A WISPr login answers 120/255 (gateway error) and polls answer 140/255. */
  gatewayError: z.boolean(),
  /** After this many seconds signed in, the session ends and the gateway intercepts again. */
  sessionExpirySeconds: z.number().positive().max(86_400).nullable(),
};

export const NO_FAULTS = {
  wrongCredentials: false,
  slowResponsesMs: 0,
  httpOnlyLoginUrl: false,
  offDomainLoginUrl: false,
  malformedXml: 'none',
  gatewayError: false,
  sessionExpirySeconds: null,
} as const satisfies { [K in keyof typeof faultFields]: z.infer<(typeof faultFields)[K]> };

export const HotspotFaults = z
  .object({
    wrongCredentials: faultFields.wrongCredentials.default(NO_FAULTS.wrongCredentials),
    slowResponsesMs: faultFields.slowResponsesMs.default(NO_FAULTS.slowResponsesMs),
    httpOnlyLoginUrl: faultFields.httpOnlyLoginUrl.default(NO_FAULTS.httpOnlyLoginUrl),
    offDomainLoginUrl: faultFields.offDomainLoginUrl.default(NO_FAULTS.offDomainLoginUrl),
    malformedXml: faultFields.malformedXml.default(NO_FAULTS.malformedXml),
    gatewayError: faultFields.gatewayError.default(NO_FAULTS.gatewayError),
    sessionExpirySeconds: faultFields.sessionExpirySeconds.default(NO_FAULTS.sessionExpirySeconds),
  })
  .strict();
/** A runtime change to some faults; keys left out keep their current value. */
export const HotspotFaultsPatch = z
  .object({
    wrongCredentials: faultFields.wrongCredentials.optional(),
    slowResponsesMs: faultFields.slowResponsesMs.optional(),
    httpOnlyLoginUrl: faultFields.httpOnlyLoginUrl.optional(),
    offDomainLoginUrl: faultFields.offDomainLoginUrl.optional(),
    malformedXml: faultFields.malformedXml.optional(),
    gatewayError: faultFields.gatewayError.optional(),
    sessionExpirySeconds: faultFields.sessionExpirySeconds.optional(),
  })
  .strict();
export type HotspotFaultsPatch = z.input<typeof HotspotFaultsPatch>;
export type HotspotFaults = z.infer<typeof HotspotFaults>;

export const WisprOptions = z
  .object({
    /** `1.0`: a 1.0 Redirect; `2.0`: adds VersionHigh 2.0 / VersionLow 1.0 and the WBA schema location. */
    version: z.enum(['1.0', '2.0']).default('2.0'),
    /**
     * How many polls the client must make before the login succeeds. 0: the credential POST
     * answers 120/50 at once. N > 0: it answers 120/201 with LoginResultsURL and Delay; polls
     * 1..N-1 answer 140/201 and poll N answers 140/50.
     */
    pendingPolls: z.number().int().min(0).max(100).default(0),
    /** Interceptions answer 110/200 (Proxy) with NextURL and Delay; NextURL serves the 100 Redirect. */
    proxyFirst: z.boolean().default(false),
    /** Every login answers 120/100 (login failed). */
    rejectAlways: z.boolean().default(false),
    /** Every login answers 120/102 (RADIUS server error). */
    radiusError: z.boolean().default(false),
    /** Advertise AbortLoginURL and answer it (150/151 while pending, 150/50 when already signed in). */
    abort: z.boolean().default(true),
    /** Give a LogoffURL on success and answer it (130/150, then intercept again). */
    logoff: z.boolean().default(true),
    /** The Delay value (seconds) in Proxy and pending replies. */
    delaySeconds: z.number().int().min(0).max(3600).default(1),
    /** LocationName in the Redirect. */
    locationName: z.string().max(200).default('ROAMDESK,Hotspot_in_a_box'),
  })
  .strict();
export type WisprOptions = z.infer<typeof WisprOptions>;

export const CapportOptions = z
  .object({
    secondsRemaining: z.number().int().min(0).optional(),
    bytesRemaining: z.number().int().min(0).optional(),
    canExtendSession: z.boolean().default(false),
    /** Whether the API lists a venue-info-url (https://<loginHost>/venue). */
    venueInfo: z.boolean().default(true),
  })
  .strict();
export type CapportOptions = z.infer<typeof CapportOptions>;

export const HotspotConfig = z
  .object({
    kind: z.enum(['wispr', 'capport', 'click-through', 'open']),
    /** The host the portal's pages are served under (plain HTTP entry page, HTTPS login and API). */
    loginHost: Hostname,
    /** The look-alike host the off-domain LoginURL fault uses; also served, also in the certificate. */
    offDomainHost: Hostname.default('evil.example'),
    /** Accepted credentials, compared exactly (a realm-decorated user such as `ROAM/alice` must be listed as such). */
    credentials: z
      .object({ username: z.string().min(1).max(253), password: z.string().min(1).max(128) })
      .strict()
      .default({ username: 'alice', password: 'correct horse' }),
    wispr: WisprOptions.default(WisprOptions.parse({})),
    capport: CapportOptions.default(CapportOptions.parse({})),
    faults: HotspotFaults.default(HotspotFaults.parse({})),
  })
  .strict()
  .refine((config) => config.offDomainHost !== config.loginHost, {
    message: 'offDomainHost must differ from loginHost',
    path: ['offDomainHost'],
  });
/** The parsed config (defaults filled in). */
export type HotspotConfig = z.infer<typeof HotspotConfig>;
/** What a caller may write: everything but `kind` and `loginHost` has a default. */
export type HotspotConfigInput = z.input<typeof HotspotConfig>;

/** A config error that says what is wrong, where, and what to do; code `HOTSPOT_CONFIG_INVALID`. */
export class HotspotConfigError extends Error {
  readonly code = 'HOTSPOT_CONFIG_INVALID';
  constructor(readonly issues: string[]) {
    super(`The hotspot config is not valid: ${issues.join('; ')}. Fix these fields and start again.`);
    this.name = 'HotspotConfigError';
  }
}

export function parseHotspotConfig(input: unknown): HotspotConfig {
  const parsed = HotspotConfig.safeParse(input);
  if (!parsed.success) {
    throw new HotspotConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`));
  }
  return parsed.data;
}

export function parseFaults(partial: unknown, current: HotspotFaults): HotspotFaults {
  const parsed = HotspotFaultsPatch.safeParse(partial);
  if (!parsed.success) {
    throw new HotspotConfigError(parsed.error.issues.map((issue) => `faults.${issue.path.join('.')}: ${issue.message}`));
  }
  const next: HotspotFaults = { ...current };
  for (const [key, value] of Object.entries(parsed.data)) {
    if (value !== undefined) (next as Record<string, unknown>)[key] = value;
  }
  return next;
}
