/**
 * Ed25519 over the header line, which carries the payload's SHA-256 and length. Signing a
 * small header instead of the whole file lets a 200 MB directory be verified while it
 * streams (Ed25519 itself cannot stream), with the same strength: the hash binds every
 * payload byte. A tampered directory could steer users to rogue hotspots, so nothing is
 * read into the cache before both the signature and the hash have checked out.
 */
import { createHash, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { RoamdeskError } from '../errors.js';

/** First 16 hex digits of SHA-256 over the raw 32-byte public key: names a key in headers and logs. */
export function keyIdOf(publicKey: KeyObject): string {
  const jwk = publicKey.export({ format: 'jwk' });
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.x !== 'string') throw new Error('not an Ed25519 public key');
  return createHash('sha256').update(Buffer.from(jwk.x, 'base64url')).digest('hex').slice(0, 16);
}

export function publicKeyFromPem(pem: string): KeyObject {
  return createPublicKey(pem);
}

export function signatureLine(headerLine: Buffer, privateKey: KeyObject): string {
  return JSON.stringify({ signature: sign(null, headerLine, privateKey).toString('base64') });
}

export function signatureInvalid(message: string): RoamdeskError {
  return new RoamdeskError('DIRECTORY_SIGNATURE_INVALID', message, {
    hint: 'Nothing was applied. The file was altered, damaged in transit, or signed by a key this Roamdesk does not trust; fetch it again from the directory service.',
  });
}

/** Returns the trusted key that signed the header line; throws DIRECTORY_SIGNATURE_INVALID otherwise. */
export function verifyHeaderSignature(headerLine: Buffer, signatureJson: string, trustedKeys: readonly KeyObject[]): KeyObject {
  let signature: Buffer | undefined;
  try {
    const parsed = JSON.parse(signatureJson) as { signature?: unknown };
    if (typeof parsed.signature === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(parsed.signature)) signature = Buffer.from(parsed.signature, 'base64');
  } catch {
    // Falls through to the same refusal: an unreadable signature is no signature.
  }
  if (signature?.length !== 64) throw signatureInvalid('the directory file has no valid Ed25519 signature line');
  for (const key of trustedKeys) if (verify(null, headerLine, key, signature)) return key;
  throw signatureInvalid('the directory signature does not verify against any pinned key');
}
