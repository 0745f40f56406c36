/**
 * The CommandRunner port on Node's child_process.execFile: no shell, an argument array,
 * a timeout, bounded output, stdin for secrets. Output stays bytes; the caller decodes
 * (netsh may print in the console's OEM code page).
 */
import { execFile } from 'node:child_process';
import { CommandRunError, type CommandOptions, type CommandResult, type CommandRunner } from '../engine/ports/command-runner.js';

const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

function environment(overrides: CommandOptions['env']): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export class ExecFileRunner implements CommandRunner {
  run(file: string, args: readonly string[], options: CommandOptions): Promise<CommandResult> {
    return new Promise((resolve, reject) => {
      const child = execFile(
        file,
        [...args],
        { encoding: 'buffer', shell: false, windowsHide: true, timeout: options.timeoutMs, maxBuffer: MAX_OUTPUT_BYTES, env: environment(options.env) },
        (error, stdout, stderr) => {
          if (!error) return resolve({ stdout, stderr, exitCode: 0 });
          const failure = error as NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: string | number | null };
          if (failure.code === 'ENOENT') return reject(new CommandRunError('not-found', file, `${file} is not installed or not on PATH.`, { cause: error }));
          if (failure.code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return reject(new CommandRunError('output-too-large', file, `${file} printed more than ${MAX_OUTPUT_BYTES} bytes.`, { cause: error }));
          if (failure.killed && failure.signal) return reject(new CommandRunError('timeout', file, `${file} did not finish within ${options.timeoutMs} ms.`, { cause: error }));
          if (typeof failure.code === 'number') return resolve({ stdout, stderr, exitCode: failure.code });
          reject(new CommandRunError('spawn-failed', file, `${file} could not be started (${String(failure.code ?? failure.message)}).`, { cause: error }));
        },
      );
      // A secret arrives on stdin only; close stdin either way so no tool waits for a prompt.
      child.stdin?.on('error', () => {});
      child.stdin?.end(options.input ?? '');
    });
  }
}
