import { useCallback, useEffect, useState } from 'react';
import type { RoamdeskBridge, SettingsView } from '../../../preload/contract.js';

/** The settings a person changes here; the rest are IT's (they show in `roamdesk policy show`). */
const SHOWN = ['autoConnect', 'crowdQualitySharing', 'redactionLevel', 'logLevel', 'remoteLogConsent', 'retentionMonths', 'updateChannel'];

/**
 * Settings, with what IT manages shown as such: a locked setting is disabled and says who
 * manages it and why; a managed value that was rejected is listed, never silently applied.
 */
export function SettingsPanel({ bridge, onProblem }: { bridge: RoamdeskBridge; onProblem: (error: unknown) => void }) {
  const [view, setView] = useState<SettingsView | null>(null);

  useEffect(() => {
    bridge.invoke('settings.get', {}).then(setView, onProblem);
    return bridge.on('settings.changed', setView);
  }, [bridge, onProblem]);

  const set = useCallback(
    async (key: string, value: boolean | string | number) => {
      try {
        setView(await bridge.invoke('settings.set', { key, value }));
      } catch (error) {
        onProblem(error);
      }
    },
    [bridge, onProblem],
  );

  if (!view) return null;
  const shown = view.settings.filter((s) => SHOWN.includes(s.key));
  return (
    <section className="card settings" aria-labelledby="settings-title" data-testid="settings">
      <h2 id="settings-title">Settings</h2>
      {view.managedBy && <p className="muted" data-testid="managed-by">Some settings are managed by {view.managedBy}.</p>}
      <ul className="providers">
        {shown.map((setting) => (
          <li key={setting.key} data-setting={setting.key} data-locked={setting.locked ? 'true' : 'false'}>
            <label title={setting.description}>
              {typeof setting.value === 'boolean' ? (
                <input type="checkbox" checked={setting.value} disabled={setting.locked} onChange={(event) => void set(setting.key, event.target.checked)} />
              ) : null}{' '}
              {setting.key}
              {typeof setting.value !== 'boolean' && <span className="muted">: {String(setting.value)}</span>}
            </label>
            {setting.locked && (
              <div className="muted" data-testid="locked-reason">
                🔒 Managed by {setting.managedBy ?? 'your organisation'}. {setting.reason}
              </div>
            )}
          </li>
        ))}
      </ul>
      {view.rejected.length > 0 && (
        <div role="alert" className="failure" data-testid="policy-rejected">
          {view.rejected.map((message) => (
            <p key={message}>{message}</p>
          ))}
        </div>
      )}
    </section>
  );
}
