import { useCallback, useEffect, useState } from 'react';
import { formatBytes } from '../format.js';
import type { BundlePreviewView, DiagnosticsView, Progress, RoamdeskBridge } from '../../../preload/contract.js';
import { BundleItemList, type BundleItemText } from './BundleItemList.js';
import { ProgressBar } from './ProgressBar.js';


const STATUS_MARK: Record<string, string> = { ok: '✓', failed: '✗', warning: '!', 'not-reached': '·', 'not-applicable': '–', 'in-progress': '…', unknown: '?' };

/**
 * Evidence without effort: run diagnostics (with a progress bar), read the connection
 * timeline by layer, then prepare a log bundle, look at every item exactly as it would be
 * sent, remove what should not go, and save it. Nothing leaves the device from here.
 */
export function EvidencePanel({ bridge, onProblem }: { bridge: RoamdeskBridge; onProblem: (error: unknown) => void }) {
  const [running, setRunning] = useState(false);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [report, setReport] = useState<DiagnosticsView | null>(null);
  const [preview, setPreview] = useState<BundlePreviewView | null>(null);
  const [viewing, setViewing] = useState<BundleItemText | null>(null);
  const [reviewed, setReviewed] = useState(false);
  const [saved, setSaved] = useState<{ path: string; sha256: string; bytes: number } | null>(null);

  useEffect(() => {
    const off = [bridge.on('diagnostics.progress', setProgress), bridge.on('bundle.progress', setProgress)];
    return () => off.forEach((unsubscribe) => unsubscribe());
  }, [bridge]);

  const collect = useCallback(async () => {
    setRunning(true);
    setSaved(null);
    setPreview(null);
    setViewing(null);
    setReviewed(false);
    setProgress({ step: 0, total: 6, label: 'Starting' });
    try {
      setReport(await bridge.invoke('diagnostics.run', { pingSeconds: 2 }));
      setProgress({ step: 0, total: 1, label: 'Preparing the log bundle' });
      setPreview(await bridge.invoke('bundle.preview', {}));
    } catch (error) {
      onProblem(error);
    } finally {
      setRunning(false);
      setProgress(null);
    }
  }, [bridge, onProblem]);

  const view = useCallback(
    async (name: string) => {
      if (!preview) return;
      try {
        setViewing(await bridge.invoke('bundle.item', { bundleId: preview.bundleId, name }));
      } catch (error) {
        onProblem(error);
      }
    },
    [bridge, onProblem, preview],
  );

  const remove = useCallback(
    async (name: string) => {
      if (!preview) return;
      try {
        setPreview(await bridge.invoke('bundle.remove', { bundleId: preview.bundleId, name }));
        if (viewing?.name === name) setViewing(null);
      } catch (error) {
        onProblem(error);
      }
    },
    [bridge, onProblem, preview, viewing],
  );

  const save = useCallback(async () => {
    if (!preview) return;
    setRunning(true);
    try {
      setSaved(await bridge.invoke('bundle.save', { bundleId: preview.bundleId }));
      setPreview(null);
    } catch (error) {
      onProblem(error);
    } finally {
      setRunning(false);
      setProgress(null);
    }
  }, [bridge, onProblem, preview]);

  return (
    <section className="card evidence" aria-labelledby="evidence-title" data-testid="evidence">
      <h2 id="evidence-title">Diagnostics</h2>
      <p className="muted">Checks every layer of the connection and prepares a log bundle you can inspect. Nothing is sent from here.</p>
      <button type="button" onClick={() => void collect()} disabled={running}>
        Collect diagnostics
      </button>
      {progress && running && <ProgressBar progress={progress} label="Diagnostics progress" testId="evidence-progress" />}
      {report && (
        <div data-testid="diagnostics-report" data-failing-layer={report.timeline.failingLayer ?? ''} data-verdict={report.timeline.verdict.code}>
          <p>
            <strong>{report.timeline.verdict.summary}</strong>
            {report.timeline.verdict.nextStep && <span> {report.timeline.verdict.nextStep}</span>}
          </p>
          <ol className="stages" aria-label="Connection layers">
            {report.timeline.layers.map((layer) => (
              <li key={layer.layer} data-layer={layer.layer} data-status={layer.status} className={layer.layer === report.timeline.failingLayer ? 'stage stage-failed' : 'stage'}>
                <span aria-hidden="true" className="mark">
                  {STATUS_MARK[layer.status] ?? '?'}
                </span>
                <span className="label">{layer.label}</span> <span className="muted">{layer.code}</span>
                {layer.layer === report.timeline.failingLayer && <div className="detail">{layer.detail}</div>}
              </li>
            ))}
          </ol>
        </div>
      )}
      {preview && (
        <div data-testid="bundle-preview">
          <h3>Log bundle: {formatBytes(preview.contentBytes)}</h3>
          <p className="muted">Secrets are removed and names, addresses and e-mails are masked ({preview.level}). Look at anything before you save it.</p>
          <BundleItemList items={preview.items} viewing={viewing} onView={(name) => void view(name)} onRemove={(name) => void remove(name)} markFit textTestId="bundle-item-text" />
          <label>
            <input type="checkbox" checked={reviewed} onChange={(event) => setReviewed(event.target.checked)} /> I have looked at what the bundle holds
          </label>{' '}
          <button type="button" className="primary" onClick={() => void save()} disabled={!reviewed || running || !preview.fits}>
            Save bundle
          </button>
        </div>
      )}
      {saved && (
        <p data-testid="bundle-saved" role="status">
          Saved {formatBytes(saved.bytes)} to <code>{saved.path}</code>
          <br />
          SHA-256 <code data-testid="bundle-sha256">{saved.sha256}</code>
        </p>
      )}
    </section>
  );
}
