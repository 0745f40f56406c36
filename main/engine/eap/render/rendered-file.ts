/**
 * What a renderer produces: files, each with a name and content, and what it is for. Renderers
 * are pure: they never touch the disk; the install plan (install-plan.ts) says where each file
 * goes and with which mode.
 */
export type RenderedFileRole =
  /** The network profile itself (WLAN profile XML, .mobileconfig, keyfile, wpa_supplicant conf). */
  | 'profile'
  /** Credentials kept apart from the profile (Windows EapHost user data). Contains a secret. */
  | 'user-credentials'
  /** The CA certificate(s) the profile trusts, PEM. */
  | 'ca-certificate'
  /** The client certificate, PEM. */
  | 'client-certificate'
  /** The client private key: PEM, or the whole PKCS#12 bundle. */
  | 'private-key';

export interface RenderedFile {
  /** A file name (no directory), e.g. `roamdesk-edu-nl.xml`. */
  name: string;
  content: string | Uint8Array;
  role: RenderedFileRole;
  /** True when the file carries a password or key: write it 0600 in a private directory, remove it after use. */
  secret: boolean;
}
