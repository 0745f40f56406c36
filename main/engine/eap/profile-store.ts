/**
 * The enterprise Wi-Fi profiles installed on this device: imported from an eap-config file
 * (with server validation enforced by the import), kept in the cache, their passwords in the
 * secret store. The connection manager asks for the profile of an SSID when it joins an
 * 802.1X network.
 */
import type { CacheDatabase } from '../cache/database.js';
import type { Clock } from '../ports/clock.js';
import type { SecretStore } from '../ports/secret-store.js';
import type { EnterpriseCredentials } from '../ports/wifi-driver.js';
import { X509Certificate } from 'node:crypto';
import { importEapConfig } from './eap-config-import.js';
import { type ExpiringCertificate, type ExpiryReminder, expiryReminders } from './expiry-reminders.js';
import { type EapProfile, eapProfileSchema, innerIdentityFor } from './model.js';

export interface InstalledProfileView {
  id: string;
  name: string;
  method: EapProfile['method'];
  ssids: string[];
  serverNames: string[];
  username: string | null;
  identity: string | null;
  hasPassword: boolean;
  helpdesk: { emails: string[]; webAddresses: string[]; phones: string[] };
  /** Expiry reminders due now (30, 7, 1 day before, or expired), with where to renew. */
  reminders: Array<{ label: string; daysLeft: number; daysBefore: number; renewUrl: string | null }>;
}

const passwordKey = (id: string) => `eap-password:${id}`;

export class EapProfileStore {
  constructor(
    private readonly db: CacheDatabase,
    private readonly secrets: SecretStore,
    private readonly clock: Clock,
  ) {}

  /** Imports an eap-config file; nothing is stored if it is malformed or lacks server validation. */
  async install(eapConfigXml: string, username: string, password: string | undefined): Promise<InstalledProfileView> {
    const { profile } = importEapConfig(eapConfigXml);
    this.db.prepare('INSERT INTO eap_profiles (id, profile_json, username, installed_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET profile_json = excluded.profile_json, username = excluded.username, installed_at = excluded.installed_at').run(profile.id, JSON.stringify(profile), username, this.clock.now());
    if (password !== undefined) await this.secrets.set(passwordKey(profile.id), password);
    return this.view(profile, username, password !== undefined || (await this.secrets.get(passwordKey(profile.id))) !== undefined);
  }

  async remove(id: string): Promise<void> {
    this.db.prepare('DELETE FROM eap_profiles WHERE id = ?').run(id);
    await this.secrets.delete(passwordKey(id));
  }

  async list(): Promise<InstalledProfileView[]> {
    const views: InstalledProfileView[] = [];
    for (const { profile, username } of this.rows()) views.push(this.view(profile, username, (await this.secrets.get(passwordKey(profile.id))) !== undefined));
    return views;
  }

  /** The sign-in for an SSID, or null when no installed profile covers it. */
  async credentialsFor(ssid: string): Promise<{ profile: EapProfile; credentials: EnterpriseCredentials } | null> {
    const row = this.rows().find((r) => r.profile.ssids.includes(ssid));
    if (!row) return null;
    const { profile, username } = row;
    const password = await this.secrets.get(passwordKey(profile.id));
    const identity = innerIdentityFor(profile, username ?? undefined) ?? username ?? '';
    return {
      profile,
      credentials: {
        method: profile.method,
        caCertificates: profile.serverValidation.caCertificates,
        serverNames: profile.serverValidation.serverNames,
        identity,
        ...(profile.outerIdentity ? { outerIdentity: profile.outerIdentity } : {}),
        ...(password !== undefined ? { password } : {}),
      },
    };
  }

  private rows(): Array<{ profile: EapProfile; username: string | null }> {
    const rows = this.db.prepare('SELECT profile_json, username FROM eap_profiles ORDER BY installed_at').raw().all() as Array<[string, string | null]>;
    return rows.flatMap(([json, username]) => {
      const parsed = eapProfileSchema.safeParse(JSON.parse(json));
      return parsed.success ? [{ profile: parsed.data, username }] : [];
    });
  }

  private view(profile: EapProfile, username: string | null, hasPassword: boolean): InstalledProfileView {
    const helpdesk = profile.provider.helpdesk;
    const now = new Date(this.clock.now());
    const certs: ExpiringCertificate[] = profile.serverValidation.caCertificates.flatMap((pem, i) => {
      try {
        return [{ id: `ca-${i}`, label: `${profile.name}: the network’s CA certificate`, notAfter: new Date(new X509Certificate(pem).validTo) }];
      } catch {
        return [];
      }
    });
    if (profile.clientCertificate?.format === 'pem') {
      try {
        certs.push({ id: 'client', label: `${profile.name}: your client certificate`, notAfter: new Date(new X509Certificate(profile.clientCertificate.certificate).validTo) });
      } catch {
        // An unreadable certificate is reported when the profile is imported.
      }
    }
    if (profile.validUntil) certs.push({ id: 'profile', label: `${profile.name}: this Wi-Fi profile`, notAfter: new Date(profile.validUntil) });
    // Of each certificate's reminders, the latest one that is due.
    const due = new Map<string, ExpiryReminder>();
    for (const reminder of expiryReminders(certs, now)) if (reminder.due) due.set(reminder.id ?? reminder.label, reminder);
    const renewUrl = helpdesk.webAddresses[0] ?? null;
    return {
      id: profile.id,
      name: profile.name,
      method: profile.method,
      ssids: profile.ssids,
      serverNames: profile.serverValidation.serverNames,
      username,
      identity: username ? (innerIdentityFor(profile, username) ?? username) : null,
      hasPassword,
      helpdesk: { emails: [...helpdesk.emails], webAddresses: [...helpdesk.webAddresses], phones: [...helpdesk.phones] },
      reminders: [...due.values()].map((r) => ({ label: r.label, daysLeft: r.daysLeft, daysBefore: r.daysBefore, renewUrl })),
    };
  }
}
