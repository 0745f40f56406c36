/**
 * The public keys a directory must be signed with. Pinned in the app, not fetched: a key
 * delivered with the data it vouches for would vouch for nothing.
 *
 * PLACEHOLDER: this key's private half was discarded when it was generated, so nothing can
 * sign for it — production will pin the directory service's real key here (a list, so a
 * key can be rotated: ship the new key beside the old, then drop the old). Tests and
 * benchmarks generate their own key pair and pass it in; no private key is in the repo.
 */
import type { KeyObject } from 'node:crypto';
import { publicKeyFromPem } from './directory-signature.js';

const PRODUCTION_DIRECTORY_KEYS_PEM = [
  `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAaCHj0jwYqjNCrpenh2WaTEUAfEjl1+bKF2NVi0zwOGo=
-----END PUBLIC KEY-----`,
];

export function pinnedDirectoryKeys(): KeyObject[] {
  return PRODUCTION_DIRECTORY_KEYS_PEM.map(publicKeyFromPem);
}
