import { useCallback, useEffect, useState } from 'react';
import type { RoamdeskBridge, SupportCaseList, SupportCaseView } from '../../../preload/contract.js';

/**
 * The person's support cases: status, the SLA clock's due time, the agents' replies, a
 * written escalation (the guide's five parts) and, once resolved, the 1–5 rating. Cases still
 * in the offline queue are listed too.
 */
export function CasesPanel({ bridge, onProblem }: { bridge: RoamdeskBridge; onProblem: (error: unknown) => void }) {
  const [list, setList] = useState<SupportCaseList | null>(null);
  const [loading, setLoading] = useState(false);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setList(await bridge.invoke('support.cases.list', {}));
    } catch (error) {
      onProblem(error);
    } finally {
      setLoading(false);
    }
  }, [bridge, onProblem]);

  useEffect(() => {
    void load();
    return bridge.on('support.changed', () => void load());
  }, [bridge, load]);

  const replace = useCallback((updated: SupportCaseView) => setList((current) => (current ? { ...current, cases: current.cases.map((c) => (c.id === updated.id ? updated : c)) } : current)), []);

  return (
    <section className="card cases" aria-labelledby="cases-title" data-testid="cases">
      <div className="section-head">
        <h2 id="cases-title">Your support cases</h2>
        <button type="button" onClick={() => void load()} disabled={loading}>
          Refresh cases
        </button>
      </div>
      {list?.offline && <p className="muted" data-testid="cases-offline">{list.offline.message} {list.offline.hint ?? ''}</p>}
      {list && list.cases.length === 0 && list.queued.length === 0 && <p className="muted">No cases yet.</p>}
      <ul className="case-list">
        {list?.queued.map((q) => (
          <li key={q.key} className="case" data-testid="queued-case" data-state={q.state}>
            <strong>{q.subject}</strong> <span className="bucket">waiting to be sent</span>
            {q.lastError && <span className="muted"> ({q.lastError.message})</span>}
          </li>
        ))}
        {list?.cases.map((c) => <CaseRow key={c.id} bridge={bridge} item={c} onUpdated={replace} onProblem={onProblem} />)}
      </ul>
    </section>
  );
}

function CaseRow({ bridge, item, onUpdated, onProblem }: { bridge: RoamdeskBridge; item: SupportCaseView; onUpdated: (c: SupportCaseView) => void; onProblem: (error: unknown) => void }) {
  const [escalating, setEscalating] = useState(false);
  const [form, setForm] = useState({ description: '', progress: '', impact: '', reason: '' });
  const [escalated, setEscalated] = useState<boolean | null>(null);
  const overdue = item.dueAt !== null && Date.parse(item.dueAt) < Date.now() && item.replies.length === 0;

  const escalate = useCallback(async () => {
    try {
      const result = await bridge.invoke('support.cases.escalate', { caseId: item.id, caseNumbers: item.number ? [item.number] : [], ...form });
      setEscalated(result.deliveredToTicket);
      setEscalating(false);
    } catch (error) {
      onProblem(error);
    }
  }, [bridge, form, item.id, item.number, onProblem]);

  const rate = useCallback(
    async (score: number) => {
      try {
        onUpdated(await bridge.invoke('support.cases.rate', { caseId: item.id, score }));
      } catch (error) {
        onProblem(error);
      }
    },
    [bridge, item.id, onProblem, onUpdated],
  );

  return (
    <li className="case" data-testid="case" data-case-id={item.id} data-case-number={item.number ?? ''} data-status={item.status}>
      <div className="ranked-head">
        <strong>
          {item.number ? `#${item.number} ` : ''}
          {item.subject}
        </strong>
        <span className="bucket" data-testid="case-status">
          {item.status}
        </span>
        <span className="muted">{item.severity}</span>
      </div>
      {item.dueAt && (
        <p className={overdue ? 'muted overdue' : 'muted'} data-testid="case-sla">
          First reply due by <time dateTime={item.dueAt}>{new Date(item.dueAt).toLocaleString()}</time>
          {overdue ? ' — overdue' : ''}
        </p>
      )}
      {item.replies.length > 0 && (
        <ol className="replies" aria-label={`Replies on case ${item.number ?? item.id}`}>
          {item.replies.map((r) => (
            <li key={r.id} data-testid="case-reply">
              <strong>{r.author}</strong>: <span className="reply-body">{r.body}</span>
            </li>
          ))}
        </ol>
      )}
      {item.canRate && (
        <div role="group" aria-label="Rate how support handled this case" data-testid="case-rating">
          How did we do?{' '}
          {[1, 2, 3, 4, 5].map((score) => (
            <button key={score} type="button" onClick={() => void rate(score)} aria-label={`Rate ${score} of 5`}>
              {score}
            </button>
          ))}
        </div>
      )}
      {item.rating !== null && <p className="muted">You rated this case {item.rating}/5.</p>}
      {escalated !== null && <p role="status">{escalated ? 'The escalation was added to the case.' : 'The escalation was recorded; the support desk will add it to the case.'}</p>}
      {item.status !== 'resolved' && item.status !== 'closed' && !escalating && (
        <button type="button" onClick={() => setEscalating(true)}>
          Escalate…
        </button>
      )}
      {escalating && (
        <form
          className="escalation"
          aria-label={`Escalate case ${item.number ?? item.id}`}
          onSubmit={(event) => {
            event.preventDefault();
            void escalate();
          }}
        >
          {(
            [
              ['description', 'Description of the problem'],
              ['progress', 'Progress so far'],
              ['impact', 'Impact on your work'],
              ['reason', 'Reason for escalating'],
            ] as const
          ).map(([key, label]) => (
            <label key={key} className="field">
              {label} <textarea rows={2} value={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.value })} required />
            </label>
          ))}
          <button type="submit" className="primary" disabled={Object.values(form).some((v) => !v.trim())}>
            Send escalation
          </button>{' '}
          <button type="button" onClick={() => setEscalating(false)}>
            Cancel
          </button>
        </form>
      )}
    </li>
  );
}
