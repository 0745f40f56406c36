/**
 * Running a Wi-Fi tool through the CommandRunner port and turning what went wrong into a
 * coded error, and a parse result into what a driver may hand on. Shared by the drivers.
 */
import { RoamdeskError } from '../../errors.js';
import { CommandRunError, type CommandRunner } from '../../ports/command-runner.js';
import type { Bss } from '../bss.js';
import { WifiError } from '../wifi-error.js';
import { excerpt } from './observation.js';
import type { WifiParseResult, WifiParseSuccess } from './parse-result.js';
import { decodeConsoleOutput } from './text.js';

export interface ToolOutput {
  text: string;
  stderr: string;
  exitCode: number;
}

export interface RunToolOptions {
  timeoutMs: number;
  input?: string;
  env?: Record<string, string | undefined>;
  /** OEM code page to decode with when the output is not UTF-8 (netsh). */
  codePage?: number;
}

export async function runTool(runner: CommandRunner, file: string, args: readonly string[], options: RunToolOptions): Promise<ToolOutput> {
  try {
    const result = await runner.run(file, args, {
      timeoutMs: options.timeoutMs,
      ...(options.input !== undefined ? { input: options.input } : {}),
      ...(options.env !== undefined ? { env: options.env } : {}),
    });
    return {
      text: decodeConsoleOutput(result.stdout, options.codePage).text,
      stderr: decodeConsoleOutput(result.stderr, options.codePage).text,
      exitCode: result.exitCode,
    };
  } catch (error) {
    if (error instanceof CommandRunError) {
      if (error.reason === 'not-found') throw new WifiError('WIFI_COMMAND_NOT_FOUND', `${file} is not installed on this system.`, { cause: error });
      if (error.reason === 'timeout') throw new WifiError('WIFI_COMMAND_TIMEOUT', `${file} did not answer within ${Math.round(options.timeoutMs / 1000)} s.`, { cause: error });
      throw new WifiError('WIFI_COMMAND_FAILED', `${file} could not be run: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

/** A tool's failure, described without echoing more than a line of its output. */
export function commandFailed(file: string, output: ToolOutput): WifiError {
  const said = excerpt(output.stderr || output.text, 160);
  return new WifiError('WIFI_COMMAND_FAILED', `${file} exited with ${output.exitCode}${said ? `: ${said}` : ''}`);
}

/** The result a driver may use, or the coded error that says why not. */
export function requireParsed(result: WifiParseResult): WifiParseSuccess {
  if (!result.ok) throw new WifiError('WIFI_OUTPUT_UNPARSEABLE', `Roamdesk could not read ${result.source} output: ${result.reason}`);
  return result;
}

/**
 * The networks of a scan. A Location gate with nothing usable, or a radio that is off,
 * becomes an error with a code and a hint: never an empty list that looks like "no networks".
 */
export function scanNetworks(result: WifiParseResult): Bss[] {
  const parsed = requireParsed(result);
  if (parsed.radioOff && parsed.networks.length === 0) throw new WifiError('WIFI_RADIO_OFF', 'Wi-Fi is turned off.', { hint: 'Turn Wi-Fi on and scan again.' });
  if (parsed.permission && parsed.networks.length === 0) throw permissionError(parsed);
  return parsed.networks;
}

export function permissionError(parsed: WifiParseSuccess): WifiError {
  const permission = parsed.permission!;
  const where = permission.platform === 'windows' ? 'Windows' : 'macOS';
  return new WifiError('WIFI_LOCATION_PERMISSION_REQUIRED', `${where} hides nearby Wi-Fi networks from Roamdesk until it may use Location (${permission.evidence}).`, {
    hint: `Open ${permission.settingsPath} (${permission.settingsUri}) and allow Roamdesk${permission.platform === 'windows' ? ' ("Let desktop apps access your location")' : ''}, then scan again.`,
  });
}

export { RoamdeskError };
