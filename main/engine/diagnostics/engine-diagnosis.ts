/**
 * Diagnostics of a running engine: fills the checklist's sources from the engine's own
 * state (the current connection, or the last failed attempt the person is asking about),
 * chooses the probes that make sense for this network (a simulated world's gateway is on
 * loopback; its DNS and clock say nothing), and runs them. Used by `roamdesk diag` and by
 * the contract's `diagnostics.run`.
 */
import type { ConnectionState, ContractHandlers, NetworkView } from '../../../preload/contract.js';
import type { AttemptsRepository } from '../cache/attempts-repository.js';
import { errorCodes } from '../errors.js';
import type { Clock } from '../ports/clock.js';
import type { CommandRunner } from '../ports/command-runner.js';
import type { HttpClient } from '../ports/http.js';
import { silentLogger } from '../ports/logger.js';
import type { ChecklistSources, ManagedPolicyFacts } from './checklist.js';
import { type DiagnosticsOptions, type DiagnosticsProgress, type DiagnosticsReport, runDiagnostics } from './run-diagnostics.js';

export interface EngineDiagnosisDeps {
  handlers: Pick<ContractHandlers, 'app.info' | 'wifi.scan'>;
  connection: { state(): ConnectionState };
  attempts: AttemptsRepository;
  commands: CommandRunner;
  http: HttpClient;
  clock: Clock;
  /** Whether managed policy is present (null: unknown). */
  managed?: boolean | null;
  /** Who manages the device, the locked settings' count, and the rejected values. */
  policy?: ManagedPolicyFacts | null;
}

export async function diagnoseEngine(deps: EngineDiagnosisDeps, pingSeconds: number, onProgress?: (progress: DiagnosticsProgress) => void, signal?: AbortSignal): Promise<DiagnosticsReport> {
  const info = await deps.handlers['app.info']({});
  const { networks } = await deps.handlers['wifi.scan']({});
  let state = deps.connection.state();
  if (state.phase === 'idle' && !state.network) state = lastFailedAttempt(deps.attempts, networks) ?? state;
  const view = state.network ? networks.find((network) => network.bssid === state.network!.bssid) : undefined;
  const associated = state.phase === 'online' || state.phase === 'sign-in-required' || state.phase === 'connecting';
  const enterprise = state.network?.security === 'wpa2-enterprise' || state.network?.security === 'wpa3-enterprise';

  const sources: ChecklistSources = {
    app: { version: info.version, host: info.host, platform: info.platform, wifiDriver: info.wifiDriver, simulated: info.simulated },
    connection: state,
    link: state.network
      ? {
          ssid: state.network.ssid,
          bssid: state.network.bssid,
          band: state.network.band,
          channel: view?.channel ?? null,
          frequencyMhz: view?.frequencyMhz ?? null,
          signalDbm: view?.signalDbm ?? null,
          standard: view?.standard ?? null,
          security: state.network.security,
        }
      : null,
    provider: state.network?.provider ?? null,
    managed: deps.managed ?? null,
    policy: deps.policy ?? null,
    last8021x: null,
    lastPortalExchange: null,
  };

  const notConnected = 'The device is not associated with any network, so there is no gateway.';
  const simulated = info.simulated;
  const diagnostics: DiagnosticsOptions = {
    sources,
    pingSeconds,
    pingIntervalSeconds: pingSeconds < 5 ? 0.2 : 1,
    ...(simulated
      ? {
          // The simulated uplink (the world's gateway) runs on loopback.
          gateway: associated ? '127.0.0.1' : null,
          gatewayUnavailableReason: notConnected,
          dns: { skip: 'The radio is simulated: this machine’s DNS servers are not the simulated network’s, so resolving names here would say nothing about it.' },
          traceTarget: associated ? '127.0.0.1' : null,
          traceUnavailableReason: notConnected,
          traceMaxHops: 3,
          timeReferenceUrl: null,
          timeUnavailableReason: 'The radio is simulated: the simulated internet has no trusted clock to compare with.',
        }
      : {
          ...(associated ? {} : { gateway: null, gatewayUnavailableReason: notConnected }),
          timeReferenceUrl: associated ? 'http://connectivitycheck.gstatic.com/generate_204' : null,
          timeUnavailableReason: 'Not connected: no time reference is reachable.',
        }),
    certificates: [
      { role: 'login', unavailable: state.portal ? 'The portal’s sign-in server is reached only through the engine’s own HTTP client; its certificate was checked at sign-in (PORTAL_TLS_CERTIFICATE_INVALID otherwise).' : 'This network has no sign-in server.' },
      { role: 'radius', unavailable: enterprise ? 'No 802.1X server certificate is on record for this network yet.' : 'This network does not use 802.1X.' },
    ],
  };
  return runDiagnostics({ commands: deps.commands, http: deps.http, clock: deps.clock, logger: silentLogger }, { ...diagnostics, ...(signal ? { signal } : {}) }, onProgress);
}

/** The last attempt from the cache, when it failed: what the person is asking about after a failed connect. */
function lastFailedAttempt(attempts: AttemptsRepository, networks: readonly NetworkView[]): ConnectionState | undefined {
  {
    const last = attempts.recent(1)[0];
    if (!last || last.outcome !== 'failed' || !last.errorCode) return undefined;
    const view = networks.find((network) => network.bssid === last.bssid);
    const code = last.errorCode;
    return {
      phase: 'failed',
      attemptId: last.id,
      network: view ? { ssid: view.ssid, bssid: view.bssid, band: view.band, security: view.security, provider: view.provider } : null,
      timeline: last.stages,
      error: { code, message: (errorCodes as Record<string, string>)[code] ?? code },
      since: last.endedAt ?? last.startedAt,
      portal: null,
    };
  }
}

