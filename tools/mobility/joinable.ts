/** Whether a device may try a network at all: open ones, or ones it holds credentials for. */
import type { Security } from '../../preload/contract.js';

export function isJoinable(bss: { ssid: string; security: Security }, credentials: ReadonlySet<string>): boolean {
  return bss.security === 'open' || bss.security === 'owe' || credentials.has(bss.ssid);
}
