/**
 * Explaining a saved captive-portal answer (`roamdesk portal parse <file>`): a portal page or
 * reply carrying a WISPr block, a raw HTTP response or exchange (request, then response) as
 * captured from the wire, or an RFC 8908 API body. The kind is recognised from the text, then
 * the engine's own readers do the work — `parseWispr` (lenient, as the smart client reads)
 * and `parseCapportResponse` / `parseCapportJson` (strict, as detection reads) — so the
 * answer is exactly what Roamdesk would make of that gateway.
 *
 * Failures are the readers' stable codes (WISPR_*, CAPPORT_*); an unreadable file is
 * INVALID_REQUEST.
 */
import { readFileSync, statSync } from 'node:fs';
import { RoamdeskError } from '../engine/errors.js';
import { type CapportState, parseCapportJson, parseCapportResponse } from '../engine/portal/capport.js';
import { type WisprMessage, parseWispr, wisprMessageTypes } from '../engine/portal/wispr-parse.js';

/** More than any page or API answer; the WISPr scanner stops at 2 MiB anyway. */
const MAX_FILE_BYTES = 8 * 1024 * 1024;

/** Where the message was read from. */
export type PortalSource = 'page' | 'http-response' | 'json';

/** The fields of a WISPr message the CLI explains (those present), as the engine's reader gives them. */
const SUMMARY_FIELDS = ['loginUrl', 'logoffUrl', 'loginResultsUrl', 'abortLoginUrl', 'nextUrl', 'delay', 'replyMessage', 'locationName', 'maxSessionTime'] as const;

export type WisprSummary = { kind: 'wispr'; source: PortalSource; httpStatus?: number; messageType: number; messageName: string; warnings?: string[] } & Pick<WisprMessage, 'responseCode'> &
  Partial<Pick<WisprMessage, (typeof SUMMARY_FIELDS)[number]>>;

export interface CapportSummary {
  kind: 'capport';
  source: PortalSource;
  httpStatus?: number;
  captive: boolean;
  userPortalUrl?: string;
  venueInfoUrl?: string;
  secondsRemaining?: number;
  bytesRemaining?: number;
  canExtendSession: boolean;
  /** Keys RFC 8908 does not define (ignored). */
  ignoredKeys?: string[];
}

export type PortalFileSummary = WisprSummary | CapportSummary;

interface HttpResponseText {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Reads `file` and explains it; throws a RoamdeskError with a stable code when it cannot. */
export function explainPortalFile(file: string): PortalFileSummary {
  return explainPortalText(readPortalFile(file));
}

export function explainPortalText(input: string): PortalFileSummary {
  const text = input.replace(/^\uFEFF/, '');
  const response = httpResponseIn(text);
  if (response) {
    const httpStatus = response.status;
    if (isCapportResponse(response)) return capportSummary(parseCapportResponse(response), 'http-response', httpStatus);
    return wisprSummary(parseWispr(response.body), 'http-response', httpStatus);
  }
  if (/^\s*[{[]/.test(text)) return capportSummary(parseCapportJson(text), 'json');
  return wisprSummary(parseWispr(text), 'page');
}

function readPortalFile(file: string): string {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
    size = stat.size;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'ENOENT' ? 'there is no such file' : code === 'EISDIR' ? 'it is not a file' : code === 'EACCES' ? 'permission denied' : (code ?? 'unreadable');
    throw new RoamdeskError('INVALID_REQUEST', `Cannot read ${file}: ${why}.`, {
      hint: 'Give a saved portal page (.html/.xml), a raw HTTP response, or an RFC 8908 JSON answer.',
    });
  }
  if (size > MAX_FILE_BYTES) {
    throw new RoamdeskError('INVALID_REQUEST', `${file} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MiB; no portal answer is that big.`, {
      hint: 'Give a saved portal page (.html/.xml), a raw HTTP response, or an RFC 8908 JSON answer.',
    });
  }
  return readFileSync(file, 'utf8');
}

const STATUS_LINE = /^HTTP\/\d(?:\.\d)?[ \t]+(\d{3})(?:[ \t][^\r\n]*)?\r?$/m;
const REQUEST_LINE = /^[A-Z]+[ \t]+\S+[ \t]+HTTP\/\d(?:\.\d)?\r?\n/;

/**
 * The HTTP response in a raw capture: the text itself when it starts with a status line, or
 * the response after the request when it starts with a request line (an exchange).
 */
function httpResponseIn(text: string): HttpResponseText | undefined {
  const trimmed = text.replace(/^\s+/, '');
  let from: number;
  if (/^HTTP\/\d(?:\.\d)?[ \t]+\d{3}/.test(trimmed)) from = 0;
  else if (REQUEST_LINE.test(trimmed)) {
    const status = STATUS_LINE.exec(trimmed);
    if (!status) return undefined;
    from = status.index;
  } else return undefined;

  const message = trimmed.slice(from);
  const lines = message.split(/\r?\n/);
  const status = Number(/^HTTP\/\S+[ \t]+(\d{3})/.exec(lines[0] ?? '')?.[1]);
  const headers: Record<string, string> = {};
  let index = 1;
  for (; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (line.trim() === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) continue; // not a header (a folded or broken line): skipped, as a lenient reader would
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  // The body: everything after the blank line, line endings as captured.
  const headerBlock = /\r?\n\r?\n/.exec(message);
  const body = headerBlock ? message.slice(headerBlock.index + headerBlock[0].length) : '';
  return { status, headers, body };
}

/** An RFC 8908 answer says so in its media type; a JSON body under another type is read as one too (and refused for its type). */
function isCapportResponse(response: HttpResponseText): boolean {
  const mediaType = response.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/captive+json') return true;
  return (mediaType === undefined || mediaType.endsWith('json')) && /^\s*\{/.test(response.body);
}

function wisprSummary(message: WisprMessage, source: PortalSource, httpStatus?: number): WisprSummary {
  const summary: WisprSummary = {
    kind: 'wispr',
    source,
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    messageType: message.messageType,
    messageName: wisprMessageTypes[message.messageType],
    responseCode: message.responseCode,
  };
  for (const key of SUMMARY_FIELDS) {
    const value = message[key];
    if (value !== undefined) (summary as unknown as Record<string, unknown>)[key] = value;
  }
  if (message.warnings.length > 0) summary.warnings = [...message.warnings];
  return summary;
}

function capportSummary(state: CapportState, source: PortalSource, httpStatus?: number): CapportSummary {
  return {
    kind: 'capport',
    source,
    ...(httpStatus !== undefined ? { httpStatus } : {}),
    captive: state.captive,
    ...(state.userPortalUrl !== undefined ? { userPortalUrl: state.userPortalUrl } : {}),
    ...(state.venueInfoUrl !== undefined ? { venueInfoUrl: state.venueInfoUrl } : {}),
    ...(state.secondsRemaining !== undefined ? { secondsRemaining: state.secondsRemaining } : {}),
    ...(state.bytesRemaining !== undefined ? { bytesRemaining: state.bytesRemaining } : {}),
    canExtendSession: state.canExtendSession,
    ...(state.ignoredKeys.length > 0 ? { ignoredKeys: [...state.ignoredKeys] } : {}),
  };
}
