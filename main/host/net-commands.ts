/**
 * `roamdesk net [--json] [--interface <name>]`: this machine's interface facts — addresses,
 * default gateway, DNS servers, byte counters — as Roamdesk reads them for usage sessions
 * (main/engine/interfaces/). No engine and no radio: it answers on any machine, and says
 * what it could not read rather than printing blanks as zeros.
 */
import type { Command } from 'commander';
import { RoamdeskError } from '../engine/errors.js';
import { countedInterface, type InterfaceFacts, type NetworkFacts } from '../engine/interfaces/interface-facts.js';
import { readNetworkFacts } from '../engine/interfaces/read-network-facts.js';
import { ExecFileRunner } from '../platform/exec-file.js';

interface NetHelpers {
  action: (run: (command: Command, ...positional: string[]) => Promise<void>) => (...args: unknown[]) => Promise<void>;
}

function bytes(value: number | null): string {
  if (value === null) return 'unknown';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let scaled = value;
  let unit = 0;
  while (scaled >= 1024 && unit < units.length - 1) {
    scaled /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value} (${scaled.toFixed(1)} ${units[unit]})`;
}

function list(values: readonly string[]): string {
  return values.length > 0 ? values.join(', ') : '—';
}

function formatInterface(item: InterfaceFacts, facts: NetworkFacts, counted: string | null): string {
  const roles = [item.name === facts.defaultInterface ? 'default route' : '', item.name === counted ? 'counted for usage' : ''].filter(Boolean);
  const scope = item.counterScope === 'all-interfaces' ? ' (all interfaces together)' : '';
  return [
    `${item.name}  ${item.kind ?? 'unknown kind'}${roles.length ? `  [${roles.join(', ')}]` : ''}`,
    `  MAC       ${item.mac ?? '—'}`,
    `  IPv4      ${list(item.ipv4)}`,
    `  IPv6      ${list(item.ipv6)}`,
    `  gateway   ${item.gateway ?? '—'}`,
    `  DNS       ${list(item.dnsServers)}`,
    `  received  ${bytes(item.rxBytes)}${scope}`,
    `  sent      ${bytes(item.txBytes)}${scope}`,
  ].join('\n');
}

export function formatNetworkFacts(facts: NetworkFacts, preferred?: string): string {
  const counted = countedInterface(facts, preferred)?.name ?? null;
  const gateway = facts.defaultInterface ? facts.interfaces.find((item) => item.name === facts.defaultInterface)?.gateway : null;
  const out = [
    `platform      ${facts.platform}`,
    `default route ${facts.defaultInterface ? `${facts.defaultInterface} via ${gateway ?? '?'}` : 'none'}`,
    `Wi-Fi         ${facts.wifiInterface ?? 'none found'}`,
    `DNS servers   ${list(facts.dnsServers)}`,
    `read from     ${list(facts.sources)}`,
    '',
    ...facts.interfaces.flatMap((item) => [formatInterface(item, facts, counted), '']),
  ];
  for (const warning of facts.warnings) out.push(`warning: ${warning}`);
  return out.join('\n').trimEnd();
}

export function registerNetCommands(program: Command, { action }: NetHelpers): void {
  program
    .command('net')
    .description("this machine's interfaces: addresses, default gateway, DNS servers, byte counters")
    .option('--interface <name>', 'show only this interface (e.g. wlan0, en0, Wi-Fi)')
    .option('--json', 'print machine-readable JSON')
    .action(
      action(async (command: Command) => {
        const options = command.opts<{ interface?: string; json?: boolean }>();
        const facts = await readNetworkFacts({ platform: process.platform, runner: new ExecFileRunner() });
        if (options.interface !== undefined && !facts.interfaces.some((item) => item.name === options.interface)) {
          throw new RoamdeskError('INVALID_REQUEST', `This machine has no interface called ${options.interface}.`, { hint: `Its interfaces: ${facts.interfaces.map((item) => item.name).join(', ') || 'none'}.` });
        }
        const shown = options.interface === undefined ? facts : { ...facts, interfaces: facts.interfaces.filter((item) => item.name === options.interface) };
        const counted = countedInterface(facts, options.interface)?.name ?? null;
        process.stdout.write(options.json ? `${JSON.stringify({ ...shown, countedInterface: counted }, null, 2)}\n` : `${formatNetworkFacts(shown, options.interface)}\n`);
      }),
    );
}
