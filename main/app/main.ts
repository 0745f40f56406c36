/**
 * The Electron shell's composition root: lifecycle, the hardened main window on app://,
 * the engine hosted in this process behind the IPC transport, tray and notifications.
 * Until the platform Wi-Fi drivers land, the shell runs the demo world (or the world file
 * in ROAMDESK_WORLD).
 */
import { BrowserWindow, Notification, app } from 'electron';
import path from 'node:path';
import type { ConnectionState } from '../../preload/contract.js';
import { composeEngine, type HostEngine } from '../common/compose-engine.js';
import { appPaths } from '../platform/app-paths.js';
import { registerAppScheme, serveRenderer } from './app-protocol.js';
import { notificationFor } from './connection-summary.js';
import { incidentNotification, logRequestNotification } from './support-notifications.js';
import { ElectronSecretStore } from './electron-secret-store.js';
import { createElectronLogger } from './electron-logger.js';
import { hardenAllContents } from './harden-contents.js';
import { openSignInWindow } from './sign-in-window.js';
import { registerIpcTransport } from './ipc-transport.js';
import { APP_ENTRY_URL } from './security/app-origin.js';
import { mainWindowOptions } from './security/window-options.js';
import { createTray } from './tray.js';
import { startInAppUpdates } from './updates.js';

const root = path.resolve(__dirname, '..', '..');
let mainWindow: BrowserWindow | null = null;
let host: HostEngine | null = null;

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  registerAppScheme();
  app.on('second-instance', () => showWindow());
  app.whenReady().then(start, (error: unknown) => {
    console.error('Roamdesk could not start:', error);
    app.exit(1);
  });
}

function showWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) {
    mainWindow = new BrowserWindow(mainWindowOptions(path.join(root, 'out', 'preload', 'index.cjs'), { devTools: !app.isPackaged }));
    mainWindow.once('ready-to-show', () => mainWindow?.show());
    void mainWindow.loadURL(APP_ENTRY_URL);
  } else {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
}

async function start(): Promise<void> {
  const paths = appPaths();
  const logger = createElectronLogger(paths.logDir);
  hardenAllContents({
    currentPortalPage: () => {
      const state = host?.engine.connection.state();
      return state?.phase === 'sign-in-required' ? (state.portal?.openUrl ?? null) : (state?.portal?.canExtend ? (state.portal.openUrl ?? null) : null);
    },
    openSignIn: (url) => {
      const engine = host?.engine;
      openSignInWindow(url, engine?.connection.state().network?.ssid ?? 'the network', () => void engine?.handlers['portal.recheck']({}));
    },
  });
  serveRenderer(path.join(root, 'out', 'renderer'));
  host = await composeEngine({
    host: 'electron',
    version: app.getVersion(),
    // A simulated world only on request (npm start asks for the demo); otherwise this computer's Wi-Fi.
    worldFile: process.env.ROAMDESK_WORLD && process.env.ROAMDESK_WORLD !== 'none' ? process.env.ROAMDESK_WORLD : undefined,
    paths,
    logger,
    secrets: new ElectronSecretStore(path.join(paths.dataDir, 'secrets')),
    backgroundScanMs: 15_000,
    // The app keeps the user on the best network; the CLI only does what it is told.
    autoConnect: true,
  });
  const engine = host.engine;
  registerIpcTransport(engine, logger, () => BrowserWindow.getAllWindows());
  createTray(path.join(root, 'assets', 'icons', 'trayTemplate.png'), engine, showWindow);
  // electron-updater as the plan says (update-plan.ts): off under updatesDisabled and for MSI/pkg/dev installs.
  void startInAppUpdates(engine, logger).catch((error: unknown) => logger.warn('in-app updates could not start', { reason: (error as Error)?.message ?? String(error) }));

  let previous: ConnectionState | undefined = engine.connection.state();
  engine.events.on('connection.changed', (state) => {
    const note = notificationFor(previous, state);
    previous = state;
    if (note && Notification.isSupported()) new Notification({ title: note.title, body: note.body, silent: true }).show();
  });
  // The support desk: an agent's log request (also one policy answered) and a new incident.
  const notify = (note: { title: string; body: string } | null) => {
    if (!note || !Notification.isSupported()) return;
    const shown = new Notification({ title: note.title, body: note.body });
    shown.on('click', showWindow);
    shown.show();
  };
  engine.events.on('support.requestReceived', (request) => notify(logRequestNotification(request)));
  engine.events.on('support.statusChanged', (status) => notify(incidentNotification(status)));

  showWindow();
  // A connection manager lives in the tray: closing the window does not quit it.
  app.on('window-all-closed', () => undefined);
  app.on('activate', showWindow);
  app.on('before-quit', () => void host?.close());
}
