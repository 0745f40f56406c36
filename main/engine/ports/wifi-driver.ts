/**
 * The radio, behind a port. Drivers exist per platform (Windows, macOS, Linux) and one is
 * simulated from a world file. The connection manager talks only to this interface.
 */
import type { Bss } from '../wifi/bss.js';

/** What an 802.1X sign-in needs, from the installed enterprise profile. Never logged. */
export interface EnterpriseCredentials {
  method: 'peap-mschapv2' | 'ttls-pap' | 'ttls-mschapv2' | 'ttls-eap-mschapv2' | 'tls';
  /** The CAs the RADIUS server's certificate must chain to (PEM). */
  caCertificates: readonly string[];
  /** Names the server's certificate must carry (suffix match). */
  serverNames: readonly string[];
  outerIdentity?: string;
  identity: string;
  password?: string;
}

export interface AssociateRequest {
  bssid: string;
  ssidHex: string;
  /** WPA passphrase when the network is personal-security; never logged. */
  passphrase?: string;
  /** 802.1X sign-in for enterprise networks. */
  enterprise?: EnterpriseCredentials;
  signal?: AbortSignal;
}

export interface Link {
  bssid: string;
  ssidHex: string;
  associatedAt: string;
}

export interface WifiDriver {
  /** A short name for diagnostics, e.g. `simulated`, `netsh`, `corewlan`. */
  readonly name: string;
  scan(): Promise<Bss[]>;
  /**
   * Associates (and, for personal security, runs the 4-way handshake; for enterprise
   * security, the 802.1X sign-in). Rejects with a RoamdeskError whose code says why:
   * ASSOCIATION_REJECTED, CREDENTIALS_REJECTED, EAP_* (the 802.1X sign-in failed), …
   */
  associate(request: AssociateRequest): Promise<Link>;
  disassociate(): Promise<void>;
  currentLink(): Promise<Link | null>;
}
