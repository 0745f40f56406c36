import { useCallback, useEffect, useState } from 'react';
import type { RoamdeskBridge, SupportRequestView } from '../../../preload/contract.js';
import { formatBytes } from '../format.js';
import { BundleReview } from './BundleReview.js';
import { useBundlePreview } from './useBundlePreview.js';

/**
 * An agent asked this device for its logs: who asked, for which case, why, until when; the
 * person previews exactly what would be sent, then approves or declines. Requests that
 * managed policy answered are shown too (the person is always told), with the history of
 * requests and answers, including the SHA-256 of each bundle sent.
 */
export function LogRequestDialog({ bridge, onProblem }: { bridge: RoamdeskBridge; onProblem: (error: unknown) => void }) {
  const [pending, setPending] = useState<SupportRequestView[]>([]);
  const [history, setHistory] = useState<SupportRequestView[]>([]);
  const [told, setTold] = useState<SupportRequestView | null>(null);

  const load = useCallback(async () => {
    try {
      const list = await bridge.invoke('support.requests.list', {});
      setPending(list.pending);
      setHistory(list.history);
    } catch (error) {
      onProblem(error);
    }
  }, [bridge, onProblem]);

  useEffect(() => {
    void load();
    const off = [
      bridge.on('support.requestReceived', (request) => {
        if (request.answeredBy === 'policy') setTold(request);
        void load();
      }),
      bridge.on('support.changed', () => void load()),
    ];
    return () => off.forEach((unsubscribe) => unsubscribe());
  }, [bridge, load]);

  return (
    <>
      {pending.map((request) => (
        <PendingRequest key={request.id} bridge={bridge} request={request} onAnswered={() => void load()} onProblem={onProblem} />
      ))}
      {told && (
        <div role="status" className="card log-request-told" data-testid="log-request-policy" data-request-id={told.id} data-state={told.state}>
          {told.state === 'approved'
            ? `${told.requestedBy} asked for this device’s logs (case ${told.caseNumber ?? told.caseId}); your organisation’s policy sent them automatically.`
            : `${told.requestedBy} asked for this device’s logs (case ${told.caseNumber ?? told.caseId}); your organisation’s policy declined.`}{' '}
          <button type="button" onClick={() => setTold(null)}>
            OK
          </button>
        </div>
      )}
      {history.length > 0 && (
        <section className="card" aria-labelledby="log-requests-title" data-testid="log-request-history">
          <h2 id="log-requests-title">Log requests from support</h2>
          <ul className="case-list">
            {history.map((r) => (
              <li key={r.id} data-request-id={r.id} data-state={r.state}>
                <strong>{r.requestedBy}</strong> for case {r.caseNumber ?? r.caseId}: {r.state}
                {r.answeredBy === 'policy' ? ' (by policy)' : ''}
                {r.answeredAt ? ` ${new Date(r.answeredAt).toLocaleString()}` : ''}
                {r.sha256 && (
                  <div className="muted">
                    Sent {r.bytes !== null ? formatBytes(r.bytes) : ''} · SHA-256 <code data-testid="request-sha256">{r.sha256}</code>
                  </div>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

function PendingRequest({ bridge, request, onAnswered, onProblem }: { bridge: RoamdeskBridge; request: SupportRequestView; onAnswered: () => void; onProblem: (error: unknown) => void }) {
  const [busy, setBusy] = useState(false);
  const { preview, setPreview, reviewed, setReviewed, prepare: showPreview } = useBundlePreview(bridge, onProblem, setBusy);
  const [progress, setProgress] = useState<{ step: number; total: number } | null>(null);

  useEffect(() => bridge.on('support.uploadProgress', setProgress), [bridge]);

  const answer = useCallback(
    async (approve: boolean) => {
      setBusy(true);
      try {
        await bridge.invoke('support.requests.answer', { requestId: request.id, approve, ...(approve && preview ? { bundleId: preview.bundleId } : {}) });
        onAnswered();
      } catch (error) {
        onProblem(error);
        onAnswered();
      } finally {
        setBusy(false);
      }
    },
    [bridge, onAnswered, onProblem, preview, request.id],
  );

  return (
    <section role="alertdialog" aria-labelledby={`request-${request.id}-title`} className="card log-request" data-testid="log-request" data-request-id={request.id} data-case-id={request.caseId}>
      <h2 id={`request-${request.id}-title`}>Support asks for this device’s logs</h2>
      <dl className="about-facts">
        <dt>Who asked</dt>
        <dd data-testid="request-who">{request.requestedBy}</dd>
        <dt>For case</dt>
        <dd data-testid="request-case">{request.caseNumber ?? request.caseId}</dd>
        <dt>Why</dt>
        <dd>{request.reason}</dd>
        <dt>Expires</dt>
        <dd>{request.expiresAt ? <time dateTime={request.expiresAt}>{new Date(request.expiresAt).toLocaleString()}</time> : 'not said'}</dd>
      </dl>
      {request.problem && <p className="problem">{request.problem.message}</p>}
      {preview ? (
        <BundleReview bridge={bridge} preview={preview} onChange={setPreview} reviewed={reviewed} onReviewed={setReviewed} onProblem={onProblem} testId="request-bundle-preview" />
      ) : (
        <p className="muted">What would be sent: the app’s logs, the connection state and the last diagnostics, with secrets removed. Preview it first.</p>
      )}
      {busy && progress && <progress max={progress.total} value={progress.step} aria-label="Upload progress" />}
      <p>
        {!preview && (
          <button type="button" onClick={() => void showPreview()} disabled={busy}>
            Preview
          </button>
        )}{' '}
        <button type="button" className="primary" onClick={() => void answer(true)} disabled={busy || !preview || !reviewed || !preview.fits}>
          Approve and send
        </button>{' '}
        <button type="button" onClick={() => void answer(false)} disabled={busy}>
          Decline
        </button>
      </p>
    </section>
  );
}
