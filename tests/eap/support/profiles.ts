/** Profiles for renderer tests, built through the product's own check (checkEapProfile). */
import { type EapMethod, type EapProfile, checkEapProfile } from '../../../main/engine/eap/model.js';
import { evaCaPem } from './eap-fixtures.js';

export function corpProfile(method: EapMethod, overrides: Partial<EapProfile> = {}, policy: { allowUnvalidatedServer?: boolean } = {}): EapProfile {
  return checkEapProfile(
    {
      id: 'corp.example',
      name: 'Corp Secure',
      method,
      ...(method === 'tls' ? { outerIdentity: 'device@corp.example' } : { outerIdentity: 'anonymous@corp.example' }),
      serverValidation: { caCertificates: [evaCaPem()], serverNames: ['radius.corp.example'] },
      ssids: ['corp-secure'],
      provider: { displayName: 'Corp', helpdesk: { emails: ['help@corp.example'], webAddresses: [], phones: ['+1 555 0100'] } },
      ...overrides,
    },
    policy,
  ).profile;
}

/** A fake PKCS#12 payload: renderers carry the bytes, they never parse them. */
export const FAKE_P12_BASE64 = Buffer.from('not really pkcs12 but bytes').toString('base64');
export const FAKE_KEY_PEM = '-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----\n';
