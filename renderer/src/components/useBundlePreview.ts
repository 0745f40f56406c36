import { useCallback, useState } from 'react';
import type { BundlePreviewView, RoamdeskBridge } from '../../../preload/contract.js';

/**
 * A log bundle prepared for the person to review before it is sent: the preview, whether they
 * have reviewed it, and `prepare`, which asks for a fresh preview (busy meanwhile) and clears
 * the review.
 */
export function useBundlePreview(bridge: RoamdeskBridge, onProblem: (error: unknown) => void, setBusy: (busy: boolean) => void) {
  const [preview, setPreview] = useState<BundlePreviewView | null>(null);
  const [reviewed, setReviewed] = useState(false);
  const prepare = useCallback(async () => {
    setBusy(true);
    try {
      setPreview(await bridge.invoke('bundle.preview', {}));
      setReviewed(false);
    } catch (error) {
      onProblem(error);
    } finally {
      setBusy(false);
    }
  }, [bridge, onProblem, setBusy]);
  return { preview, setPreview, reviewed, setReviewed, prepare };
}
