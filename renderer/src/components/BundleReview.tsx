import { useCallback, useState } from 'react';
import { formatBytes } from '../format.js';
import type { BundlePreviewView, RoamdeskBridge } from '../../../preload/contract.js';
import { BundleItemList, type BundleItemText } from './BundleItemList.js';

/**
 * A prepared log bundle, reviewed before it leaves the device: every item with its size and
 * redactions, each viewable exactly as it will be sent and removable, and the consent box.
 * Used by "Get help" and the remote log request dialog (the Diagnostics panel keeps its own).
 */
export function BundleReview({
  bridge,
  preview,
  onChange,
  reviewed,
  onReviewed,
  onProblem,
  testId,
}: {
  bridge: RoamdeskBridge;
  preview: BundlePreviewView;
  onChange: (preview: BundlePreviewView) => void;
  reviewed: boolean;
  onReviewed: (reviewed: boolean) => void;
  onProblem: (error: unknown) => void;
  testId: string;
}) {
  const [viewing, setViewing] = useState<BundleItemText | null>(null);
  const view = useCallback(
    async (name: string) => {
      try {
        setViewing(await bridge.invoke('bundle.item', { bundleId: preview.bundleId, name }));
      } catch (error) {
        onProblem(error);
      }
    },
    [bridge, onProblem, preview.bundleId],
  );
  const remove = useCallback(
    async (name: string) => {
      try {
        onChange(await bridge.invoke('bundle.remove', { bundleId: preview.bundleId, name }));
        if (viewing?.name === name) setViewing(null);
      } catch (error) {
        onProblem(error);
      }
    },
    [bridge, onChange, onProblem, preview.bundleId, viewing],
  );
  return (
    <div data-testid={testId} data-bundle-id={preview.bundleId}>
      <p>
        Log bundle: {formatBytes(preview.contentBytes)}{' '}
        <span className="muted">(secrets removed, names and addresses masked: {preview.level})</span>
      </p>
      <BundleItemList items={preview.items} viewing={viewing} onView={(name) => void view(name)} onRemove={(name) => void remove(name)} nameViewButtons />
      {!preview.fits && <p className="problem">The bundle is larger than the size cap; remove something first.</p>}
      <label>
        <input type="checkbox" checked={reviewed} onChange={(event) => onReviewed(event.target.checked)} /> I have looked at what the bundle holds and agree to send it
      </label>
    </div>
  );
}
