/** Small stand-ins for ports in diagnostics tests. */
import { CommandRunError, type CommandRunner, type CommandResult } from '../../../main/engine/ports/command-runner.js';
import type { Clock } from '../../../main/engine/ports/clock.js';

export function fixedClock(start: number): Clock & { advance(ms: number): void; set(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
    set: (ms) => {
      now = ms;
    },
  };
}

export interface RecordedCall {
  file: string;
  args: readonly string[];
}

/** Answers each tool from a table; records the argv; a missing tool is `not-found`. */
export function scriptedRunner(answers: Record<string, { stdout?: string; stderr?: string; exitCode?: number } | 'missing' | 'hang'>): CommandRunner & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  return {
    calls,
    async run(file, args, options): Promise<CommandResult> {
      calls.push({ file, args });
      const answer = answers[file];
      if (answer === undefined || answer === 'missing') throw new CommandRunError('not-found', file, `${file} is not installed or not on PATH.`);
      if (answer === 'hang') {
        await new Promise((resolve) => setTimeout(resolve, options.timeoutMs + 1000));
        throw new CommandRunError('timeout', file, 'timeout');
      }
      return { stdout: Buffer.from(answer.stdout ?? ''), stderr: Buffer.from(answer.stderr ?? ''), exitCode: answer.exitCode ?? 0 };
    },
  };
}
