/**
 * The radio, behind a port. Drivers exist per platform (Windows, macOS, Linux) and one is
 * simulated from a world file. The connection manager talks only to this interface.
 */
import type { Bss } from '../wifi/bss.js';

export interface AssociateRequest {
  bssid: string;
  ssidHex: string;
  /** WPA passphrase when the network is personal-security; never logged. */
  passphrase?: string;
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
   * Associates (and, for personal security, runs the 4-way handshake). Rejects with a
   * RoamdeskError whose code says why: ASSOCIATION_REJECTED, CREDENTIALS_REJECTED, …
   */
  associate(request: AssociateRequest): Promise<Link>;
  disassociate(): Promise<void>;
  currentLink(): Promise<Link | null>;
}
