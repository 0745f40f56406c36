/**
 * The default gateway, which Node's `os` module does not tell: asked of the system's route
 * tool through the CommandRunner port.
 *
 *   Linux    ip -4 route show default      → `default via 192.168.1.1 dev wlan0 proto dhcp …`
 *   macOS    route -n get default          → `    gateway: 192.168.1.1`
 *   Windows  route print -4 0.0.0.0        → `          0.0.0.0          0.0.0.0      192.168.1.1    192.168.1.23     35`
 */
import { CommandRunError, type CommandRunner } from '../../ports/command-runner.js';
import type { DiagPlatform } from './ping.js';

export function defaultGatewayCommand(platform: DiagPlatform): { file: string; args: string[] } {
  switch (platform) {
    case 'win32':
      return { file: 'route', args: ['print', '-4', '0.0.0.0'] };
    case 'darwin':
      return { file: 'route', args: ['-n', 'get', 'default'] };
    default:
      return { file: 'ip', args: ['-4', 'route', 'show', 'default'] };
  }
}

export function parseDefaultGateway(platform: DiagPlatform, text: string): string | null {
  switch (platform) {
    case 'win32':
      return /^\s*0\.0\.0\.0\s+0\.0\.0\.0\s+(\d{1,3}(?:\.\d{1,3}){3})\s/m.exec(text)?.[1] ?? null;
    case 'darwin':
      return /^\s*gateway:\s*(\S+)/m.exec(text)?.[1] ?? null;
    default:
      return /^default\s+via\s+(\S+)/m.exec(text)?.[1] ?? null;
  }
}

export type GatewayLookup = { address: string } | { address: null; reason: string };

export async function findDefaultGateway(runner: CommandRunner, platform: DiagPlatform, timeoutMs = 3000): Promise<GatewayLookup> {
  const { file, args } = defaultGatewayCommand(platform);
  try {
    const { stdout } = await runner.run(file, args, { timeoutMs, env: { LC_ALL: 'C', LANG: 'C' } });
    const address = parseDefaultGateway(platform, stdout.toString('utf8'));
    return address ? { address } : { address: null, reason: 'The device has no default route (no gateway from DHCP).' };
  } catch (error) {
    if (error instanceof CommandRunError) return { address: null, reason: error.reason === 'not-found' ? `The system's ${file} tool is not installed, so the gateway is unknown.` : error.message };
    throw error;
  }
}
