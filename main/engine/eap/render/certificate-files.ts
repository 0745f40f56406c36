/**
 * The certificate and key files a Linux-style profile (wpa_supplicant, NetworkManager) points
 * at by path: the CA bundle, and for EAP-TLS the client certificate and key the profile carries.
 * Each is named after the path the caller chose, so writing them into that directory matches.
 */
import path from 'node:path';

import type { EapProfile } from '../model.js';
import type { RenderedFile } from './rendered-file.js';

export interface CertificatePaths {
  caCertPath: string;
  clientCertPath?: string;
  privateKeyPath?: string;
}

export function certificateFiles(profile: EapProfile, files: CertificatePaths): RenderedFile[] {
  const result: RenderedFile[] = [];
  if (profile.serverValidation.caCertificates.length > 0) {
    result.push({ name: path.basename(files.caCertPath), content: profile.serverValidation.caCertificates.join(''), role: 'ca-certificate', secret: false });
  }
  const client = profile.method === 'tls' ? profile.clientCertificate : undefined;
  if (client?.format === 'pkcs12' && files.privateKeyPath !== undefined) {
    result.push({ name: path.basename(files.privateKeyPath), content: Buffer.from(client.pkcs12, 'base64'), role: 'private-key', secret: true });
  }
  if (client?.format === 'pem' && files.clientCertPath !== undefined && files.privateKeyPath !== undefined) {
    result.push({ name: path.basename(files.clientCertPath), content: client.certificate, role: 'client-certificate', secret: false });
    result.push({ name: path.basename(files.privateKeyPath), content: client.privateKey, role: 'private-key', secret: true });
  }
  return result;
}
