/**
 * A throwaway PKI for TLS tests, made with the `openssl` CLI in a temp dir: a CA, and
 * server certificates it signs for the names a test asks for. Nothing is trusted outside
 * the test: clients trust the CA only through NodeHttpClient's `extraCaPem`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestCa {
  certPem: string;
  /** A server key and certificate for these DNS names / IP addresses, signed by this CA. */
  issue(names: string[]): Promise<{ keyPem: string; certPem: string }>;
  dispose(): Promise<void>;
}

export async function createTestCa(commonName = 'Roamdesk Test CA'): Promise<TestCa> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'roamdesk-pki-'));
  const caKey = path.join(dir, 'ca.key');
  const caCert = path.join(dir, 'ca.crt');
  await run('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
    '-keyout', caKey, '-out', caCert, '-days', '2', '-subj', `/CN=${commonName}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  let serial = 0;
  return {
    certPem: await readFile(caCert, 'utf8'),
    async issue(names) {
      serial += 1;
      const base = path.join(dir, `server-${serial}`);
      const san = names.map((name) => (/^[\d.]+$|:/.test(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
      await writeFile(`${base}.ext`, `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n`);
      await run('openssl', ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', `${base}.key`, '-out', `${base}.csr`, '-subj', `/CN=${names[0] ?? 'server'}`]);
      await run('openssl', ['x509', '-req', '-in', `${base}.csr`, '-CA', caCert, '-CAkey', caKey, '-set_serial', String(1000 + serial), '-out', `${base}.crt`, '-days', '2', '-extfile', `${base}.ext`]);
      return { keyPem: await readFile(`${base}.key`, 'utf8'), certPem: await readFile(`${base}.crt`, 'utf8') };
    },
    dispose: () => rm(dir, { recursive: true, force: true }),
  };
}
