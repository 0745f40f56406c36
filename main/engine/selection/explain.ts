/**
 * The ranking as text lines, for `roamdesk rank --explain` and support bundles: the
 * decision and why, every ranked candidate with its score broken into terms, and every
 * skipped candidate with its reason. No colours, no widths that depend on a terminal.
 */
import type { Decision, Ranking } from './types.js';

export interface ExplainOptions {
  /** Ranked candidates shown with their terms (default 10; the rest are counted). */
  maxRanked?: number;
  /** Skipped candidates listed (default 20; the rest are counted). */
  maxSkipped?: number;
}

const TERM_LABEL_WIDTH = 15;

function signed(x: number): string {
  return `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;
}

export function explainDecision(decision: Decision): string {
  const target = decision.target === null ? '' : ` ${decision.target}`;
  const flags = [decision.forced ? 'forced' : '', decision.makeBeforeBreak ? 'make-before-break' : '', decision.deviceSuspect ? 'device suspected' : '']
    .filter((flag) => flag !== '')
    .join(', ');
  return `Decision: ${decision.action}${target} [${decision.code}${flags === '' ? '' : `; ${flags}`}] ${decision.reason}`;
}

export function explainRanking(ranking: Ranking, options: ExplainOptions = {}): string[] {
  const maxRanked = options.maxRanked ?? 10;
  const maxSkipped = options.maxSkipped ?? 20;
  const lines = [explainDecision(ranking.decision), ''];

  lines.push(`Ranked (${ranking.eligible.length}): policy bucket first (preferred > habitual > partner > other), then score`);
  ranking.eligible.slice(0, maxRanked).forEach((s, i) => {
    const c = s.candidate;
    const manual = s.manual ? ', your choice' : '';
    lines.push(`${String(i + 1).padStart(3)}. ${c.ssid} ${c.bssid} ${c.signalDbm} dBm ${c.band}  bucket ${s.bucket}${manual}  score ${s.score.toFixed(1)}`);
    for (const term of s.terms) lines.push(`       ${term.name.padEnd(TERM_LABEL_WIDTH)}${signed(term.value).padStart(6)}  ${term.detail}`);
  });
  if (ranking.eligible.length > maxRanked) lines.push(`     … and ${ranking.eligible.length - maxRanked} more`);

  lines.push('', `Skipped (${ranking.skipped.length}):`);
  for (const { candidate: c, reason } of ranking.skipped.slice(0, maxSkipped)) {
    lines.push(`     ${c.ssid} ${c.bssid} ${c.signalDbm} dBm  ${reason.code}: ${reason.message}`);
  }
  if (ranking.skipped.length > maxSkipped) lines.push(`     … and ${ranking.skipped.length - maxSkipped} more`);
  return lines;
}
