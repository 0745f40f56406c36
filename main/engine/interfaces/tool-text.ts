/**
 * One system tool's output as text, or why there is none, through the CommandRunner port
 * (a file and an argument array, never a shell string). Interface facts are best effort: a
 * missing or failing tool becomes a warning beside partial facts, not an error, because
 * `roamdesk net` and the usage recorder must still say what the other sources knew.
 */
import { CommandRunError, type CommandRunner } from '../ports/command-runner.js';
import { decodeConsoleOutput } from '../wifi/parsers/text.js';

export type ToolText = { ok: true; text: string } | { ok: false; warning: string };

export interface ToolTextOptions {
  timeoutMs?: number;
  /** Windows console code page when the output is not UTF-8 (ipconfig and netsh print in the OEM page). */
  codePage?: number;
  env?: Record<string, string | undefined>;
}

export async function toolText(runner: CommandRunner, file: string, args: readonly string[], options: ToolTextOptions = {}): Promise<ToolText> {
  const command = [file, ...args].join(' ');
  try {
    const result = await runner.run(file, args, { timeoutMs: options.timeoutMs ?? 5000, ...(options.env ? { env: options.env } : {}) });
    const text = decodeConsoleOutput(result.stdout, options.codePage).text;
    if (result.exitCode !== 0 && text.trim() === '') {
      const said = decodeConsoleOutput(result.stderr, options.codePage).text.trim().split(/\r?\n/)[0]?.slice(0, 160) ?? '';
      return { ok: false, warning: `${command} exited with ${result.exitCode}${said ? `: ${said}` : ''}` };
    }
    return { ok: true, text };
  } catch (error) {
    if (error instanceof CommandRunError) return { ok: false, warning: `${command} could not be run (${error.reason}): ${error.message}` };
    throw error;
  }
}
