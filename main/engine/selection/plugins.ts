/**
 * Plugins: code that replaces or adjusts the default ranker, and hears connection events
 * (to learn, to log, to feed an external system).
 *
 * A plugin's `rank` receives `next`, the ranker below it: it may call it and adjust the
 * result (re-order, veto, rewrite the decision), or ignore it and rank on its own. The
 * first plugin in the list is the outermost; the default ranker is at the bottom.
 * Plugins must stay pure and synchronous like the default ranker: the benchmark and the
 * engine call them on every scan.
 */
import type { Candidate } from './facts.js';
import { defaultSelectionPolicy, type SelectionPolicy } from './policy.js';
import { rank as defaultRank } from './selector.js';
import type { Ranking, SelectionContext } from './types.js';

export type Ranker = (candidates: readonly Candidate[], context: SelectionContext, policy: SelectionPolicy) => Ranking;

/** What the connection manager reports, so plugins can observe outcomes. */
export interface ConnectionEvent {
  type: 'attempt' | 'online' | 'failed' | 'disconnected' | 'switched';
  /** Epoch ms. */
  at: number;
  bssid: string | null;
  ssidHex: string | null;
  /** For `failed`: the stable error code (e.g. ASSOCIATION_REJECTED). */
  code?: string;
  /** For `switched`: the BSSID left. */
  from?: string | null;
  /** The decision that led to it, when the selector chose. */
  decisionCode?: string;
}

export interface SelectionPlugin {
  name: string;
  rank?(candidates: readonly Candidate[], context: SelectionContext, policy: SelectionPolicy, next: Ranker): Ranking;
  onConnectionEvent?(event: ConnectionEvent): void;
}

export interface Selector {
  rank(candidates: readonly Candidate[], context: SelectionContext, policy?: SelectionPolicy): Ranking;
  /** Delivers an event to every plugin; one plugin's exception does not keep it from the others. */
  notify(event: ConnectionEvent): void;
  readonly plugins: readonly string[];
}

export interface ComposeOptions {
  /** The ranker at the bottom of the chain (default: the built-in one). */
  base?: Ranker;
  /** Told when a plugin's event handler throws (default: ignored, so a plugin cannot break connecting). */
  onPluginError?: (plugin: string, error: unknown) => void;
}

export function composeRankers(plugins: readonly SelectionPlugin[], options: ComposeOptions = {}): Selector {
  let chain: Ranker = options.base ?? defaultRank;
  // Built once, innermost first, so each call is a plain chain of function calls.
  for (let i = plugins.length - 1; i >= 0; i--) {
    const plugin = plugins[i]!;
    const hook = plugin.rank;
    if (hook === undefined) continue;
    const next = chain;
    chain = (candidates, context, policy) => hook.call(plugin, candidates, context, policy, next);
  }
  const ranker = chain;
  const observers = plugins.filter((plugin) => plugin.onConnectionEvent !== undefined);
  return {
    plugins: plugins.map((plugin) => plugin.name),
    rank: (candidates, context, policy = defaultSelectionPolicy) => ranker(candidates, context, policy),
    notify(event) {
      for (const plugin of observers) {
        try {
          plugin.onConnectionEvent!(event);
        } catch (error) {
          options.onPluginError?.(plugin.name, error);
        }
      }
    },
  };
}
