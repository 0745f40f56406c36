/**
 * A throw-away certificate authority for one hotspot run: a CA and one leaf certificate for
 * the portal's host names, made with the `openssl` CLI in a private temp directory that is
 * deleted before this returns. Only the CA certificate (public) and the leaf key and
 * certificate (in memory) come back; no key is left on disk, none is ever logged.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface PortalCertificates {
  /** The CA certificate (PEM); clients trust it to validate the portal's HTTPS pages. */
  caPem: string;
  /** The leaf certificate (PEM), with every served host name as a DNS subjectAltName. */
  certPem: string;
  /** The leaf's private key (PEM), kept in memory only. */
  keyPem: string;
}

export class CertificateAuthorityError extends Error {
  readonly code = 'HOTSPOT_CERTIFICATES_FAILED';
  constructor(detail: string) {
    super(
      `Hotspot-in-a-box could not make its TLS certificates with openssl (${detail}). ` +
        'Check that the openssl CLI is installed and on PATH, then start the hotspot again.',
    );
    this.name = 'CertificateAuthorityError';
  }
}

function openssl(args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile('openssl', args, { cwd, timeout: 30_000, env: { ...process.env, OPENSSL_CONF: path.join(cwd, 'openssl.cnf') } }, (error, _stdout, stderr) => {
      if (error) reject(new CertificateAuthorityError(`openssl ${args[0]} failed: ${String(stderr).trim().split('\n')[0] ?? error.message}`));
      else resolve();
    });
  });
}

const OPENSSL_CNF = `
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = placeholder
[ v3_ca ]
basicConstraints = critical, CA:TRUE, pathlen:0
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
`;

function leafExtensions(hostnames: string[]): string {
  return [
    '[ v3_leaf ]',
    'basicConstraints = critical, CA:FALSE',
    'keyUsage = critical, digitalSignature, keyEncipherment',
    'extendedKeyUsage = serverAuth',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
    `subjectAltName = ${hostnames.map((host) => `DNS:${host}`).join(', ')}`,
    '',
  ].join('\n');
}

/** Makes a fresh CA and a leaf for `hostnames` (the first is the leaf's common name). */
export async function issuePortalCertificates(hostnames: string[], label: string): Promise<PortalCertificates> {
  if (hostnames.length === 0) throw new CertificateAuthorityError('no host names to certify');
  // mkdtemp creates the directory with mode 0700: private to this user.
  const dir = await mkdtemp(path.join(os.tmpdir(), 'roamdesk-hotspot-ca-'));
  try {
    await writeFile(path.join(dir, 'openssl.cnf'), OPENSSL_CNF, { mode: 0o600 });
    await writeFile(path.join(dir, 'leaf.cnf'), leafExtensions(hostnames), { mode: 0o600 });
    const serial = () => `0x${randomBytes(12).toString('hex')}`;
    await openssl(
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'ca.key', '-out', 'ca.pem',
        '-days', '7', '-sha256', '-subj', `/O=Roamdesk hotspot-in-a-box/CN=${label} test CA`, '-extensions', 'v3_ca', '-set_serial', serial()],
      dir,
    );
    await openssl(
      ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr',
        '-subj', `/O=Roamdesk hotspot-in-a-box/CN=${hostnames[0]}`],
      dir,
    );
    await openssl(
      ['x509', '-req', '-in', 'leaf.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-set_serial', serial(), '-days', '7', '-sha256',
        '-extfile', 'leaf.cnf', '-extensions', 'v3_leaf', '-out', 'leaf.pem'],
      dir,
    );
    const [caPem, certPem, keyPem] = await Promise.all(['ca.pem', 'leaf.pem', 'leaf.key'].map((name) => readFile(path.join(dir, name), 'utf8')));
    return { caPem: caPem!, certPem: certPem!, keyPem: keyPem! };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
