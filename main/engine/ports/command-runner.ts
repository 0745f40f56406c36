/**
 * Running a system tool (netsh, nmcli, iw, system_profiler, the CoreWLAN helper), behind a
 * port. Always a file and an argument array, never a shell string: nothing a network
 * broadcasts (an SSID) can become a command. Secrets go through `input` (stdin), never argv.
 *
 * Tests hand drivers a recording runner and check the exact argv as data.
 */
export interface CommandOptions {
  timeoutMs: number;
  /** Written to the child's stdin, then stdin is closed. The only way a secret reaches a tool. */
  input?: string;
  /** Variables to set (a string) or remove (undefined) on top of the parent's environment. */
  env?: Record<string, string | undefined>;
}

export interface CommandResult {
  /** Raw bytes: some tools (netsh) print in the console's OEM code page, not UTF-8. */
  stdout: Buffer;
  stderr: Buffer;
  exitCode: number;
}

export type CommandFailureReason = 'not-found' | 'timeout' | 'output-too-large' | 'spawn-failed';

/** The tool could not be run to completion at all (a non-zero exit is a result, not this). */
export class CommandRunError extends Error {
  readonly reason: CommandFailureReason;
  readonly file: string;

  constructor(reason: CommandFailureReason, file: string, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CommandRunError';
    this.reason = reason;
    this.file = file;
  }
}

export interface CommandRunner {
  run(file: string, args: readonly string[], options: CommandOptions): Promise<CommandResult>;
}
