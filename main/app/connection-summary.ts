/** Words for the tray and notifications, from a connection state. Pure, so it is tested. */
import type { ConnectionState } from '../../preload/contract.js';

export function trayTooltip(state: ConnectionState): string {
  const name = state.network?.ssid ?? '';
  switch (state.phase) {
    case 'online':
      return `Roamdesk — online via ${name}`;
    case 'connecting':
      return `Roamdesk — connecting to ${name}…`;
    case 'failed':
      return `Roamdesk — connection failed${state.error ? `: ${state.error.message}` : ''}`;
    case 'disconnecting':
      return 'Roamdesk — disconnecting…';
    case 'sign-in-required':
      return `Roamdesk — ${name} needs you to sign in`;
    default:
      return 'Roamdesk — not connected';
  }
}

/** A notification only when the state settles into something the user should know. */
export function notificationFor(previous: ConnectionState | undefined, next: ConnectionState): { title: string; body: string } | null {
  if (next.phase === 'online' && next.portal?.expiringSoon && !previous?.portal?.expiringSoon) {
    return { title: 'Session ending soon', body: `Your session on ${next.network?.ssid ?? 'this network'} ends soon.${next.portal.canExtend ? ' The venue lets you extend it: open Roamdesk.' : ''}` };
  }
  if (previous?.phase === next.phase && previous.network?.bssid === next.network?.bssid) return null;
  if (next.phase === 'online') return { title: 'Online', body: `Connected to ${next.network?.ssid ?? 'the network'}${next.network?.provider ? ` (${next.network.provider.name})` : ''}.` };
  if (next.phase === 'sign-in-required') return { title: 'Sign-in needed', body: `${next.network?.ssid ?? 'This network'} needs you to sign in on its page. Open Roamdesk to continue.` };
  if (next.phase === 'failed') return { title: 'Connection failed', body: next.error ? `${next.error.message}${next.error.hint ? ` ${next.error.hint}` : ''}` : 'The connection failed.' };
  if (next.phase === 'idle' && previous?.phase === 'online') return { title: 'Disconnected', body: `Left ${previous.network?.ssid ?? 'the network'}.` };
  return null;
}
