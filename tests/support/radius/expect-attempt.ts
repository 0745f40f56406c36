/**
 * Vitest assertions on one lab attempt: the outcome and the distinguishing log lines on both
 * sides; on failure the message carries the gist of both logs.
 */
import { expect } from 'vitest';
import { type LabAttempt, summarizeEapolLog, summarizeServerLog } from './lab.js';

export interface ExpectedAttempt {
  ok: boolean;
  /** Lines (substrings or patterns) that must appear in the eapol_test log. */
  supplicantLines?: Array<string | RegExp>;
  /** Lines (substrings or patterns) that must appear in FreeRADIUS's log for this attempt. */
  serverLines?: Array<string | RegExp>;
}

function contains(log: string, line: string | RegExp): boolean {
  return typeof line === 'string' ? log.includes(line) : line.test(log);
}

/** Asserts the outcome and the distinguishing log lines; on failure the message carries both logs' gist. */
export function expectAttempt(attempt: LabAttempt, expected: ExpectedAttempt): void {
  const diagnostics = () =>
    `\n--- eapol_test (exit ${attempt.exitCode}, ${attempt.durationMs} ms) ---\n${summarizeEapolLog(attempt.log)}` +
    `\n--- FreeRADIUS ---\n${summarizeServerLog(attempt.serverLog)}`;
  if (attempt.ok !== expected.ok) {
    expect.fail(`expected eapol_test to ${expected.ok ? 'authenticate' : 'be rejected'}, but it ${attempt.ok ? 'authenticated' : 'failed'}${diagnostics()}`);
  }
  if (!expected.ok) expect(attempt.exitCode, 'eapol_test exit code on failure').not.toBe(0);
  for (const line of expected.supplicantLines ?? []) {
    if (!contains(attempt.log, line)) expect.fail(`eapol_test log lacks ${String(line)}${diagnostics()}`);
  }
  for (const line of expected.serverLines ?? []) {
    if (!contains(attempt.serverLog, line)) expect.fail(`FreeRADIUS log lacks ${String(line)}${diagnostics()}`);
  }
}
