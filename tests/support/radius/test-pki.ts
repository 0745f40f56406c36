/**
 * A throw-away PKI for the RADIUS lab, made with the `openssl` CLI (execFile, never a shell)
 * in a private temp directory (mkdtemp: mode 0700). Every key, certificate and PKCS#12 file
 * stays on disk there until `remove()`, because both FreeRADIUS and eapol_test read them
 * by path. Passphrases reach openssl through the environment (`-passout env:…`), never argv.
 *
 *   ca          "Roamdesk Lab Root CA"   — trusted by FreeRADIUS (client certs) and by the
 *                                         supplicant configs (server cert)
 *   ├─ server   CN + DNS SAN = serverName (default radius.corp.example), EKU serverAuth
 *   ├─ client   CN = clientIdentity, EKU clientAuth; PEM key, PEM key encrypted with
 *   │           `clientKeyPassphrase`, PKCS#12 with `clientP12Passphrase`
 *   └─ expired  same CA, validity 2020-01-01 … 2020-01-31 (expired)
 *   otherCa     "Unrelated Root CA"      — trusted by nobody
 *   └─ rogue    client cert from the untrusted CA (EKU clientAuth)
 *
 * Keys are EC P-256 (fast to make: the whole PKI takes well under a second).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface TestCertificate {
  /** Certificate, PEM file path. */
  cert: string;
  /** Unencrypted private key, PEM file path. */
  key: string;
  /** Subject common name (the identity a client cert is issued to, the server's DNS name). */
  commonName: string;
}

export interface TestClientCertificate extends TestCertificate {
  /** The same private key, PEM encrypted with `keyPassphrase` (AES-256). */
  encryptedKey: string;
  keyPassphrase: string;
  /** PKCS#12 bundle (key + cert + CA) protected with `p12Passphrase`. */
  p12: string;
  p12Passphrase: string;
}

export interface TestPki {
  /** Private directory holding every file below. */
  dir: string;
  /** The lab's root CA certificate (PEM path): FreeRADIUS trusts it for client certs, supplicants for the server. */
  caCert: string;
  /** A second, unrelated root CA (PEM path): the "wrong CA" a supplicant must not accept. */
  otherCaCert: string;
  /** The RADIUS server certificate; `serverName` is its CN and its only DNS subjectAltName. */
  server: TestCertificate;
  serverName: string;
  /** A valid EAP-TLS client certificate from `caCert`. */
  client: TestClientCertificate;
  /** An EAP-TLS client certificate from `caCert` that expired in January 2020. */
  expiredClient: TestCertificate;
  /** An EAP-TLS client certificate from `otherCaCert`, which FreeRADIUS does not trust. */
  rogueClient: TestCertificate;
  /** Deletes the directory and everything in it. */
  remove(): Promise<void>;
}

export interface TestPkiOptions {
  serverName?: string;
  clientIdentity?: string;
}

export class TestPkiError extends Error {
  constructor(detail: string) {
    super(
      `The RADIUS lab could not make its test PKI with the openssl CLI (${detail}). ` +
        'Install it with `apt-get install -y openssl` and check that `openssl` is on PATH.',
    );
    this.name = 'TestPkiError';
  }
}

const REQ_CNF = `
[ req ]
distinguished_name = dn
prompt = no
[ dn ]
CN = placeholder
[ v3_ca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
`;

/** `openssl ca` configuration: used for every leaf so validity dates can be set (x509 -req cannot on OpenSSL 3.0). */
function caCnf(caDir: string): string {
  return `
[ ca ]
default_ca = lab_ca
[ lab_ca ]
dir = ${caDir}
database = $dir/index.txt
new_certs_dir = $dir/issued
serial = $dir/serial
default_md = sha256
policy = policy_any
unique_subject = no
copy_extensions = none
email_in_dn = no
[ policy_any ]
commonName = supplied
organizationName = optional
[ v3_server ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:\${ENV::LAB_SAN}
[ v3_client ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;
}

function openssl(args: string[], cwd: string, env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'openssl',
      args,
      { cwd, timeout: 30_000, env: { ...process.env, OPENSSL_CONF: path.join(cwd, 'req.cnf'), LAB_SAN: 'unused.invalid', ...env } },
      (error, stdout, stderr) => {
        if (!error) return resolve(String(stdout));
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return reject(new TestPkiError('the `openssl` command was not found'));
        reject(new TestPkiError(`openssl ${args.slice(0, 2).join(' ')} failed: ${String(stderr).trim().split('\n').slice(0, 3).join(' | ') || error.message}`));
      },
    );
  });
}

const newEcKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function makeCa(dir: string, name: string, subject: string): Promise<{ cert: string; key: string; cnf: string }> {
  const caDir = path.join(dir, name);
  await mkdir(path.join(caDir, 'issued'), { recursive: true, mode: 0o700 });
  await writeFile(path.join(caDir, 'index.txt'), '');
  await writeFile(path.join(caDir, 'serial'), `${randomBytes(8).toString('hex').toUpperCase()}\n`);
  const cnf = path.join(caDir, 'ca.cnf');
  await writeFile(cnf, caCnf(caDir), { mode: 0o600 });
  const cert = path.join(dir, `${name}.pem`);
  const key = path.join(caDir, 'ca.key');
  await openssl(['req', '-x509', ...newEcKey, '-keyout', key, '-out', cert, '-days', '30', '-sha256', '-subj', subject, '-extensions', 'v3_ca',
    '-set_serial', `0x${randomBytes(8).toString('hex')}`], dir);
  return { cert, key, cnf };
}

interface IssueOptions {
  ca: { cert: string; key: string; cnf: string };
  name: string;
  commonName: string;
  extensions: 'v3_server' | 'v3_client';
  /** openssl `ca` date form YYYYMMDDHHMMSSZ; default now-1h … now+30d. */
  validity?: { start: string; end: string };
}

function caDate(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

async function issue(dir: string, options: IssueOptions): Promise<TestCertificate> {
  const key = path.join(dir, `${options.name}.key`);
  const csr = path.join(dir, `${options.name}.csr`);
  const cert = path.join(dir, `${options.name}.pem`);
  await openssl(['req', '-new', ...newEcKey, '-keyout', key, '-out', csr, '-subj', `/O=Roamdesk RADIUS lab/CN=${options.commonName}`], dir);
  const now = Date.now();
  const validity = options.validity ?? { start: caDate(new Date(now - 3_600_000)), end: caDate(new Date(now + 30 * 86_400_000)) };
  await openssl(
    ['ca', '-batch', '-notext', '-preserveDN', '-config', options.ca.cnf, '-cert', options.ca.cert, '-keyfile', options.ca.key, '-in', csr, '-out', cert,
      '-startdate', validity.start, '-enddate', validity.end, '-extensions', options.extensions],
    dir,
    { LAB_SAN: options.commonName },
  );
  await rm(csr, { force: true });
  return { cert, key, commonName: options.commonName };
}

/** Makes the whole lab PKI (≈0.3 s). Call `remove()` when done. */
export async function makeTestPki(options: TestPkiOptions = {}): Promise<TestPki> {
  const serverName = options.serverName ?? 'radius.corp.example';
  const clientIdentity = options.clientIdentity ?? 'alice@corp.example';
  const dir = await mkdtemp(path.join(os.tmpdir(), 'roamdesk-radius-pki-'));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await writeFile(path.join(dir, 'req.cnf'), REQ_CNF, { mode: 0o600 });
    const [ca, otherCa] = await Promise.all([
      makeCa(dir, 'ca', '/O=Roamdesk RADIUS lab/CN=Roamdesk Lab Root CA'),
      makeCa(dir, 'other-ca', '/O=Somebody Else/CN=Unrelated Root CA'),
    ]);
    // One `openssl ca` database per CA: issue sequentially per CA (index.txt is not concurrency-safe).
    const [fromLabCa, rogueClient] = await Promise.all([
      (async () => {
        const server = await issue(dir, { ca, name: 'server', commonName: serverName, extensions: 'v3_server' });
        const client = await issue(dir, { ca, name: 'client', commonName: clientIdentity, extensions: 'v3_client' });
        const expiredClient = await issue(dir, {
          ca, name: 'expired-client', commonName: `expired-${clientIdentity}`, extensions: 'v3_client',
          validity: { start: '20200101000000Z', end: '20200131000000Z' },
        });
        return { server, client, expiredClient };
      })(),
      issue(dir, { ca: otherCa, name: 'rogue-client', commonName: `rogue-${clientIdentity}`, extensions: 'v3_client' }),
    ]);
    const keyPassphrase = randomBytes(9).toString('base64url');
    const p12Passphrase = randomBytes(9).toString('base64url');
    const encryptedKey = path.join(dir, 'client.enc.key');
    const p12 = path.join(dir, 'client.p12');
    await Promise.all([
      openssl(['pkey', '-in', fromLabCa.client.key, '-aes256', '-passout', 'env:LAB_PASS', '-out', encryptedKey], dir, { LAB_PASS: keyPassphrase }),
      openssl(['pkcs12', '-export', '-inkey', fromLabCa.client.key, '-in', fromLabCa.client.cert, '-certfile', ca.cert, '-name', clientIdentity,
        '-passout', 'env:LAB_PASS', '-out', p12], dir, { LAB_PASS: p12Passphrase }),
    ]);
    return {
      dir,
      caCert: ca.cert,
      otherCaCert: otherCa.cert,
      server: fromLabCa.server,
      serverName,
      client: { ...fromLabCa.client, encryptedKey, keyPassphrase, p12, p12Passphrase },
      expiredClient: fromLabCa.expiredClient,
      rogueClient,
      remove,
    };
  } catch (error) {
    await remove();
    throw error;
  }
}
