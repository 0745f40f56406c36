/**
 * One entry point for every Wi-Fi tool output Roamdesk reads: `parseWifiOutput(source,
 * text)`. Each parser is pure (text in, `WifiParseResult` out) and never throws.
 */
import { parseAirportInfo, parseAirportScan } from './airport.js';
import { parseCorewlanHelper } from './corewlan-helper.js';
import { parseIwInfo, parseIwLink, parseIwScan, parseIwlistScan } from './iw.js';
import { parseNetshInterfaces } from './netsh-interfaces.js';
import { parseNetshNetworks } from './netsh-networks.js';
import { type NmcliOptions, parseNmcliWifiList } from './nmcli.js';
import { type WifiParseResult, type WifiSource, failure } from './parse-result.js';
import { parseSystemProfiler } from './system-profiler.js';
import { parseWdutil } from './wdutil.js';

export * from './parse-result.js';

export interface ParseOptions {
  nmcli?: NmcliOptions;
}

const PARSERS: Record<WifiSource, (text: string, options: ParseOptions) => WifiParseResult> = {
  'netsh-networks': parseNetshNetworks,
  'netsh-interfaces': parseNetshInterfaces,
  'airport-scan': parseAirportScan,
  'airport-info': parseAirportInfo,
  'system-profiler': parseSystemProfiler,
  wdutil: parseWdutil,
  'corewlan-helper': parseCorewlanHelper,
  nmcli: (text, options) => parseNmcliWifiList(text, options.nmcli),
  'iw-scan': parseIwScan,
  'iw-link': parseIwLink,
  'iw-info': parseIwInfo,
  'iwlist-scan': parseIwlistScan,
};

/** Largest input a parser is handed; tool output is kilobytes, a capture a few hundred. */
export const MAX_PARSE_INPUT_CHARS = 8 * 1024 * 1024;

export function parseWifiOutput(source: WifiSource, text: string, options: ParseOptions = {}): WifiParseResult {
  if (text.length > MAX_PARSE_INPUT_CHARS) return failure(source, `the input is ${text.length} characters; more than ${MAX_PARSE_INPUT_CHARS} is not tool output`);
  try {
    return PARSERS[source](text, options);
  } catch (error) {
    // A parser bug must not take the engine down: report it as unparseable input.
    return failure(source, `the ${source} parser failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
