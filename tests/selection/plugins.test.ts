import { describe, expect, test } from 'vitest';
import { composeRankers, rank, type ConnectionEvent, type SelectionPlugin } from '../../main/engine/selection/index.js';
import { NOW, bssid, candidate, context } from './fixtures.js';

const strong = candidate({ bssid: bssid(1), ssid: 'Strong', signalDbm: -50 });
const weak = candidate({ bssid: bssid(2), ssid: 'Weak', signalDbm: -74 });

describe('plugins', () => {
  test('a plugin can replace the default ranker entirely', () => {
    const weakest: SelectionPlugin = {
      name: 'weakest-first',
      rank(candidates) {
        const sorted = [...candidates].sort((a, b) => a.signalDbm - b.signalDbm);
        const eligible = sorted.map((c) => ({ candidate: c, bucket: 'other' as const, score: -c.signalDbm, terms: [], manual: false, successRate: 0.5, successEvidence: 0, forecastDbm: null }));
        return {
          eligible,
          skipped: [],
          decision: { action: 'connect', target: eligible[0]!.candidate.bssid, code: 'BEST_AVAILABLE', reason: 'weakest first', forced: false, makeBeforeBreak: false, deviceSuspect: false, currentForecastDbm: null },
        };
      },
    };
    expect(rank([strong, weak], context()).decision.target).toBe(strong.bssid);
    const selector = composeRankers([weakest]);
    expect(selector.rank([strong, weak], context()).decision.target).toBe(weak.bssid);
    expect(selector.plugins).toEqual(['weakest-first']);
  });

  test('a plugin can wrap the default ranker (veto a network) and the first plugin is outermost', () => {
    const calls: string[] = [];
    const veto: SelectionPlugin = {
      name: 'veto-strong',
      rank(candidates, ctx, policy, next) {
        calls.push('veto');
        return next(
          candidates.filter((c) => c.ssid !== 'Strong'),
          ctx,
          policy,
        );
      },
    };
    const trace: SelectionPlugin = {
      name: 'trace',
      rank(candidates, ctx, policy, next) {
        calls.push('trace');
        return next(candidates, ctx, policy);
      },
    };
    const ranking = composeRankers([trace, veto]).rank([strong, weak], context());
    expect(ranking.decision.target).toBe(weak.bssid);
    expect(calls).toEqual(['trace', 'veto']);
  });

  test('connection events reach every observer, even when one throws', () => {
    const seen: ConnectionEvent[] = [];
    const errors: string[] = [];
    const selector = composeRankers(
      [
        { name: 'broken', onConnectionEvent: () => { throw new Error('boom'); } },
        { name: 'recorder', onConnectionEvent: (event) => seen.push(event) },
      ],
      { onPluginError: (plugin) => errors.push(plugin) },
    );
    const event: ConnectionEvent = { type: 'failed', at: NOW, bssid: weak.bssid, ssidHex: weak.ssidHex, code: 'ASSOCIATION_REJECTED' };
    selector.notify(event);
    expect(seen).toEqual([event]);
    expect(errors).toEqual(['broken']);
    // No rank hook: the default ranker is used.
    expect(selector.rank([strong, weak], context()).decision.target).toBe(strong.bssid);
  });
});
