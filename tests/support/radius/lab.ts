/**
 * The RADIUS lab in one call: tools check → test PKI → private FreeRADIUS → `authenticate()`
 * any wpa_supplicant network block with eapol_test, returning both sides' logs for that
 * attempt. One lab per test file (beforeAll); attempts run one after another.
 */
import { type EapolTestResult, runEapolTest } from './eapol-test.js';
import { type FreeRadius, type RadiusUser, startFreeRadius, type StartFreeRadiusOptions } from './freeradius.js';
import { requireLabTools } from './prerequisites.js';
import { makeTestPki, type TestPki, type TestPkiOptions } from './test-pki.js';

export interface LabAttempt extends EapolTestResult {
  /** What FreeRADIUS logged while this attempt ran. */
  serverLog: string;
}

export interface RadiusLab {
  pki: TestPki;
  radius: FreeRadius;
  users: RadiusUser[];
  /** Runs eapol_test with `configText` against the lab's server. */
  authenticate(configText: string, options?: { timeoutS?: number }): Promise<LabAttempt>;
  /** Stops FreeRADIUS and deletes the PKI. Safe to call twice and after a failed start. */
  stop(): Promise<void>;
}

export interface StartRadiusLabOptions extends TestPkiOptions, Pick<StartFreeRadiusOptions, 'tlsMaxVersion' | 'mschapv2SendError'> {
  users: RadiusUser[];
  /** Reuse an existing PKI (it is then not removed by `stop()`). */
  pki?: TestPki;
}

export async function startRadiusLab(options: StartRadiusLabOptions): Promise<RadiusLab> {
  requireLabTools();
  const ownPki = options.pki === undefined;
  const pki = options.pki ?? (await makeTestPki(options));
  let radius: FreeRadius;
  try {
    radius = await startFreeRadius({
      users: options.users,
      pki,
      ...(options.tlsMaxVersion ? { tlsMaxVersion: options.tlsMaxVersion } : {}),
      ...(options.mschapv2SendError !== undefined ? { mschapv2SendError: options.mschapv2SendError } : {}),
    });
  } catch (error) {
    if (ownPki) await pki.remove();
    throw error;
  }
  return {
    pki,
    radius,
    users: options.users,
    async authenticate(configText, attemptOptions = {}) {
      const mark = radius.mark();
      const result = await runEapolTest(configText, {
        port: radius.port,
        secret: radius.secret,
        ...(attemptOptions.timeoutS !== undefined ? { timeoutS: attemptOptions.timeoutS } : {}),
      });
      // FreeRADIUS logs before it answers, but its stdout pipe may reach us after eapol_test
      // exits: when the client got a final answer, wait (≤ 2 s) until the server's log has it too.
      const final = /RADIUS message: code=(2|3) /.test(result.log);
      const deadline = Date.now() + (final ? 2000 : 20);
      while (Date.now() < deadline && !/Sent Access-(Accept|Reject)/.test(radius.logSince(mark))) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return { ...result, serverLog: radius.logSince(mark) };
    },
    async stop() {
      await radius.stop();
      if (ownPki) await pki.remove();
    },
  };
}

/** The interesting lines of an eapol_test log (no hex dumps, no RADIUS attribute dumps). */
export function summarizeEapolLog(log: string, maxLines = 60): string {
  const interesting = log
    .split('\n')
    .filter((line) => /CTRL-EVENT|EAP-(PEAP|TTLS|TLS|MSCHAPV2):|EAP: (Status|Received|EAP entering state (SUCCESS|FAILURE))|TLS: |SSL: (Using|SSL3 alert)|RADIUS message: code|MPPE keys|^(SUCCESS|FAILURE)$/.test(line))
    .filter((line) => !/hexdump/.test(line));
  return interesting.slice(-maxLines).join('\n');
}

/** The interesting lines of a FreeRADIUS debug log slice. */
export function summarizeServerLog(log: string, maxLines = 40): string {
  const interesting = log.split('\n').filter((line) => /ERROR|WARNING|Login (OK|incorrect)|Sent Access-|Module-Failure-Message|OpenSSL says/.test(line));
  return interesting.slice(-maxLines).join('\n');
}
