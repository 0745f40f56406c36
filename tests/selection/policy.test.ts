import { describe, expect, test } from 'vitest';
import { RoamdeskError } from '../../main/engine/errors.js';
import { defaultSelectionPolicy, parseSelectionPolicy, SelectionPolicySchema } from '../../main/engine/selection/index.js';

function policyError(input: unknown): RoamdeskError {
  try {
    parseSelectionPolicy(input);
  } catch (error) {
    if (error instanceof RoamdeskError) return error;
    throw error;
  }
  throw new Error('expected POLICY_INVALID');
}

describe('selection policy', () => {
  test('the default policy is valid, and its quality weights add up to 100 points', () => {
    expect(SelectionPolicySchema.safeParse(defaultSelectionPolicy).success).toBe(true);
    expect(Object.values(defaultSelectionPolicy.weights).reduce((a, b) => a + b, 0)).toBe(100);
    expect(parseSelectionPolicy(undefined)).toEqual(defaultSelectionPolicy);
  });

  test('a partial override is merged onto the defaults, section by section', () => {
    const policy = parseSelectionPolicy({ weights: { signal: 40 }, signal: { minDbm: { '5GHz': -72 } }, lists: { managedProviders: ['corproam'] } });
    expect(policy.weights.signal).toBe(40);
    expect(policy.weights.successRate).toBe(30);
    expect(policy.signal.minDbm).toEqual({ '2.4GHz': -80, '5GHz': -72, '6GHz': -74 });
    expect(policy.signal.sufficientDbm).toBe(-60);
    expect(policy.lists.managedProviders).toEqual(['corproam']);
    expect(policy.lists.prohibitedSsids).toEqual([]);
    expect(policy.criticalApps).toEqual(defaultSelectionPolicy.criticalApps);
  });

  test('bad values are POLICY_INVALID, naming the key', () => {
    const error = policyError({ weights: { signal: -5 }, successRate: { minimum: 1.5 } });
    expect(error.code).toBe('POLICY_INVALID');
    expect(error.message).toContain('weights.signal');
    expect(error.message).toContain('successRate.minimum');
    expect(error.hint).toBeTruthy();
  });

  test('unknown keys are errors, not silently ignored', () => {
    expect(policyError({ hysteresis: { currentBonsu: 10 } }).message).toContain('hysteresis');
    expect(policyError({ weigths: {} }).code).toBe('POLICY_INVALID');
    expect(policyError({ minSecurity: 'wpa9' }).message).toContain('minSecurity');
    expect(policyError('not an object').code).toBe('POLICY_INVALID');
  });

  test('settings that contradict each other are rejected', () => {
    expect(policyError({ signal: { sufficientDbm: -85 } }).message).toContain('signal.sufficientDbm');
    expect(policyError({ blocklist: { baseBackoffMs: 600_000, maxBackoffMs: 60_000 } }).message).toContain('blocklist.maxBackoffMs');
  });
});
