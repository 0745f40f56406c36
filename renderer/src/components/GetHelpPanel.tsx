import { useCallback, useEffect, useState } from 'react';
import type { Progress, RoamdeskBridge, SupportCaseCreated, SupportStateView, SupportStatusView } from '../../../preload/contract.js';
import { BundleReview } from './BundleReview.js';
import { ProgressBar } from './ProgressBar.js';
import { useBundlePreview } from './useBundlePreview.js';

const CATEGORIES: Array<[SupportStateView['prefill']['category'], string]> = [
  ['connection', 'Cannot connect'],
  ['sign-in', 'Sign-in (Wi-Fi password, provider login)'],
  ['captive-portal', 'Hotspot sign-in page'],
  ['enterprise-wifi', 'Company (802.1X) Wi-Fi'],
  ['no-internet', 'Connected, but no internet'],
  ['wifi-adapter', 'This device’s Wi-Fi'],
  ['performance', 'Slow or unstable'],
  ['account', 'Account'],
  ['other', 'Something else'],
];

/**
 * "Get help": the service status first (a known issue may already explain it), then a case
 * pre-filled from the last failure — category, severity with the support guide's words (and
 * for Severity 1 the hotline numbers and the instruction to call), what happened, steps — with
 * the log bundle previewed and consented to, an upload progress bar, and the case number and
 * "expect a reply by …" — or, offline, that it waits in the queue.
 */
export function GetHelpPanel({ bridge, onProblem }: { bridge: RoamdeskBridge; onProblem: (error: unknown) => void }) {
  const [state, setState] = useState<SupportStateView | null>(null);
  const [status, setStatus] = useState<SupportStatusView | null>(null);
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [steps, setSteps] = useState('');
  const [category, setCategory] = useState<SupportStateView['prefill']['category']>('other');
  const [severity, setSeverity] = useState<SupportStateView['prefill']['severity']>('end-user');
  const [phoneCall, setPhoneCall] = useState(false);
  const [filled, setFilled] = useState(false);
  const [busy, setBusy] = useState(false);
  const { preview, setPreview, reviewed, setReviewed, prepare: prepareBundle } = useBundlePreview(bridge, onProblem, setBusy);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [result, setResult] = useState<SupportCaseCreated | null>(null);
  const [account, setAccount] = useState({ username: '', password: '' });

  const fill = useCallback((view: SupportStateView) => {
    setSubject(view.prefill.subject);
    setDescription(view.prefill.description);
    setCategory(view.prefill.category);
    setSeverity(view.prefill.severity);
    setFilled(true);
  }, []);

  useEffect(() => {
    bridge.invoke('support.state', {}).then((view) => {
      setState(view);
      fill(view);
    }, onProblem);
    bridge.invoke('support.status', {}).then(setStatus, () => undefined);
    const off = [bridge.on('support.changed', setState), bridge.on('support.statusChanged', setStatus), bridge.on('support.uploadProgress', setProgress)];
    return () => off.forEach((unsubscribe) => unsubscribe());
  }, [bridge, fill, onProblem]);

  const file = useCallback(async () => {
    setBusy(true);
    setResult(null);
    setProgress(null);
    try {
      const created = await bridge.invoke('support.cases.create', {
        subject,
        description,
        steps,
        category,
        severity,
        ...(severity === 'sev1' ? { phoneCall } : {}),
        ...(preview && reviewed ? { bundleId: preview.bundleId } : {}),
      });
      setResult(created);
      setPreview(null);
      setReviewed(false);
    } catch (error) {
      onProblem(error);
    } finally {
      setBusy(false);
    }
  }, [bridge, category, description, onProblem, phoneCall, preview, reviewed, severity, steps, subject]);

  const activate = useCallback(async () => {
    try {
      setState(await bridge.invoke('support.activate', account));
      setAccount({ username: '', password: '' });
    } catch (error) {
      onProblem(error);
    }
  }, [account, bridge, onProblem]);

  if (!state) return null;
  const issue = status?.knownIssue ?? null;
  const guidance = state.severities.find((g) => g.severity === severity);
  return (
    <section className="card get-help" aria-labelledby="get-help-title" data-testid="get-help" data-activated={state.activated ? 'true' : 'false'} data-reachable={String(state.reachable)}>
      <h2 id="get-help-title">Get help</h2>
      {issue && (
        <div className="known-issue" role="status" data-testid="known-issue" data-level={issue.level}>
          <strong>Known issue: {issue.title}</strong>
          <p>{issue.message}</p>
          {issue.components.length > 0 && <p className="muted">Affected: {issue.components.join(', ')}</p>}
          {issue.link && (
            <a href={issue.link} target="_blank" rel="noreferrer noopener">
              Status page
            </a>
          )}
          {status?.fromCache && <p className="muted">From the last status we saw ({status.fetchedAt}); the status page cannot be reached now.</p>}
        </div>
      )}
      {!state.configured && <p className="muted">No support desk is configured on this device. Your IT department sets one.</p>}
      {state.configured && !state.activated && (
        <form
          className="credentials-form"
          aria-label="Activate this device"
          onSubmit={(event) => {
            event.preventDefault();
            void activate();
          }}
        >
          <p className="muted">This device is not registered with the support desk yet. Sign in once with the account IT gave you.</p>
          <label>
            User name <input value={account.username} onChange={(e) => setAccount({ ...account, username: e.target.value })} autoComplete="username" />
          </label>
          <label>
            Password <input type="password" value={account.password} onChange={(e) => setAccount({ ...account, password: e.target.value })} autoComplete="current-password" />
          </label>
          <button type="submit" disabled={!account.username || !account.password}>
            Activate
          </button>
        </form>
      )}
      {state.queued.length > 0 && (
        <p role="status" data-testid="queued-cases" data-count={state.queued.length}>
          {state.queued.length === 1 ? 'One case is' : `${state.queued.length} cases are`} waiting on this device and will be sent when the support desk can be reached.
        </p>
      )}
      {filled && (
        <form
          className="case-form"
          data-testid="case-form"
          onSubmit={(event) => {
            event.preventDefault();
            void file();
          }}
        >
          <label className="field">
            Category{' '}
            <select value={category} onChange={(e) => setCategory(e.target.value as typeof category)}>
              {CATEGORIES.map(([value, label]) => (
                <option key={value} value={value}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend>How bad is it?</legend>
            <p className="muted">{state.prefill.severityReason}</p>
            {state.severities.map((g) => (
              <label key={g.severity} className="severity" data-severity={g.severity}>
                <input type="radio" name="severity" value={g.severity} checked={severity === g.severity} onChange={() => setSeverity(g.severity)} /> <strong>{g.label}</strong>
                <span className="muted"> — {g.summary}</span>
              </label>
            ))}
            {guidance && (
              <p className="muted" data-testid="severity-target">
                {guidance.target} For example: {guidance.examples.join('; ')}.
              </p>
            )}
          </fieldset>
          {severity === 'sev1' && (
            <div className="hotlines" role="note" data-testid="hotlines">
              <strong>For Severity 1, call the support line now, then file this case.</strong>
              <ul>
                {state.hotlines.map((h) => (
                  <li key={h.region}>
                    {h.region}: <a href={`tel:${h.number.replace(/\s/g, '')}`}>{h.number}</a> <span className="muted">({h.hours})</span>
                  </li>
                ))}
              </ul>
              <label>
                <input type="checkbox" checked={phoneCall} onChange={(e) => setPhoneCall(e.target.checked)} /> I have called (or am calling) the support line
              </label>
            </div>
          )}
          <label className="field">
            Subject <input value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={200} required />
          </label>
          <label className="field">
            What happened <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={5} />
          </label>
          <label className="field">
            Steps to reproduce <textarea value={steps} onChange={(e) => setSteps(e.target.value)} rows={3} placeholder="1. … 2. …" />
          </label>
          {!preview ? (
            <button type="button" onClick={() => void prepareBundle()} disabled={busy}>
              Attach a log bundle…
            </button>
          ) : (
            <BundleReview bridge={bridge} preview={preview} onChange={setPreview} reviewed={reviewed} onReviewed={setReviewed} onProblem={onProblem} testId="help-bundle-preview" />
          )}
          <p>
            <button type="submit" className="primary" disabled={busy || !subject.trim() || !state.configured || (preview !== null && (!reviewed || !preview.fits))}>
              {preview ? 'File case with the bundle' : 'File case'}
            </button>
          </p>
        </form>
      )}
      {progress && busy && <ProgressBar progress={progress} label="Upload progress" testId="help-upload-progress" />}
      {result && (
        <div role="status" className={result.outcome === 'sent' ? 'case-result' : 'case-result queued'} data-testid="case-result" data-outcome={result.outcome} data-case-id={result.caseId ?? ''}>
          {result.outcome === 'sent' ? (
            <p>
              Case <strong data-testid="case-number">{result.caseNumber ?? result.caseId}</strong> was filed. Expect a reply by{' '}
              <time dateTime={result.dueAt} data-testid="case-due">
                {new Date(result.dueAt).toLocaleString()}
              </time>
              .
            </p>
          ) : (
            <p data-testid="case-queued">{result.message}</p>
          )}
          {result.bundle && (
            <p className="muted">
              Bundle SHA-256 <code data-testid="case-bundle-sha256">{result.bundle.sha256}</code>
            </p>
          )}
        </div>
      )}
    </section>
  );
}
