/**
 * The renderer's one way to the engine: `window.roamdesk`, put there by the Electron
 * preload — or, when the UI is served by `roamdesk serve`, the same interface over the
 * loopback WebSocket, authenticated with the token from the URL fragment.
 */
import type { RoamdeskBridge } from '../../preload/contract.js';
import { WebSocketBridge } from './ws-bridge.js';

declare global {
  interface Window {
    roamdesk?: RoamdeskBridge;
  }
}

export type BridgeConnection = { bridge: RoamdeskBridge; transport: 'electron' | 'websocket' } | { bridge: null; problem: string };

const TOKEN_KEY = 'roamdesk.token';

export function connectBridge(): BridgeConnection {
  if (window.roamdesk) return { bridge: window.roamdesk, transport: 'electron' };
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token');
  if (fromHash) {
    // Keep the token for reloads of this tab only, and take it out of the address bar.
    sessionStorage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', location.pathname + location.search);
  }
  const token = fromHash ?? sessionStorage.getItem(TOKEN_KEY);
  if (!token) return { bridge: null, problem: 'This page needs the address that `roamdesk serve` printed, including its #token=… part.' };
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return { bridge: new WebSocketBridge(`${scheme}//${location.host}/rpc`, token), transport: 'websocket' };
}
