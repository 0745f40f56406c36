import { useState } from 'react';
import type { ConnectionState, NetworkView, ScanResult } from '../../../preload/contract.js';

const SECURITY_LABEL: Record<NetworkView['security'], string> = {
  open: 'Open',
  owe: 'Enhanced open',
  wep: 'WEP (insecure)',
  'wpa2-personal': 'WPA2',
  'wpa3-personal': 'WPA3',
  'wpa2-enterprise': 'WPA2-Enterprise',
  'wpa3-enterprise': 'WPA3-Enterprise',
};

/** Four bars, as people know them from their OS: thresholds in dBm. */
export function signalBars(dbm: number): number {
  return dbm >= -55 ? 4 : dbm >= -67 ? 3 : dbm >= -75 ? 2 : dbm >= -85 ? 1 : 0;
}

interface Props {
  scan: ScanResult | null;
  scanning: boolean;
  connection: ConnectionState | null;
  askPassphraseFor: string | null;
  onRescan: () => void;
  onConnect: (bssid: string, passphrase?: string) => void;
  onDisconnect: () => void;
  onCancelPassphrase: () => void;
}

export function NetworkList({ scan, scanning, connection, askPassphraseFor, onRescan, onConnect, onDisconnect, onCancelPassphrase }: Props) {
  const busy = connection?.phase === 'connecting' || connection?.phase === 'disconnecting';
  return (
    <section className="card networks" aria-labelledby="networks-title">
      <div className="section-head">
        <h2 id="networks-title">Networks nearby</h2>
        <button type="button" onClick={onRescan} disabled={scanning} aria-busy={scanning}>
          {scanning ? 'Scanning…' : 'Scan again'}
        </button>
      </div>
      {!scan && <p aria-busy="true">Scanning…</p>}
      {scan && scan.networks.length === 0 && <p>No networks in range here.</p>}
      {scan && scan.networks.length > 0 && (
        <ul className="network-list" aria-label="Networks in range">
          {scan.networks.map((network) => {
            const current = connection?.network?.bssid === network.bssid && (connection.phase === 'online' || connection.phase === 'connecting');
            const bars = signalBars(network.signalDbm);
            return (
              <li key={network.bssid} className={`network${current ? ' current' : ''}`} data-bssid={network.bssid} data-testid="network">
                <div className="network-main">
                  <span className="ssid">{network.ssid || '(hidden network)'}</span>
                  {network.provider && <span className="provider">{network.provider.name}</span>}
                </div>
                <div className="network-facts">
                  <span className="signal" aria-label={`Signal ${bars} of 4 bars, ${network.signalDbm} dBm`}>
                    <span aria-hidden="true" className={`bars bars-${bars}`}>
                      {'▮'.repeat(bars)}
                      {'▯'.repeat(4 - bars)}
                    </span>{' '}
                    {network.signalDbm} dBm
                  </span>
                  <span>{network.band}</span>
                  <span>{network.standard}</span>
                  <span>{SECURITY_LABEL[network.security]}</span>
                  <span className="muted bssid">{network.bssid}</span>
                </div>
                {current ? (
                  <button type="button" onClick={onDisconnect} aria-label={`Disconnect from ${network.ssid} (${network.bssid})`}>
                    Disconnect
                  </button>
                ) : (
                  <button type="button" disabled={busy} onClick={() => onConnect(network.bssid)} aria-label={`Connect to ${network.ssid} (${network.bssid})`}>
                    Connect
                  </button>
                )}
                {askPassphraseFor === network.bssid && <PassphraseForm network={network} onSubmit={(p) => onConnect(network.bssid, p)} onCancel={onCancelPassphrase} />}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function PassphraseForm({ network, onSubmit, onCancel }: { network: NetworkView; onSubmit: (passphrase: string) => void; onCancel: () => void }) {
  const [value, setValue] = useState('');
  const valid = value.length >= 8 && value.length <= 63;
  const id = `passphrase-${network.bssid}`;
  return (
    <form
      className="passphrase"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) onSubmit(value);
      }}
    >
      <label htmlFor={id}>Password for {network.ssid}</label>
      <input id={id} type="password" autoComplete="off" autoFocus value={value} onChange={(event) => setValue(event.target.value)} aria-describedby={`${id}-help`} />
      <span id={`${id}-help`} className="muted">
        8 to 63 characters. Saved in this device’s secret store.
      </span>
      <button type="submit" disabled={!valid}>
        Join
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
