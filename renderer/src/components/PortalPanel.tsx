import { formatBytes } from '../format.js';
import type { PortalView } from '../../../preload/contract.js';

const KIND_LABEL: Record<PortalView['kind'], string> = {
  wispr: 'Signed in automatically (WISPr)',
  capport: 'Captive portal (RFC 8908)',
  web: 'Sign-in page',
};


function formatDuration(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes >= 60) return `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  if (minutes >= 1) return `${minutes} min`;
  return `${Math.max(0, Math.round(seconds))} s`;
}

/**
 * The network's captive portal: what Roamdesk did about it, the session budget an RFC 8908
 * network states, and — when a person must act — the sign-in page to open; Roamdesk notices
 * the sign-in by probing again ("I have signed in" probes at once).
 */
export function PortalPanel({ portal, waiting, onRecheck }: { portal: PortalView; waiting: boolean; onRecheck: () => void }) {
  return (
    <div className="portal" data-testid="portal-panel" data-kind={portal.kind} data-waiting={waiting ? 'true' : 'false'}>
      <p className="portal-kind">{waiting ? 'This network needs you to sign in on its page.' : KIND_LABEL[portal.kind]}</p>
      {waiting && portal.openUrl && (
        <p className="portal-actions">
          <a className="button primary" href={portal.openUrl} target="_blank" rel="noopener noreferrer" data-testid="open-sign-in">
            Open sign-in page
          </a>{' '}
          <button type="button" onClick={onRecheck} data-testid="recheck">
            I have signed in
          </button>
        </p>
      )}
      {waiting && <p className="muted">Roamdesk checks every few seconds and goes online as soon as the page lets you through.</p>}
      {portal.replyMessage && <p className="muted">The hotspot said: “{portal.replyMessage}”</p>}
      {(portal.secondsRemaining !== null || portal.bytesRemaining !== null) && (
        <p className={portal.expiringSoon ? 'portal-budget warning' : 'portal-budget'} data-testid="portal-budget" role={portal.expiringSoon ? 'alert' : undefined}>
          {portal.secondsRemaining !== null && <>Session: {formatDuration(portal.secondsRemaining)} left</>}
          {portal.secondsRemaining !== null && portal.bytesRemaining !== null && ' · '}
          {portal.bytesRemaining !== null && <>{formatBytes(portal.bytesRemaining)} left</>}
          {portal.expiringSoon && <> — the session ends soon{portal.canExtend ? '; the venue lets you extend it on its page.' : '.'}</>}
        </p>
      )}
      {!waiting && portal.canExtend && portal.openUrl && (
        <p>
          <a href={portal.openUrl} target="_blank" rel="noopener noreferrer" data-testid="extend-session">
            Extend the session on the venue’s page
          </a>
        </p>
      )}
      {portal.venueInfoUrl && (
        <p>
          <a href={portal.venueInfoUrl} target="_blank" rel="noopener noreferrer">
            About this venue
          </a>
        </p>
      )}
    </div>
  );
}
