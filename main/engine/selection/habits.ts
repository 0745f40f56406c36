/**
 * Habits: the networks this user actually uses (the office, home, the usual café) are
 * preferred over equally good strangers, and strongly enough to form their own bucket.
 *
 * Strength (0..1) = frequency × recency:
 * - frequency: log-scaled uses, full at `usesForFullStrength` (default 20): the 3rd use
 *   says more than the 30th;
 * - recency: halves every `halfLifeDays` (default 14) since last use, so last year's hotel
 *   fades while this week's office stays.
 */
import type { NetworkHabit } from './facts.js';
import { defaultSelectionPolicy, type SelectionPolicy } from './policy.js';

const DAY_MS = 86_400_000;

export function habitStrength(habit: NetworkHabit | null, now: number, policy: SelectionPolicy = defaultSelectionPolicy): number {
  if (habit === null || habit.uses <= 0) return 0;
  const { halfLifeDays, usesForFullStrength } = policy.habits;
  const frequency = Math.min(1, Math.log1p(habit.uses) / Math.log1p(usesForFullStrength));
  const ageDays = Math.max(0, now - habit.lastUsedAt) / DAY_MS;
  const recency = 2 ** (-ageDays / halfLifeDays);
  return frequency * recency;
}
