/**
 * `route -n get default` (macOS) → the default gateway and the interface it leaves by.
 *
 *      route to: default
 *   destination: default
 *       gateway: 192.168.1.1
 *     interface: en0
 *
 * Without a default route, route prints `route: writing to routing socket: not in table`
 * (on stderr) and nothing here: both fields are then null. A gateway of `link#6` (a
 * point-to-point or captive link with no next hop) is not an address and is left null.
 */
import { isIP } from 'node:net';

export interface MacDefaultRoute {
  gateway: string | null;
  interfaceName: string | null;
}

export function parseRouteGetDefault(text: string): MacDefaultRoute {
  const field = (name: string) => new RegExp(`^\\s*${name}:\\s*(\\S+)\\s*$`, 'm').exec(text)?.[1] ?? null;
  const gateway = field('gateway');
  return { gateway: gateway !== null && isIP(gateway.replace(/%.*$/, '')) ? gateway : null, interfaceName: field('interface') };
}
