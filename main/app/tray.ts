/** The tray icon: connection status at a glance, connect to the best known network, disconnect. */
import { Menu, Tray, nativeImage } from 'electron';
import type { ConnectionState } from '../../preload/contract.js';
import type { Engine } from '../engine/engine.js';
import { trayTooltip } from './connection-summary.js';

export function createTray(iconPath: string, engine: Engine, showWindow: () => void): Tray {
  const tray = new Tray(nativeImage.createFromPath(iconPath));
  const render = (state: ConnectionState) => {
    tray.setToolTip(trayTooltip(state));
    const online = state.phase === 'online' || state.phase === 'connecting';
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: trayTooltip(state).replace(/^Roamdesk — /, ''), enabled: false },
        { type: 'separator' },
        { label: 'Open Roamdesk', click: showWindow },
        online
          ? { label: 'Disconnect', click: () => void engine.handlers['connection.disconnect']({}) }
          : { label: 'Connect…', click: showWindow },
        { type: 'separator' },
        { role: 'quit', label: 'Quit Roamdesk' },
      ]),
    );
  };
  render(engine.connection.state());
  engine.events.on('connection.changed', render);
  tray.on('click', showWindow);
  return tray;
}
