/**
 * What every diagnostic probe reports, and how each one is kept within its time budget.
 *
 * A probe never throws to its caller: it answers with a status —
 *   ok             the check ran and found nothing wrong
 *   warning        it ran and found something worth a look (some loss, a skewed clock, …)
 *   failed         it ran and what it checks is broken (no answer at all, an expired certificate, …)
 *   timeout        it did not finish within its budget
 *   not-available  it could not run here, with the reason (a tool is missing, nothing to check)
 * — a stable `code` for the finding, a sentence, and how long it took. "Not available" is
 * an honest answer, never a failure: a missing `traceroute` says nothing about the network.
 */
import { z } from 'zod';

import type { Clock } from '../ports/clock.js';
import { CommandRunError, type CommandResult, type CommandRunner } from '../ports/command-runner.js';

export const ProbeStatus = z.enum(['ok', 'warning', 'failed', 'timeout', 'not-available']);
export type ProbeStatus = z.infer<typeof ProbeStatus>;

const Code = z.string().regex(/^[A-Z][A-Z0-9_]*$/);

/** The fields every probe result has; each probe adds its own `kind` and `data`. */
export const probeBase = {
  status: ProbeStatus,
  /** Stable code of the finding, e.g. DNS_OK, DNS_HIJACKED, PING_LOSS, TOOL_MISSING. */
  code: Code,
  /** One sentence: what was found, or why the probe could not run. */
  summary: z.string(),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
};

export interface ProbeTiming {
  startedAt: string;
  durationMs: number;
}

/** Starts a stopwatch on the given clock; `stop()` gives the timing fields of a result. */
export function stopwatch(clock: Clock): { stop(): ProbeTiming } {
  const started = clock.now();
  return { stop: () => ({ startedAt: new Date(started).toISOString(), durationMs: Math.max(0, clock.now() - started) }) };
}

export type Bounded<T> = { ok: true; value: T } | { ok: false; reason: 'timeout' | 'cancelled' };

/**
 * Runs `work` with a signal that aborts after `timeoutMs` (or when `parent` aborts), and
 * answers by the deadline even if `work` ignores its signal: nothing here waits forever.
 */
export async function withinBudget<T>(timeoutMs: number, parent: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<Bounded<T>> {
  if (parent?.aborted) return { ok: false, reason: 'cancelled' };
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onParentAbort = () => controller.abort(parent?.reason);
  parent?.addEventListener('abort', onParentAbort, { once: true });
  const deadline = new Promise<Bounded<T>>((resolve) => {
    timer = setTimeout(() => {
      controller.abort(new DOMException('probe budget exceeded', 'TimeoutError'));
      resolve({ ok: false, reason: 'timeout' });
    }, timeoutMs);
    controller.signal.addEventListener('abort', () => resolve({ ok: false, reason: parent?.aborted ? 'cancelled' : 'timeout' }), { once: true });
  });
  try {
    const running = work(controller.signal).then((value): Bounded<T> => ({ ok: true, value }));
    // A late rejection after the deadline must not surface as an unhandled rejection.
    running.catch(() => undefined);
    return await Promise.race([running, deadline]);
  } finally {
    if (timer) clearTimeout(timer);
    parent?.removeEventListener('abort', onParentAbort);
  }
}

/**
 * Runs one of the platform's tools for a probe within its budget, in the C locale (so the
 * output parses the same everywhere). A tool that could not run comes back as its
 * CommandRunError, for the probe to report as "not available" or "failed".
 */
export function runToolWithinBudget(runner: CommandRunner, file: string, args: readonly string[], budgetMs: number, signal: AbortSignal | undefined): Promise<Bounded<CommandResult | CommandRunError>> {
  return withinBudget(budgetMs, signal, async () => {
    try {
      return await runner.run(file, args, { timeoutMs: budgetMs, env: { LC_ALL: 'C', LANG: 'C' } });
    } catch (error) {
      if (error instanceof CommandRunError) return error;
      throw error;
    }
  });
}
