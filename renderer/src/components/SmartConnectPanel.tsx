import type { ConnectionState, SelectionResult } from '../../../preload/contract.js';

const BUCKET_LABEL: Record<SelectionResult['ranked'][number]['bucket'], string> = {
  preferred: 'Preferred provider',
  habitual: 'You use it',
  partner: 'Partner hotspot',
  other: 'Other',
};

interface Props {
  selection: SelectionResult | null;
  connection: ConnectionState | null;
  onConnectBest: () => void;
}

/**
 * SmartConnect: the selector's ranked list, the decision in one sentence, and for every
 * network "why" — its score broken into parts — or why it was skipped.
 */
export function SmartConnectPanel({ selection, connection, onConnectBest }: Props) {
  const busy = connection?.phase === 'connecting' || connection?.phase === 'disconnecting';
  const best = selection?.ranked[0];
  return (
    <section className="card smart" aria-labelledby="smart-title" data-testid="smart-connect">
      <div className="section-head">
        <h2 id="smart-title">Best network here</h2>
        <button type="button" onClick={onConnectBest} disabled={busy || !best} aria-describedby="smart-decision">
          {best ? `Connect to best (${best.ssid || 'hidden'})` : 'Connect to best'}
        </button>
      </div>
      {!selection && <p aria-busy="true">Ranking…</p>}
      {selection && (
        <p id="smart-decision" className="decision" data-testid="decision" data-action={selection.decision.action} data-code={selection.decision.code}>
          {selection.decision.reason}
          {selection.decision.deviceSuspect && <strong> Every network tried recently failed: this device may be the problem.</strong>}
        </p>
      )}
      {selection && selection.ranked.length > 0 && (
        <ol className="ranked-list" aria-label="Networks ranked best first">
          {selection.ranked.map((network, index) => (
            <li key={network.bssid} className="ranked" data-testid="ranked" data-bssid={network.bssid} data-bucket={network.bucket}>
              <div className="ranked-head">
                <span className="rank">{index + 1}.</span>
                <span className="ssid">{network.ssid || '(hidden network)'}</span>
                <span className="muted">{network.bssid}</span>
                <span className={`bucket bucket-${network.bucket}`}>{BUCKET_LABEL[network.bucket]}</span>
                {network.manual && <span className="bucket">Your choice</span>}
                <span className="score" aria-label={`Score ${network.score.toFixed(1)}`}>{network.score.toFixed(1)}</span>
              </div>
              <details>
                <summary>
                  Why: {Math.round(network.successRate * 100)} % expected to connect
                  {network.successEvidence > 0 ? ` (from ${Math.round(network.successEvidence)} attempts)` : ' (no history yet)'}
                </summary>
                <table className="terms">
                  <caption className="sr-only">Score of {network.ssid} by part</caption>
                  <tbody>
                    {network.terms.map((term) => (
                      <tr key={term.name} data-term={term.name}>
                        <th scope="row">{term.name}</th>
                        <td className="term-value">{term.value >= 0 ? '+' : ''}{term.value.toFixed(1)}</td>
                        <td className="muted">{term.detail}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </details>
            </li>
          ))}
        </ol>
      )}
      {selection && selection.ranked.length === 0 && <p>No network in range can be joined.</p>}
      {selection && selection.skipped.length > 0 && (
        <details className="skipped">
          <summary>Skipped ({selection.skipped.length})</summary>
          <ul aria-label="Networks skipped, with the reason">
            {selection.skipped.map((network) => (
              <li key={network.bssid} data-testid="skipped" data-bssid={network.bssid} data-code={network.code}>
                <span className="ssid">{network.ssid || '(hidden network)'}</span> <span className="muted">{network.bssid}</span>: {network.reason}{' '}
                <span className="code">({network.code})</span>
              </li>
            ))}
          </ul>
        </details>
      )}
    </section>
  );
}
