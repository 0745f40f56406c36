import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { EapProfileList, RoamdeskBridge } from '../../../preload/contract.js';

/**
 * Settings: the enterprise (802.1X) Wi-Fi profiles on this device. A profile is the
 * eap-config file the organisation publishes (eduroam CAT, geteduroam); Roamdesk refuses one
 * that does not say how to recognise the real server. The password goes to the secret store
 * and never comes back.
 */
export function EnterpriseWifi({ bridge, onProblem }: { bridge: RoamdeskBridge; onProblem: (error: unknown) => void }) {
  const [list, setList] = useState<EapProfileList | null>(null);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);

  useEffect(() => {
    bridge.invoke('eap.profiles.list', {}).then(setList, onProblem);
  }, [bridge, onProblem]);

  const install = useCallback(
    async (event: FormEvent<HTMLFormElement>) => {
      event.preventDefault();
      const form = event.currentTarget;
      const data = new FormData(form);
      const file = data.get('profile');
      setFormError(null);
      if (!(file instanceof File) || file.size === 0) {
        setFormError('Choose the Wi-Fi profile file (.eap-config) your organisation gave you.');
        return;
      }
      setBusy(true);
      try {
        const password = String(data.get('password') ?? '');
        setList(await bridge.invoke('eap.profiles.install', { eapConfig: await file.text(), username: String(data.get('username') ?? ''), ...(password ? { password } : {}) }));
        form.reset();
      } catch (error) {
        const e = error as { code?: string; message?: string };
        setFormError(`${e.message ?? String(error)}${e.code ? ` (${e.code})` : ''}`);
      } finally {
        setBusy(false);
      }
    },
    [bridge],
  );

  const remove = useCallback(
    async (id: string) => {
      try {
        setList(await bridge.invoke('eap.profiles.remove', { id }));
      } catch (error) {
        onProblem(error);
      }
    },
    [bridge, onProblem],
  );

  return (
    <section className="card enterprise-wifi" aria-labelledby="enterprise-wifi-title" data-testid="enterprise-wifi">
      <h2 id="enterprise-wifi-title">Enterprise Wi-Fi</h2>
      {list && list.profiles.length === 0 && <p className="muted">No enterprise profile is installed.</p>}
      {list && list.profiles.length > 0 && (
        <ul className="providers">
          {list.profiles.map((p) => (
            <li key={p.id} data-profile={p.id}>
              <strong>{p.name}</strong> <span className="muted">{p.ssids.join(', ')}</span>
              <div className="muted" data-testid="profile-details">
                {p.method} · server {p.serverNames.join(', ')} · {p.identity ?? 'no user name'}
                {p.hasPassword ? ' · password saved' : ''}
              </div>
              {p.reminders.map((r) => (
                <div key={r.label} role="alert" className="portal-budget warning" data-testid="expiry-reminder">
                  {r.daysLeft < 0 ? `${r.label} has expired.` : `${r.label} expires in ${r.daysLeft} day${r.daysLeft === 1 ? '' : 's'}.`}{' '}
                  {r.renewUrl && (
                    <a href={r.renewUrl} target="_blank" rel="noopener noreferrer">
                      Renew
                    </a>
                  )}
                </div>
              ))}
              {(p.helpdesk.emails.length > 0 || p.helpdesk.phones.length > 0) && (
                <div className="muted">Helpdesk: {[...p.helpdesk.emails, ...p.helpdesk.phones].join(' · ')}</div>
              )}
              <button type="button" onClick={() => void remove(p.id)}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="credentials-form" onSubmit={(event) => void install(event)} aria-label="Install a Wi-Fi profile">
        <label>
          Profile file
          <input name="profile" type="file" accept=".eap-config,.xml,application/eap-config,application/xml" />
        </label>
        <label>
          User name
          <input name="username" autoComplete="username" required maxLength={253} />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" maxLength={256} />
        </label>
        <button type="submit" disabled={busy}>
          Install
        </button>
      </form>
      {formError && (
        <p role="alert" className="failure" data-testid="eap-install-error">
          {formError}
        </p>
      )}
    </section>
  );
}
