/**
 * What the connection manager needs from captive-portal handling, kept narrow so the
 * manager's state machine reads on its own: probe the path, sign in if the network is
 * captive, and sign out on disconnect. `captive-sign-in.ts` implements it over
 * `main/engine/portal/` (detection, WISPr smart client, RFC 8908).
 */
import type { PortalView } from '../../../preload/contract.js';
import type { ProviderInfo } from '../directory/provider-directory.js';
import type { Bss } from '../wifi/bss.js';

/** What one probe of the path found. */
export type PathProbe =
  | { kind: 'online'; detail: string }
  /** Something is in the way that a sign-in may remove; `evidence` is kept for the sign-in. */
  | { kind: 'captive'; detail: string; evidence: unknown };

export type SignInResult =
  /** Signed in without the person; `logOff` ends the portal session (WISPr LogoffURL). */
  | { kind: 'signed-in'; detail: string; portal: PortalView; logOff?: (signal?: AbortSignal) => Promise<void> }
  /** Only a person can sign in on this portal: open `portal.openUrl`, then re-probe. */
  | { kind: 'needs-person'; detail: string; portal: PortalView };

export interface SignInTarget {
  bss: Bss;
  provider: ProviderInfo | null;
}

export interface CaptiveSignIn {
  /** One bounded probe. Throws a RoamdeskError (NO_INTERNET, INTERNET_CHECK_TIMEOUT…) when the path is plainly shut. */
  probe(target: SignInTarget, signal: AbortSignal): Promise<PathProbe>;
  /** Signs in behind a captive probe; throws a RoamdeskError with a PORTAL_* code when it cannot. */
  signIn(captive: Extract<PathProbe, { kind: 'captive' }>, target: SignInTarget, signal: AbortSignal): Promise<SignInResult>;
  /** The portal's session budget now (RFC 8908), for a refresh while online; null when the network has no API. */
  refresh(target: SignInTarget, signal: AbortSignal): Promise<PortalView | null>;
}
