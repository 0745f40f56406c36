import { useEffect, useRef, useState } from 'react';
import type { AppInfo, RoamdeskBridge, SettingsView } from '../../../preload/contract.js';
import { httpsUrl } from '../links.js';

function valueOf(view: SettingsView, key: string): unknown {
  return view.settings.find((setting) => setting.key === key)?.value;
}

/**
 * About Roamdesk: version, host, platform, where the data and logs are, and whether an
 * organisation manages this device — who, their caption and link, how many settings are
 * locked, and every policy value that was rejected. Follows live policy changes.
 */
export function AboutBox({ bridge, info, onClose, onProblem }: { bridge: RoamdeskBridge; info: AppInfo | null; onClose: () => void; onProblem: (error: unknown) => void }) {
  const [view, setView] = useState<SettingsView | null>(null);
  const closeButton = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    bridge.invoke('settings.get', {}).then(setView, onProblem);
    return bridge.on('settings.changed', setView);
  }, [bridge, onProblem]);

  useEffect(() => {
    closeButton.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const locked = view ? view.settings.filter((setting) => setting.locked).length : 0;
  const caption = view ? valueOf(view, 'managedByCaption') : undefined;
  const rawUrl = view ? valueOf(view, 'managedByUrl') : undefined;
  const link = httpsUrl(rawUrl);
  const managed = view !== null && (view.managedBy !== null || locked > 0 || view.rejected.some((message) => message.startsWith('policy value rejected')));

  return (
    <div className="about-backdrop" onClick={onClose}>
      <section role="dialog" aria-modal="true" aria-labelledby="about-title" className="card about" data-testid="about" onClick={(event) => event.stopPropagation()}>
        <h2 id="about-title">About Roamdesk</h2>
        {info && (
          <dl className="about-facts">
            <dt>Version</dt>
            <dd data-testid="about-version">{info.version}</dd>
            <dt>Host</dt>
            <dd data-testid="about-host">{info.host === 'electron' ? 'desktop app (Electron)' : 'Node host (roamdesk serve)'}</dd>
            <dt>Platform</dt>
            <dd>
              {info.platform} · Wi-Fi {info.simulated ? 'simulated' : info.wifiDriver}
            </dd>
            <dt>Data</dt>
            <dd data-testid="about-data-dir">
              <code>{info.dataDir}</code>
            </dd>
            <dt>Logs</dt>
            <dd data-testid="about-log-dir">
              <code>{info.logDir}</code>
            </dd>
          </dl>
        )}
        {view && (
          <div className="about-managed" data-testid="about-managed" data-managed={managed ? 'true' : 'false'}>
            {managed ? (
              <>
                <p className="about-managed-by">
                  <strong>{view.managedBy ? `Managed by ${view.managedBy}` : 'Managed by your organisation'}</strong>
                </p>
                {typeof caption === 'string' && caption !== '' && <p data-testid="about-caption">{caption}</p>}
                {link && (
                  <p>
                    <a href={link} target="_blank" rel="noopener noreferrer" data-testid="about-link">
                      {link}
                    </a>
                  </p>
                )}
                <p data-testid="about-locked">
                  {locked} {locked === 1 ? 'setting is' : 'settings are'} locked by policy.
                </p>
              </>
            ) : (
              <p className="muted">This device is not managed by an organisation.</p>
            )}
            {view.rejected.length > 0 && (
              <ul className="failure about-rejected" data-testid="about-rejected">
                {view.rejected.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        <button type="button" ref={closeButton} onClick={onClose}>
          Close
        </button>
      </section>
    </div>
  );
}
