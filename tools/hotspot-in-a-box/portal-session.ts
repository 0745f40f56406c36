/**
 * The gateway's memory of the one device it serves: signed in or not (and since when), a
 * WISPr login waiting for polls, and counts of what happened. Session expiry is checked
 * whenever someone asks, against the fault's current value, so no timer is left running.
 */
import { randomBytes } from 'node:crypto';

export interface HotspotStats {
  /** Requests the gateway answered itself instead of passing them on (302s, refused tunnels not included). */
  intercepts: number;
  /** Interceptions that answered WISPr Proxy 110/200. */
  proxyReplies: number;
  /** Credential POSTs and accept-form POSTs received. */
  loginAttempts: number;
  /** Successful sign-ins (immediate, after polls, or by an accept form). */
  logins: number;
  /** Logins refused (WISPr 100, portal refusals). */
  rejects: number;
  /** WISPr 102 answers. */
  radiusErrors: number;
  /** WISPr 255 answers. */
  gatewayErrors: number;
  /** WISPr 120/201 answers. */
  pendingReplies: number;
  /** GETs of LoginResultsURL. */
  polls: number;
  /** Polls that carried a UserName or Password (a client must never resend credentials). */
  pollsWithCredentials: number;
  /** Pending logins ended through AbortLoginURL. */
  aborts: number;
  /** Sessions ended through LogoffURL. */
  logoffs: number;
  /** Sessions ended by the session-expiry fault. */
  expiries: number;
  /** RFC 8908 API queries. */
  apiQueries: number;
  /** Credentials POSTed to the off-domain host (a client that checks LoginURL never does this). */
  offDomainCredentialPosts: number;
  /** Credentials POSTed over plain HTTP (a client that requires HTTPS never does this). */
  insecureCredentialPosts: number;
  /** CONNECT tunnels to other hosts destroyed while not signed in. */
  tunnelsRefused: number;
}

export function emptyStats(): HotspotStats {
  return {
    intercepts: 0,
    proxyReplies: 0,
    loginAttempts: 0,
    logins: 0,
    rejects: 0,
    radiusErrors: 0,
    gatewayErrors: 0,
    pendingReplies: 0,
    polls: 0,
    pollsWithCredentials: 0,
    aborts: 0,
    logoffs: 0,
    expiries: 0,
    apiQueries: 0,
    offDomainCredentialPosts: 0,
    insecureCredentialPosts: 0,
    tunnelsRefused: 0,
  };
}

export interface PendingLogin {
  /** Names this login in LoginResultsURL. */
  token: string;
  /** Polls received so far. */
  polls: number;
}

export class PortalSession {
  stats: HotspotStats = emptyStats();
  pending: PendingLogin | undefined;
  private signedInAt: number | undefined;

  constructor(
    private readonly alwaysOpen: boolean,
    private readonly expirySeconds: () => number | null,
    private readonly now: () => number = Date.now,
  ) {}

  signedIn(): boolean {
    if (this.alwaysOpen) return true;
    if (this.signedInAt === undefined) return false;
    const expiry = this.expirySeconds();
    if (expiry !== null && this.now() - this.signedInAt >= expiry * 1000) {
      this.signedInAt = undefined;
      this.stats.expiries += 1;
      return false;
    }
    return true;
  }

  /** Seconds left before the expiry fault ends the session (undefined: no expiry, or not signed in). */
  secondsRemaining(): number | undefined {
    const expiry = this.expirySeconds();
    if (expiry === null || !this.signedIn() || this.signedInAt === undefined) return undefined;
    return Math.max(0, Math.ceil(expiry - (this.now() - this.signedInAt) / 1000));
  }

  signIn(): void {
    this.signedInAt = this.now();
    this.pending = undefined;
    this.stats.logins += 1;
  }

  signOut(): void {
    this.signedInAt = undefined;
    this.pending = undefined;
  }

  startPending(): PendingLogin {
    this.pending = { token: randomBytes(9).toString('base64url'), polls: 0 };
    return this.pending;
  }

  reset(): void {
    this.signOut();
    this.stats = emptyStats();
  }
}
