/** The policies the benchmark compares, in report order: Roamdesk, the baselines, the limit. */
import { androidLike } from './baselines/android-like.js';
import { mostRecentlyUsed } from './baselines/most-recently-used.js';
import { strongestSignal } from './baselines/strongest-signal.js';
import { oracle } from './oracle.js';
import type { PolicyFactory } from './policy.js';
import { roamdesk } from './roamdesk-policy.js';

export const ROAMDESK = 'roamdesk';
export const ORACLE = 'oracle';
export const POLICIES: readonly PolicyFactory[] = [roamdesk, strongestSignal, mostRecentlyUsed, androidLike, oracle];
/** The selectors people use today: Roamdesk must beat each of these. */
export const BASELINES: readonly string[] = [strongestSignal.name, mostRecentlyUsed.name, androidLike.name];
