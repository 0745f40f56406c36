/** A CommandRunner for tests: answers from a script and records every call's argv and stdin as data. */
import type { CommandOptions, CommandResult, CommandRunner } from '../../main/engine/ports/command-runner.js';
import type { Clock } from '../../main/engine/ports/clock.js';

export interface RecordedCall {
  file: string;
  args: string[];
  options: CommandOptions;
}

export type Answer = { stdout?: string | Buffer; stderr?: string; exitCode?: number } | Error;

export class RecordingRunner implements CommandRunner {
  readonly calls: RecordedCall[] = [];

  constructor(private readonly answer: (file: string, args: string[], options: CommandOptions) => Answer) {}

  async run(file: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
    this.calls.push({ file, args: [...args], options });
    const answer = this.answer(file, [...args], options);
    if (answer instanceof Error) throw answer;
    const stdout = answer.stdout ?? '';
    return { stdout: Buffer.isBuffer(stdout) ? stdout : Buffer.from(stdout, 'utf8'), stderr: Buffer.from(answer.stderr ?? ''), exitCode: answer.exitCode ?? 0 };
  }

  argv(): string[][] {
    return this.calls.map((call) => [call.file, ...call.args]);
  }
}

export class ManualClock implements Clock {
  constructor(public time = Date.parse('2026-03-01T10:00:00Z')) {}
  now(): number {
    return this.time;
  }
  async sleep(ms: number): Promise<void> {
    this.time += ms;
  }
}
