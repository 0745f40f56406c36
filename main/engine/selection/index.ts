/**
 * The selector's public surface. Everything here is pure and synchronous: no database, no
 * clock, no I/O — the caller passes the facts (facts.ts) and the moment (SelectionContext).
 *
 *   const ranking = rank(candidates, context, policy);   // filters → buckets → score → decision
 *   explainRanking(ranking)                              // text lines for `roamdesk rank --explain`
 *
 * Import from here, not from the files behind it.
 */
export type { AuthMethod, BlockState, BssidHistory, Candidate, DirectoryHotspot, NetworkHabit, SelectionFacts, SelectionFactsSource, SiteQuality } from './facts.js';
export type {
  Bucket,
  CurrentLink,
  Decision,
  DecisionAction,
  DecisionCode,
  Ranking,
  ScoreTerm,
  ScoredCandidate,
  SelectionContext,
  SignalSample,
  SkipCode,
  SkipReason,
  SkippedCandidate,
  SwitchRecord,
  TermName,
} from './types.js';
export { BUCKET_ORDER } from './types.js';

export { rank } from './selector.js';
export {
  defaultSelectionPolicy,
  parseSelectionPolicy,
  SelectionPolicyOverrideSchema,
  SelectionPolicySchema,
  type SelectionPolicy,
  type SelectionPolicyOverride,
} from './policy.js';

export { backoffMs, isBlocked, onAttemptOutcome, suspectDevice, type AttemptOutcomeFacts } from './blocklist.js';
export { habitStrength } from './habits.js';
export { forecastSignal } from './forecast.js';
export { pooledSuccessRate, type PooledSuccess } from './success-rate.js';
export { explainDecision, explainRanking, type ExplainOptions } from './explain.js';
export { composeRankers, type ConnectionEvent, type Ranker, type SelectionPlugin, type Selector } from './plugins.js';
export {
  criticalAppPlatform,
  CriticalAppSpecSchema,
  defaultCriticalApps,
  findCriticalApps,
  type CriticalAppMatch,
  type CriticalAppPlatform,
  type CriticalAppSpec,
} from './critical-apps.js';
