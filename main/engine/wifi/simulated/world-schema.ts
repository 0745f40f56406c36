/**
 * The simulated world: sites with access points, the hidden truth about each access point
 * (how often it really lets a device on, how fast it really is, whether it reaches the
 * internet), and the device's track through the sites. Only the radio is simulated from
 * this; HTTP, SQLite and everything above are real.
 */
import { z } from 'zod';
import { Band, PhyStandard, Security } from '../../../../preload/contract.js';
import { frequencyOfChannel, normaliseBssid } from '../bss.js';
import { HotspotConfig } from '../../../../tools/hotspot-in-a-box/config.js';

const Id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'ids are lower-case letters, digits and dashes');

const BssidInput = z.string().transform((value, ctx) => {
  const normalised = normaliseBssid(value);
  if (!normalised) {
    ctx.addIssue({ code: 'custom', message: `"${value}" is not a BSSID (expected six hex pairs, e.g. 02:00:00:00:01:01)` });
    return z.NEVER;
  }
  return normalised;
});

/** Metres, in the site's own plane; sites are far enough apart that their radios never meet. */
const Point = z.object({ x: z.number().finite(), y: z.number().finite() }).strict();

export const AccessPointSpec = z
  .object({
    ssid: z.string().max(32),
    bssid: BssidInput,
    provider: Id.optional(),
    /**
     * What the provider's directory reports about this access point from the crowd (other
     * devices' connection attempts): the directory's view, which may differ from the truth.
     */
    /**
     * A captive portal in front of the access point, served by hotspot-in-a-box on loopback
     * (tools/hotspot-in-a-box; its config format). Absent: traffic flows once associated.
     */
    portal: HotspotConfig.optional(),
    /**
     * The RADIUS server behind an enterprise access point, as far as a device's 802.1X
     * sign-in meets it: its certificate's CA (SHA-256 of the DER) and name, the methods it
     * accepts, and its accounts. (Real RADIUS is proven in tests/eap/radius-*; a world
     * simulates what reaches the radio.)
     */
    eap: z
      .object({
        serverName: z.string().min(1),
        caSha256: z.string().regex(/^[0-9a-f]{64}$/),
        methods: z.array(z.enum(['peap-mschapv2', 'ttls-pap', 'ttls-mschapv2', 'ttls-eap-mschapv2', 'tls'])).min(1),
        users: z.array(z.object({ identity: z.string().min(1), password: z.string().min(1) }).strict()),
      })
      .strict()
      .optional(),
    crowd: z.object({ attempts: z.number().int().nonnegative(), successes: z.number().int().nonnegative() }).strict().optional(),
    band: Band,
    channel: z.number().int().positive(),
    channelWidthMhz: z.union([z.literal(20), z.literal(40), z.literal(80), z.literal(160), z.literal(320)]).default(20),
    standard: PhyStandard,
    security: Security,
    /** The access point's real WPA passphrase (simulation truth, for personal security only). */
    passphrase: z.string().min(8).max(63).optional(),
    signal: z
      .object({
        position: Point,
        /** Received power at 1 m, in dBm. */
        referenceDbm: z.number().max(0).default(-30),
        /** Log-distance path-loss exponent: ~2 in open space, 3–4 indoors through walls. */
        pathLossExponent: z.number().min(1.5).max(6).default(3),
        /** Standard deviation of per-scan fading, in dB. */
        fadingDb: z.number().min(0).max(12).default(2),
      })
      .strict(),
    truth: z
      .object({
        /** Probability that one association attempt succeeds. */
        successProbability: z.number().min(0).max(1),
        throughputMbps: z.number().nonnegative(),
        /** Whether traffic through this access point reaches the internet. */
        uplink: z.enum(['ok', 'down']).default('ok'),
        associationMs: z.number().int().min(0).max(30_000).default(350),
      })
      .strict(),
  })
  .strict()
  .superRefine((ap, ctx) => {
    const personal = ap.security === 'wpa2-personal' || ap.security === 'wpa3-personal' || ap.security === 'wep';
    if (personal && !ap.passphrase) ctx.addIssue({ code: 'custom', path: ['passphrase'], message: `${ap.security} access points need a passphrase` });
    if (!personal && ap.passphrase) ctx.addIssue({ code: 'custom', path: ['passphrase'], message: `${ap.security} access points take no passphrase` });
    if (ap.crowd && ap.crowd.successes > ap.crowd.attempts) ctx.addIssue({ code: 'custom', path: ['crowd', 'successes'], message: 'the crowd cannot have more successes than attempts' });
    const frequency = frequencyOfChannel(ap.band, ap.channel);
    const plausible = ap.band === '2.4GHz' ? ap.channel <= 14 : ap.band === '5GHz' ? ap.channel >= 32 && ap.channel <= 177 : ap.channel === 2 || (ap.channel % 4 === 1 && ap.channel <= 233); // 6 GHz 20 MHz channels are 1, 5, 9 … 233, plus 2
    if (!plausible || frequency <= 0) ctx.addIssue({ code: 'custom', path: ['channel'], message: `channel ${ap.channel} is not in the ${ap.band} band` });
  });
export type AccessPointSpec = z.infer<typeof AccessPointSpec>;

export const SiteKind = z.enum(['airport', 'hotel', 'cafe', 'office', 'home', 'station', 'in-flight', 'other']);

export const SiteSpec = z
  .object({
    id: Id,
    name: z.string().min(1),
    kind: SiteKind,
    location: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }).strict(),
    accessPoints: z.array(AccessPointSpec),
  })
  .strict();
export type SiteSpec = z.infer<typeof SiteSpec>;

export const Waypoint = z
  .object({
    siteId: Id,
    position: Point,
    /** Seconds since the simulation started when the device is at this point. */
    atSeconds: z.number().nonnegative(),
  })
  .strict();
export type Waypoint = z.infer<typeof Waypoint>;

export const WorldSpec = z
  .object({
    name: z.string().min(1),
    /** Every random outcome is a pure function of (seed, entity, index). */
    seed: z.number().int().nonnegative().default(1),
    providers: z
      .array(
        z
          .object({
            id: Id,
            name: z.string().min(1),
            /** The roaming realm prefix the provider's logins take (e.g. "SKYFI/"), as its directory entry says. */
            realmPrefix: z.string().max(64).optional(),
            /** Hosts (and their subdomains) the provider's directory entry allows logins to be sent to. */
            loginDomains: z.array(z.string().regex(/^[a-z0-9.-]{1,253}$/)).default([]),
          })
          .strict(),
      )
      .default([]),
    sites: z.array(SiteSpec).min(1),
    device: z
      .object({
        /** Passphrases the device already has (pre-seeded into the secret store). */
        knownNetworks: z.array(z.object({ ssid: z.string().max(32), passphrase: z.string().min(8).max(63) }).strict()).default([]),
        /** The device's Wi-Fi MAC address, as the usage report shows it (locally administered by default). */
        mac: BssidInput.default('02:5c:ff:00:00:01'),
        /** Provider sign-in details the device already has (pre-seeded into the secret store, as IT would deploy them). */
        providerLogins: z.array(z.object({ provider: Id, username: z.string().min(1).max(253), password: z.string().min(1).max(256) }).strict()).default([]),
        track: z.array(Waypoint).min(1),
      })
      .strict(),
  })
  .strict()
  .superRefine((world, ctx) => {
    const siteIds = new Set<string>();
    const bssids = new Set<string>();
    const providerIds = new Set(world.providers.map((p) => p.id));
    world.sites.forEach((site, s) => {
      if (siteIds.has(site.id)) ctx.addIssue({ code: 'custom', path: ['sites', s, 'id'], message: `site id "${site.id}" is used twice` });
      siteIds.add(site.id);
      site.accessPoints.forEach((ap, a) => {
        if (bssids.has(ap.bssid)) ctx.addIssue({ code: 'custom', path: ['sites', s, 'accessPoints', a, 'bssid'], message: `BSSID ${ap.bssid} is used twice` });
        bssids.add(ap.bssid);
        if (ap.provider && !providerIds.has(ap.provider))
          ctx.addIssue({ code: 'custom', path: ['sites', s, 'accessPoints', a, 'provider'], message: `provider "${ap.provider}" is not in providers` });
      });
    });
    world.device.track.forEach((point, i) => {
      if (!siteIds.has(point.siteId)) ctx.addIssue({ code: 'custom', path: ['device', 'track', i, 'siteId'], message: `site "${point.siteId}" does not exist` });
      const previous = world.device.track[i - 1];
      if (previous && point.atSeconds < previous.atSeconds)
        ctx.addIssue({ code: 'custom', path: ['device', 'track', i, 'atSeconds'], message: 'track points must be in time order' });
    });
  });
export type WorldSpec = z.infer<typeof WorldSpec>;
export type WorldInput = z.input<typeof WorldSpec>;
