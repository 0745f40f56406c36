import { type FormEvent, useCallback, useEffect, useState } from 'react';
import type { ProviderCredentialsList, RoamdeskBridge } from '../../../preload/contract.js';

/**
 * Settings: the user name and password Roamdesk signs in with at each provider's hotspots
 * (WISPr smart client). The password goes into the secret store and never comes back: the
 * list only says whether one is saved.
 */
export function SignInDetails({ bridge, onProblem }: { bridge: RoamdeskBridge; onProblem: (error: unknown) => void }) {
  const [list, setList] = useState<ProviderCredentialsList | null>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    bridge.invoke('portal.credentials.list', {}).then(setList, onProblem);
  }, [bridge, onProblem]);

  const save = useCallback(
    async (event: FormEvent<HTMLFormElement>, providerId: string) => {
      event.preventDefault();
      const form = new FormData(event.currentTarget);
      setSaving(true);
      try {
        setList(await bridge.invoke('portal.credentials.set', { providerId, username: String(form.get('username') ?? ''), password: String(form.get('password') ?? '') }));
        setEditing(null);
      } catch (error) {
        onProblem(error);
      } finally {
        setSaving(false);
      }
    },
    [bridge, onProblem],
  );

  const remove = useCallback(
    async (providerId: string) => {
      try {
        setList(await bridge.invoke('portal.credentials.delete', { providerId }));
      } catch (error) {
        onProblem(error);
      }
    },
    [bridge, onProblem],
  );

  return (
    <section className="card sign-in-details" aria-labelledby="sign-in-details-title" data-testid="sign-in-details">
      <h2 id="sign-in-details-title">Sign-in details</h2>
      <p className="muted">Roamdesk signs you in at these providers’ hotspots without a portal page.</p>
      {!list && <p aria-busy="true">Loading…</p>}
      {list && list.providers.length === 0 && <p>No provider in the directory takes a sign-in.</p>}
      {list && (
        <ul className="providers">
          {list.providers.map((provider) => (
            <li key={provider.providerId} data-provider={provider.providerId}>
              <strong>{provider.name}</strong>{' '}
              <span className="muted" data-testid="credential-state">
                {provider.username ? `${provider.realmPrefix ?? ''}${provider.username}${provider.hasPassword ? ' · password saved' : ''}` : 'not set'}
              </span>{' '}
              {editing === provider.providerId ? (
                <form onSubmit={(event) => void save(event, provider.providerId)} className="credentials-form">
                  <label>
                    User name
                    <input name="username" autoComplete="username" required maxLength={253} defaultValue={provider.username ?? ''} />
                  </label>
                  <label>
                    Password
                    <input name="password" type="password" autoComplete="current-password" required maxLength={256} />
                  </label>
                  <button type="submit" disabled={saving}>
                    Save
                  </button>
                  <button type="button" onClick={() => setEditing(null)}>
                    Cancel
                  </button>
                </form>
              ) : (
                <>
                  <button type="button" onClick={() => setEditing(provider.providerId)}>
                    {provider.username ? 'Change' : 'Add'}
                  </button>
                  {provider.username && (
                    <button type="button" onClick={() => void remove(provider.providerId)}>
                      Remove
                    </button>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
