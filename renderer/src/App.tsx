import { useCallback, useEffect, useState } from 'react';
import type { AppInfo, ConnectionState, ErrorInfo, RoamdeskBridge, ScanResult, SelectionResult, SimulationState } from '../../preload/contract.js';
import type { BridgeConnection } from './bridge.js';
import { ConnectionCard } from './components/ConnectionCard.js';
import { LocationPicker } from './components/LocationPicker.js';
import { NetworkList } from './components/NetworkList.js';
import { SmartConnectPanel } from './components/SmartConnectPanel.js';
import { SignInDetails } from './components/SignInDetails.js';
import { EnterpriseWifi } from './components/EnterpriseWifi.js';
import { EvidencePanel } from './components/EvidencePanel.js';
import { GetHelpPanel } from './components/GetHelpPanel.js';
import { CasesPanel } from './components/CasesPanel.js';
import { LogRequestDialog } from './components/LogRequestDialog.js';
import { SettingsPanel } from './components/SettingsPanel.js';
import { AboutBox } from './components/AboutBox.js';
import { WebSocketBridge } from './ws-bridge.js';

export function App({ bridge: connection }: { bridge: BridgeConnection }) {
  if (!connection.bridge) {
    return (
      <main className="app">
        <p role="alert" className="problem">{connection.problem}</p>
      </main>
    );
  }
  return <ConnectedApp bridge={connection.bridge} />;
}

function toErrorInfo(error: unknown): ErrorInfo {
  const e = error as { code?: string; message?: string; hint?: string };
  return { code: e.code && /^[A-Z][A-Z0-9_]*$/.test(e.code) ? e.code : 'INTERNAL', message: e.message ?? String(error), ...(e.hint ? { hint: e.hint } : {}) };
}

function ConnectedApp({ bridge }: { bridge: RoamdeskBridge }) {
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [scan, setScan] = useState<ScanResult | null>(null);
  const [scanning, setScanning] = useState(false);
  const [connection, setConnection] = useState<ConnectionState | null>(null);
  const [simulation, setSimulation] = useState<SimulationState | null>(null);
  const [problem, setProblem] = useState<ErrorInfo | null>(null);
  const [engineGone, setEngineGone] = useState(false);
  const [askPassphraseFor, setAskPassphraseFor] = useState<string | null>(null);
  const [selection, setSelection] = useState<SelectionResult | null>(null);
  const [aboutOpen, setAboutOpen] = useState(false);
  const closeAbout = useCallback(() => setAboutOpen(false), []);

  // The ranking follows what the device sees and what it learnt: re-rank after every scan
  // and every finished attempt (a failure may have blocklisted an access point).
  const rerank = useCallback(async () => {
    try {
      setSelection(await bridge.invoke('selection.rank', {}));
    } catch (error) {
      setProblem(toErrorInfo(error));
    }
  }, [bridge]);

  const rescan = useCallback(async () => {
    setScanning(true);
    try {
      setScan(await bridge.invoke('wifi.scan', {}));
    } catch (error) {
      setProblem(toErrorInfo(error));
    } finally {
      setScanning(false);
    }
  }, [bridge]);

  useEffect(() => {
    const unsubscribers = [
      bridge.on('connection.changed', (state) => {
        setConnection(state);
        if (state.phase === 'online' || state.phase === 'failed') void rerank();
      }),
      bridge.on('networks.changed', (result) => {
        setScan(result);
        void rerank();
      }),
      bridge.on('simulation.changed', setSimulation),
      ...(bridge instanceof WebSocketBridge ? [bridge.onClosed(() => setEngineGone(true))] : []),
    ];
    void (async () => {
      try {
        const appInfo = await bridge.invoke('app.info', {});
        setInfo(appInfo);
        setConnection(await bridge.invoke('connection.get', {}));
        if (appInfo.simulated) setSimulation(await bridge.invoke('simulation.get', {}));
        await rescan();
      } catch (error) {
        setProblem(toErrorInfo(error));
      }
    })();
    return () => unsubscribers.forEach((unsubscribe) => unsubscribe());
  }, [bridge, rescan, rerank]);

  const connect = useCallback(
    async (bssid: string, passphrase?: string) => {
      setProblem(null);
      try {
        const state = await bridge.invoke('connection.connect', { target: bssid, ...(passphrase ? { passphrase } : {}) });
        setConnection(state);
        setAskPassphraseFor(null);
        if (passphrase && state.phase === 'online') void rescan();
      } catch (error) {
        const info = toErrorInfo(error);
        if (info.code === 'CREDENTIALS_REQUIRED') setAskPassphraseFor(bssid);
        else setProblem(info);
      }
    },
    [bridge, rescan],
  );

  const connectBest = useCallback(async () => {
    setProblem(null);
    try {
      setConnection(await bridge.invoke('connection.connectBest', {}));
    } catch (error) {
      setProblem(toErrorInfo(error));
    }
  }, [bridge]);

  const disconnect = useCallback(async () => {
    setProblem(null);
    try {
      setConnection(await bridge.invoke('connection.disconnect', {}));
    } catch (error) {
      setProblem(toErrorInfo(error));
    }
  }, [bridge]);

  const reportProblem = useCallback((error: unknown) => setProblem(toErrorInfo(error)), []);

  const recheck = useCallback(async () => {
    try {
      setConnection(await bridge.invoke('portal.recheck', {}));
    } catch (error) {
      setProblem(toErrorInfo(error));
    }
  }, [bridge]);

  const moveTo = useCallback(
    async (siteId: string) => {
      try {
        setSimulation(await bridge.invoke('simulation.moveTo', { siteId }));
      } catch (error) {
        setProblem(toErrorInfo(error));
      }
    },
    [bridge],
  );

  return (
    <div className="app">
      <header className="app-header">
        <h1>Roamdesk</h1>
        {info && (
          <p className="app-meta">
            {info.simulated ? 'Simulated Wi-Fi' : `Wi-Fi: ${info.wifiDriver}`} · v{info.version}
          </p>
        )}
        {simulation && <LocationPicker simulation={simulation} onMove={moveTo} />}
        <button type="button" className="about-button" onClick={() => setAboutOpen(true)} aria-haspopup="dialog">
          About
        </button>
      </header>
      {engineGone && (
        <p role="alert" className="problem">
          The Roamdesk engine stopped. Start it again, then reload this page.
        </p>
      )}
      {problem && (
        <div role="alert" className="problem" data-testid="problem">
          <strong>{problem.message}</strong>
          {problem.hint && <span> {problem.hint}</span>}
          <span className="code"> ({problem.code})</span>
        </div>
      )}
      <main className="layout">
        <LogRequestDialog bridge={bridge} onProblem={reportProblem} />
        <ConnectionCard state={connection} onDisconnect={disconnect} onRecheck={recheck} />
        <NetworkList
          scan={scan}
          scanning={scanning}
          connection={connection}
          askPassphraseFor={askPassphraseFor}
          onRescan={rescan}
          onConnect={connect}
          onDisconnect={disconnect}
          onCancelPassphrase={() => setAskPassphraseFor(null)}
        />
        <SmartConnectPanel selection={selection} connection={connection} onConnectBest={connectBest} />
        <SignInDetails bridge={bridge} onProblem={reportProblem} />
        <EnterpriseWifi bridge={bridge} onProblem={reportProblem} />
        <EvidencePanel bridge={bridge} onProblem={reportProblem} />
        <GetHelpPanel bridge={bridge} onProblem={reportProblem} />
        <CasesPanel bridge={bridge} onProblem={reportProblem} />
        <SettingsPanel bridge={bridge} onProblem={reportProblem} />
      </main>
      {aboutOpen && <AboutBox bridge={bridge} info={info} onClose={closeAbout} onProblem={reportProblem} />}
    </div>
  );
}
