/**
 * The support desk's part of the engine: the service with its settings (relay URL,
 * activation token, status feed URL, remote-log consent, "managed"), and its contract
 * handlers (`support.*`). engine.ts creates it and spreads the handlers.
 */
import os from 'node:os';
import type { ConnectionState, ContractHandlers, EventPayload } from '../../../preload/contract.js';
import type { SettingsService } from '../policy/effective-settings.js';
import type { Clock } from '../ports/clock.js';
import type { Logger } from '../ports/logger.js';
import type { SecretStore } from '../ports/secret-store.js';
import { NodeRelayTransport } from './client/node-relay-transport.js';
import type { RelayTransport } from './client/relay-transport.js';
import type { Hotline } from './support-hotlines.js';
import { type RemoteLogConsent, type SupportConfig, type SupportEventName, type SupportEvidence, SupportService } from './support-service.js';

export interface SupportDeskOptions {
  /** How the relay is reached (default: node:http/https with certificate checks). */
  transport?: RelayTransport;
  /** Used when the settings name no relay: a simulated world's own loopback relay and its token. */
  fallback?: { relayUrl: string; activationToken: string; statusFeedUrl?: string };
  pollWaitSeconds?: number;
  statusEveryMs?: number;
  hotlines?: readonly Hotline[];
  upload?: { chunkBytes?: number; maxAttempts?: number; retryDelayMs?: number };
  /** Long-running hosts (serve, the app) poll for log requests, send the queue and refresh the status; one-shot commands and tests do not. Default false. */
  background?: boolean;
}

type SupportHandlers = Pick<ContractHandlers, Extract<keyof ContractHandlers, `support.${string}`>>;

export function supportConfigFrom(settings: SettingsService | undefined, fallback?: SupportDeskOptions['fallback']): SupportConfig {
  const current = settings?.current();
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const configuredUrl = text(current?.values.relayUrl);
  const useFallback = configuredUrl === '' && fallback !== undefined;
  const consent = text(current?.values.remoteLogConsent) as RemoteLogConsent;
  return {
    relayUrl: useFallback ? fallback.relayUrl : configuredUrl,
    activationToken: text(current?.values.activationToken) || (useFallback ? fallback.activationToken : ''),
    statusFeedUrl: text(current?.values.statusFeedUrl) || (useFallback ? (fallback.statusFeedUrl ?? '') : ''),
    consent: consent === 'auto-approve-managed' || consent === 'never' ? consent : 'always-ask',
    managed: current ? current.entries.remoteLogConsent.source === 'managed' || text(current.values.managedByOrganization) !== '' : false,
  };
}

export function createSupportDesk(deps: {
  options: SupportDeskOptions | undefined;
  settings: SettingsService | undefined;
  dataDir: string;
  version: string;
  secrets: SecretStore;
  clock: Clock;
  logger: Logger;
  evidence: SupportEvidence;
  connection: () => ConnectionState;
  emit: <E extends SupportEventName>(event: E, payload: EventPayload<E>) => void;
}): { service: SupportService; handlers: SupportHandlers } {
  const options = deps.options ?? {};
  const service = new SupportService({
    dataDir: deps.dataDir,
    secrets: deps.secrets,
    clock: deps.clock,
    logger: deps.logger,
    transport: options.transport ?? new NodeRelayTransport(),
    config: () => supportConfigFrom(deps.settings, options.fallback),
    device: { name: os.hostname() || 'Roamdesk device', platform: process.platform, appVersion: deps.version },
    evidence: deps.evidence,
    connection: deps.connection,
    emit: deps.emit,
    ...(options.hotlines ? { hotlines: options.hotlines } : {}),
    ...(options.pollWaitSeconds !== undefined ? { pollWaitSeconds: options.pollWaitSeconds } : {}),
    ...(options.statusEveryMs !== undefined ? { statusEveryMs: options.statusEveryMs } : {}),
    ...(options.upload ? { upload: options.upload } : {}),
    background: options.background ?? false,
  });
  const handlers: SupportHandlers = {
    'support.state': async () => service.state(),
    'support.activate': async ({ username, password }) => service.activate({ username, password }),
    'support.cases.list': async () => service.listCases(),
    'support.cases.create': async (request) =>
      service.createCase({
        subject: request.subject,
        description: request.description,
        steps: request.steps,
        category: request.category,
        severity: request.severity,
        ...(request.phoneCall !== undefined ? { phoneCall: request.phoneCall } : {}),
        ...(request.bundleId !== undefined ? { bundleId: request.bundleId } : {}),
      }),
    'support.cases.get': async ({ caseId }) => service.getCase(caseId),
    'support.cases.escalate': async ({ caseId, ...escalation }) => service.escalate(caseId, escalation),
    'support.cases.rate': async ({ caseId, score, comment }) => service.rate(caseId, score, comment),
    'support.requests.list': async () => service.requests(),
    'support.requests.answer': async ({ requestId, approve, bundleId, reason }) =>
      service.answer(requestId, approve, { ...(bundleId !== undefined ? { bundleId } : {}), ...(reason !== undefined ? { reason } : {}) }),
    'support.status': async ({ refresh }) => service.status(refresh ?? false),
  };
  return { service, handlers };
}
