import type { ConnectionState, StageEntry } from '../../../preload/contract.js';
import { PortalPanel } from './PortalPanel.js';

const PHASE_TITLE: Record<ConnectionState['phase'], string> = {
  idle: 'Not connected',
  connecting: 'Connecting…',
  'sign-in-required': 'Sign in to continue',
  online: 'Online',
  failed: 'Connection failed',
  disconnecting: 'Disconnecting…',
};

const STAGE_LABEL: Record<StageEntry['stage'], string> = {
  associate: 'Associating with the access point',
  authenticate: 'Authenticating',
  verify: 'Verifying internet access',
  'sign-in': 'Signing in to the hotspot',
};

const STATUS_MARK: Record<StageEntry['status'], string> = { running: '…', succeeded: '✓', failed: '✗', cancelled: '–' };

export function ConnectionCard({ state, onDisconnect, onRecheck }: { state: ConnectionState | null; onDisconnect: () => void; onRecheck: () => void }) {
  if (!state) return <section className="card" aria-busy="true" aria-label="Current connection">Loading…</section>;
  const busy = state.phase === 'connecting' || state.phase === 'disconnecting';
  return (
    <section className={`card connection phase-${state.phase}`} aria-labelledby="connection-title" data-testid="connection-card" data-phase={state.phase} data-attempt={state.attemptId ?? ""}>
      <h2 id="connection-title" aria-live="polite">
        {PHASE_TITLE[state.phase]}
      </h2>
      {state.network && (
        <p className="network-name">
          {state.network.ssid} <span className="muted">{state.network.bssid}</span>
          {state.network.provider && <span className="provider"> · {state.network.provider.name}</span>}
        </p>
      )}
      {state.timeline.length > 0 && (
        <ol className="stages" aria-label="Connection stages">
          {state.timeline.map((stage, index) => (
            <li key={index} className={`stage stage-${stage.status}`} data-stage={stage.stage} data-status={stage.status}>
              <span aria-hidden="true" className="mark">
                {STATUS_MARK[stage.status]}
              </span>
              <span className="label">{STAGE_LABEL[stage.stage]}</span>
              <span className="sr-only">: {stage.status}</span>
              {stage.durationMs !== undefined && <span className="muted"> {stage.durationMs} ms</span>}
              {stage.detail && (stage.status === 'failed' || stage.stage === 'sign-in') && <div className="detail">{stage.detail}</div>}
            </li>
          ))}
        </ol>
      )}
      {state.error && state.phase === 'failed' && (
        <div className="failure" role="alert" data-testid="failure-reason">
          <strong>{state.error.message}</strong>
          {state.error.hint && <p>{state.error.hint}</p>}
          <p className="code">Error code: {state.error.code}</p>
        </div>
      )}
      {state.portal && (state.phase === 'online' || state.phase === 'sign-in-required') && <PortalPanel portal={state.portal} waiting={state.phase === 'sign-in-required'} onRecheck={onRecheck} />}
      {(state.phase === 'online' || state.phase === 'connecting' || state.phase === 'sign-in-required') && (
        <button type="button" onClick={onDisconnect} disabled={busy && state.phase !== 'connecting'}>
          {state.phase === 'online' ? 'Disconnect' : 'Cancel'}
        </button>
      )}
    </section>
  );
}
