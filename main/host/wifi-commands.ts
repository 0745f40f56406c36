/**
 * `roamdesk wifi …`: the Wi-Fi tool-output commands (no engine, no radio).
 *
 *   roamdesk wifi parse --source <source> <file> [--json] [--code-page <n>] [--fields <list>]
 *
 * Reads a saved output of netsh, airport, system_profiler, wdutil, the CoreWLAN helper,
 * nmcli or iw and prints what Roamdesk understood, in the scan model. Exit status: 0 read
 * (a Location gate or a radio that is off is reported, not an error); 2 the file is missing
 * or is not output of that tool, with a code and a reason.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { Bss } from '../engine/wifi/bss.js';
import { WIFI_SOURCES, type WifiParseResult, type WifiParseSuccess, isWifiSource, parseWifiOutput } from '../engine/wifi/parsers/index.js';
import { decodeConsoleOutput } from '../engine/wifi/parsers/text.js';

interface ParseOptions {
  source?: string;
  json?: boolean;
  codePage?: string;
  fields?: string;
}

function fail(options: ParseOptions, code: string, message: string, hint?: string): void {
  const error = hint === undefined ? { code, message } : { code, message, hint };
  if (options.json) process.stdout.write(`${JSON.stringify({ error }, null, 2)}\n`);
  else process.stderr.write(`roamdesk: ${code}: ${message}${hint ? `\n  ${hint}` : ''}\n`);
  process.exitCode = 2;
}

function dbm(value: number | null): string {
  return value === null ? '?' : `${value} dBm`;
}

type Nullable<T> = { [K in keyof T]: T[K] | null };

function row(bss: Nullable<Pick<Bss, 'ssid' | 'ssidHex' | 'bssid' | 'signalDbm' | 'band' | 'channel' | 'standard' | 'security'>>): string {
  const name = bss.ssid === null ? '(hidden by the system)' : bss.ssidHex === '' ? '(hidden network)' : JSON.stringify(bss.ssid);
  return `  ${(bss.bssid ?? '(no BSSID)').padEnd(17)}  ${dbm(bss.signalDbm).padStart(10)}  ${String(bss.band ?? '?').padEnd(6)}  ch ${String(bss.channel ?? '?').padEnd(3)}  ${String(bss.standard ?? '?').padEnd(8)}  ${String(bss.security ?? '?').padEnd(15)}  ${name}`;
}

export function formatWifiParse(result: WifiParseSuccess): string {
  const out: string[] = [`${result.source}: ${result.networks.length} networks, ${result.incomplete.length} incomplete, ${result.links.length} links`];
  if (result.permission) {
    out.push(`PERMISSION NEEDED (${result.permission.code}): ${result.permission.evidence}`, `  open ${result.permission.settingsPath} — ${result.permission.settingsUri}`);
  }
  if (result.radioOff) out.push('Wi-Fi is turned off.');
  for (const network of result.networks) out.push(row(network));
  for (const partial of result.incomplete) out.push(`${row(partial)}  [missing ${partial.missing.join(', ')}]`);
  for (const link of result.links) {
    out.push(
      `link ${link.interfaceName ?? '?'}: ${link.state}${link.ssid !== null ? ` to ${JSON.stringify(link.ssid)}` : ''} ${link.bssid ?? '(no BSSID)'} ${dbm(link.signalDbm)}${link.noiseDbm !== null ? ` noise ${link.noiseDbm} dBm` : ''} ${link.band ?? ''} ch ${link.channel ?? '?'} ${link.standard ?? ''} ${link.security ?? ''}`.trimEnd(),
    );
  }
  for (const warning of result.warnings) out.push(`  warning: ${warning}`);
  return out.join('\n');
}

export function parseWifiFile(file: string, source: string, options: { codePage?: number; fields?: string[] } = {}): WifiParseResult | { error: { code: string; message: string; hint?: string } } {
  if (!isWifiSource(source)) return { error: { code: 'INVALID_REQUEST', message: `Unknown --source "${source}".`, hint: `Use one of: ${WIFI_SOURCES.join(', ')}.` } };
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return { error: { code: 'WIFI_CAPTURE_NOT_FOUND', message: `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.` } };
  }
  const { text } = decodeConsoleOutput(bytes, options.codePage);
  return parseWifiOutput(source, text, options.fields ? { nmcli: { fields: options.fields } } : {});
}

export function registerWifiCommands(program: Command): void {
  const wifi = program.command('wifi').description('Wi-Fi tools: read saved output of netsh, airport, system_profiler, wdutil, nmcli, iw');
  wifi
    .command('parse')
    .argument('<file>', 'a saved output of the tool named by --source')
    .requiredOption('--source <source>', `which tool printed it: ${WIFI_SOURCES.join(' | ')}`)
    .option('--json', 'print machine-readable JSON')
    .option('--code-page <n>', 'Windows console code page of the file when it is not UTF-8 (e.g. 850, 437)')
    .option('--fields <list>', 'nmcli: the -f field list the output was made with (comma-separated)')
    .description('show what Roamdesk understands from a saved Wi-Fi tool output, as its scan model')
    .action((file: string, options: ParseOptions) => {
      const codePage = options.codePage === undefined ? undefined : Number(options.codePage);
      if (codePage !== undefined && !Number.isInteger(codePage)) return fail(options, 'INVALID_REQUEST', `--code-page "${options.codePage}" is not a number.`);
      const result = parseWifiFile(file, options.source ?? '', {
        ...(codePage !== undefined ? { codePage } : {}),
        ...(options.fields ? { fields: options.fields.split(',').map((field) => field.trim().toUpperCase()) } : {}),
      });
      if ('error' in result) return fail(options, result.error.code, result.error.message, result.error.hint);
      if (!result.ok) return fail(options, result.code, `${file} is not ${result.source} output: ${result.reason}`, `Check --source (one of: ${WIFI_SOURCES.join(', ')}).`);
      process.stdout.write(options.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatWifiParse(result)}\n`);
    });
}
