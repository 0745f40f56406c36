/**
 * The RADIUS lab by hand (docs/radius-lab.md): starts the same private FreeRADIUS + test PKI
 * the tests use and prints what a wpa_supplicant config needs (port, shared secret, CA and
 * client-cert paths, the lab user). With `--check <file>` (repeatable) it authenticates each
 * file with eapol_test, prints the distinguishing lines and exits 0 only if all succeeded.
 * `--log` also prints the full eapol_test and FreeRADIUS logs of each check.
 *
 * The user, password, key passphrases and shared secret are throw-away lab values made per run.
 */
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { startRadiusLab, summarizeEapolLog, summarizeServerLog } from '../../tests/support/radius/lab.js';

const args = process.argv.slice(2);
const checks: string[] = [];
let showLog = false;
for (let i = 0; i < args.length; i += 1) {
  if (args[i] === '--check' && args[i + 1]) checks.push(args[++i]!);
  else if (args[i] === '--log') showLog = true;
  else {
    console.error('usage: node tools/radius-lab/run.mjs [--check <wpa_supplicant.conf>]... [--log]');
    process.exit(2);
  }
}

const user = { name: 'alice', password: process.env.RADIUS_LAB_PASSWORD ?? randomBytes(6).toString('base64url') };
const lab = await startRadiusLab({ users: [user] });
const { pki, radius } = lab;
console.log(`FreeRADIUS ${radius.host}:${radius.port} (pid ${radius.pid}), shared secret ${radius.secret}
user            ${user.name} / ${user.password}   (set RADIUS_LAB_PASSWORD to choose it)
server name     ${pki.serverName}
ca_cert         ${pki.caCert}
wrong CA        ${pki.otherCaCert}
client cert     ${pki.client.cert}  key ${pki.client.key}
  encrypted key ${pki.client.encryptedKey}  passphrase ${pki.client.keyPassphrase}
  PKCS#12       ${pki.client.p12}  passphrase ${pki.client.p12Passphrase}
expired client  ${pki.expiredClient.cert}  key ${pki.expiredClient.key}
rogue client    ${pki.rogueClient.cert}  key ${pki.rogueClient.key}
eapol_test -c <file> -a 127.0.0.1 -p ${radius.port} -s ${radius.secret} -t 10`);

if (checks.length === 0) {
  console.log('\nRunning; Ctrl-C stops the server and deletes the PKI and config.');
  const stop = () => void lab.stop().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} else {
  let failed = 0;
  for (const file of checks) {
    const attempt = await lab.authenticate(await readFile(file, 'utf8'));
    if (!attempt.ok) failed += 1;
    console.log(`\n== ${attempt.ok ? 'SUCCESS' : 'FAILURE'} ${file} (exit ${attempt.exitCode}, ${attempt.durationMs} ms)`);
    console.log(showLog ? attempt.log : summarizeEapolLog(attempt.log, 25));
    console.log('-- FreeRADIUS');
    console.log(showLog ? attempt.serverLog : summarizeServerLog(attempt.serverLog, 15));
  }
  await lab.stop();
  process.exit(failed === 0 ? 0 : 1);
}
