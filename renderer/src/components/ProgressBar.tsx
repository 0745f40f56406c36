import type { Progress } from '../../../preload/contract.js';

/** A long task's progress: the bar (named by `label` for screen readers) and the current step's words. */
export function ProgressBar({ progress, label, testId }: { progress: Progress; label: string; testId: string }) {
  return (
    <div className="progress">
      <progress max={progress.total} value={progress.step} aria-label={label} data-testid={testId} />
      <span className="muted"> {progress.label}</span>
    </div>
  );
}
