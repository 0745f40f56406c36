import type { BundlePreviewView, ResponseOf } from '../../../preload/contract.js';
import { formatBytes } from '../format.js';

export type BundleItemText = ResponseOf<'bundle.item'>;

/**
 * A log bundle's items (those not removed), each with its size and redactions and buttons to
 * view or remove it, then the item being viewed exactly as it will be sent.
 */
export function BundleItemList({
  items,
  viewing,
  onView,
  onRemove,
  markFit = false,
  nameViewButtons = false,
  textTestId,
}: {
  items: BundlePreviewView['items'];
  viewing: BundleItemText | null;
  onView: (name: string) => void;
  onRemove: (name: string) => void;
  /** Mark items trimmed or left out to fit the size cap (`data-status` and a note). */
  markFit?: boolean;
  /** Name each View button after its item ("View logs/app.log") for screen readers. */
  nameViewButtons?: boolean;
  /** `data-testid` of the viewed item's text. */
  textTestId?: string;
}) {
  return (
    <>
      <ul className="bundle-items">
        {items
          .filter((item) => item.status !== 'removed')
          .map((item) => (
            <li key={item.name} data-item={item.name} data-status={markFit ? item.status : undefined}>
              <code>{item.name}</code>{' '}
              <span className="muted">
                {formatBytes(item.bytes)}
                {item.redactions > 0 ? ` · ${item.redactions} redacted` : ''}
                {markFit && item.status === 'trimmed' ? ' · trimmed to fit' : ''}
                {markFit && item.status === 'omitted' ? ' · left out (size cap)' : ''}
              </span>{' '}
              <button type="button" onClick={() => onView(item.name)} aria-label={nameViewButtons ? `View ${item.name}` : undefined}>
                View
              </button>{' '}
              <button type="button" onClick={() => onRemove(item.name)} aria-label={`Remove ${item.name}`}>
                Remove
              </button>
            </li>
          ))}
      </ul>
      {viewing && (
        <div className="bundle-item-view">
          <p>
            <code>{viewing.name}</code> as it will be sent{viewing.truncated ? ' (first 64 kB)' : ''}:
          </p>
          <pre data-testid={textTestId}>{viewing.text}</pre>
        </div>
      )}
    </>
  );
}
