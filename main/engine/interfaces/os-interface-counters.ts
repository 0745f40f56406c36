/**
 * The `InterfaceCounters` port on this machine's own interfaces: each sample reads the
 * platform's facts and reports the counted interface (the one named, else Wi-Fi, else the
 * default route's). Null when no interface or no byte counter is known, so a usage session
 * then says "unknown", never zero.
 */
import type { InterfaceCounters, InterfaceSample } from '../ports/interface-counters.js';
import type { Logger } from '../ports/logger.js';
import { countedInterface } from './interface-facts.js';
import { type ReadNetworkFactsOptions, readNetworkFacts } from './read-network-facts.js';

export interface OsInterfaceCountersOptions extends ReadNetworkFactsOptions {
  /** The adapter to count (`wlan0`, `en0`, `Wi-Fi`); found by the rules above when absent. */
  interfaceName?: string;
  logger?: Logger;
}

export class OsInterfaceCounters implements InterfaceCounters {
  private warned = false;

  constructor(private readonly options: OsInterfaceCountersOptions) {}

  async sample(): Promise<InterfaceSample | null> {
    const facts = await readNetworkFacts(this.options);
    const counted = countedInterface(facts, this.options.interfaceName);
    if (!this.warned && facts.warnings.length > 0) {
      // Once per run: the same tool stays missing, and every session would repeat it.
      this.warned = true;
      this.options.logger?.warn('interface facts are partial', { warnings: facts.warnings });
    }
    if (!counted || counted.rxBytes === null || counted.txBytes === null) return null;
    return { rxBytes: counted.rxBytes, txBytes: counted.txBytes, mac: counted.mac, ip: counted.ipv4[0] ?? counted.ipv6[0] ?? null };
  }
}
