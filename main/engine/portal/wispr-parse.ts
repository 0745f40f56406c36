/**
 * Reading the WISPr `WISPAccessGatewayParam` block out of whatever a gateway sends: an
 * HTML page (the block in a comment, in <head>, after </head>, after a META refresh), the
 * body of a 302, bare XML, or a CDATA section.
 *
 * Real gateways send broken XML (about a third of the blocks seen in the wild): raw `&`,
 * typographic or missing attribute quotes, values and numbers wrapped in whitespace, a bad
 * `<?xml version="1.0">` declaration, lower-case element names, Wi2's mangled closing tag.
 * So this is not an XML parser: it finds the block by scanning, never reads attributes
 * (that is where the bad quoting lives), and pulls out the known elements by name,
 * case-insensitively, in any order. No DTD or entity expansion beyond the five XML
 * entities and numeric references, so there is nothing external to fetch.
 *
 * Several blocks may appear in one page; blocks inside <script>, <style>, <textarea> or
 * <title> are decoys (a string in a script is not a message from the gateway) and are
 * skipped. Of the rest, the first that forms a complete message wins.
 */
import { PortalError } from './portal-error.js';

export const wisprMessageTypes = {
  100: 'Redirect',
  110: 'Proxy',
  120: 'AuthenticationReply',
  121: 'EAPAuthenticationReply',
  130: 'LogoffReply',
  140: 'AuthenticationPollReply',
  150: 'AbortLoginReply',
  160: 'StatusReply',
  170: 'PollNotification',
} as const;

export type WisprMessageType = keyof typeof wisprMessageTypes;

/** One WISPr message, with only the fields the gateway sent (empty elements count as absent). */
export interface WisprMessage {
  messageType: WisprMessageType;
  responseCode: number;
  /** The element that wrapped the message (`Redirect`, `Proxy`, …), as the gateway spelled it; absent when there was none. */
  element?: string;
  loginUrl?: string;
  logoffUrl?: string;
  loginResultsUrl?: string;
  abortLoginUrl?: string;
  nextUrl?: string;
  /** Seconds. */
  delay?: number;
  /** The first ReplyMessage; all of them are in `replyMessages`. */
  replyMessage?: string;
  replyMessages: string[];
  accessProcedure?: string;
  accessLocation?: string;
  locationName?: string;
  versionHigh?: string;
  versionLow?: string;
  eapMsg?: string;
  statusUrl?: string;
  redirectionUrl?: string;
  /** Seconds. */
  maxSessionTime?: number;
  /** Things that were wrong but not fatal (a dropped unusable URL, an element/type mismatch). */
  warnings: string[];
}

const MESSAGE_ELEMENTS: readonly string[] = Object.values(wisprMessageTypes);
const ROOT = 'WISPAccessGatewayParam';
/** More than any real page; a guard against pathological input. */
const MAX_SCAN_CHARS = 2 * 1024 * 1024;

type Container = 'document' | 'comment' | 'cdata' | 'decoy';

interface Candidate {
  start: number;
  text: string;
  container: Container;
}

/** Parses the WISPr message in `text`, or throws a PortalError (WISPR_NOT_FOUND, WISPR_MALFORMED, WISPR_UNKNOWN_MESSAGE). */
export function parseWispr(text: string): WisprMessage {
  const candidates = findWisprBlocks(text).filter((candidate) => candidate.container !== 'decoy');
  if (candidates.length === 0) {
    throw new PortalError('WISPR_NOT_FOUND', undefined, { hint: 'The hotspot may need its sign-in page opened in a browser.' });
  }
  let firstError: unknown;
  for (const candidate of candidates) {
    try {
      return parseBlock(candidate.text);
    } catch (error) {
      firstError ??= error;
    }
  }
  throw firstError;
}

/** Like parseWispr, but "no block on the page" is an answer (undefined), not an error. */
export function findWispr(text: string): WisprMessage | undefined {
  try {
    return parseWispr(text);
  } catch (error) {
    if (error instanceof PortalError && error.portalCode === 'WISPR_NOT_FOUND') return undefined;
    throw error;
  }
}

/** Every `<WISPAccessGatewayParam` block in the text, with what it sits in. */
export function findWisprBlocks(input: string): Candidate[] {
  const text = input.length > MAX_SCAN_CHARS ? input.slice(0, MAX_SCAN_CHARS) : input;
  const ranges = containerRanges(text);
  const starts: number[] = [];
  const startPattern = /<\s*(?:[\w.-]+:)?WISPAccessGatewayParam(?=[\s>/])/gi;
  for (let match = startPattern.exec(text); match; match = startPattern.exec(text)) starts.push(match.index);

  return starts.map((start, index) => {
    const container = ranges.find((range) => range.from <= start && start < range.to);
    const limit = Math.min(starts[index + 1] ?? text.length, container && container.kind !== 'decoy' ? container.to : text.length);
    const rest = text.slice(start, limit);
    // The block ends at its closing tag, or (Wi2's "-->ISPAccessGatewayParam>") where its comment ends.
    const close = /<\/\s*(?:[\w.-]+:)?WISPAccessGatewayParam\s*>/i.exec(rest);
    const blockText = close ? rest.slice(0, close.index + close[0].length) : rest;
    return { start, text: blockText, container: container?.kind ?? 'document' };
  });
}

interface Range {
  from: number;
  to: number;
  kind: Container;
}

/** Comments, CDATA sections and raw-text elements (script, style, textarea, title) of an HTML/XML text. */
function containerRanges(text: string): Range[] {
  const ranges: Range[] = [];
  const opener = /<!--|<!\[CDATA\[|<(script|style|textarea|title)\b/gi;
  let position = 0;
  while (position < text.length) {
    opener.lastIndex = position;
    const match = opener.exec(text);
    if (!match) break;
    const from = match.index;
    let end: number;
    let kind: Container;
    if (match[0] === '<!--') {
      const close = text.indexOf('-->', from + 4);
      end = close === -1 ? text.length : close + 3;
      kind = 'comment';
    } else if (match[0].toUpperCase() === '<![CDATA[') {
      const close = text.indexOf(']]>', from + 9);
      end = close === -1 ? text.length : close + 3;
      kind = 'cdata';
    } else {
      const closePattern = new RegExp(`</${match[1]}\\s*>`, 'gi');
      closePattern.lastIndex = from + match[0].length;
      const close = closePattern.exec(text);
      end = close ? close.index + close[0].length : text.length;
      kind = 'decoy';
    }
    ranges.push({ from, to: end, kind });
    position = end;
  }
  return ranges;
}

/** Reads one block. */
function parseBlock(block: string): WisprMessage {
  const warnings: string[] = [];
  // The message element: the first known one inside the root; some gateways send none at all.
  const elementPattern = new RegExp(`<\\s*(?:[\\w.-]+:)?(${MESSAGE_ELEMENTS.join('|')})(?=[\\s>/])[^>]*>`, 'i');
  const elementMatch = elementPattern.exec(block);
  const element = elementMatch?.[1];
  let scope = block;
  if (elementMatch && element) {
    const after = block.slice(elementMatch.index + elementMatch[0].length);
    const close = new RegExp(`<\\/\\s*(?:[\\w.-]+:)?${element}\\s*>`, 'i').exec(after);
    scope = close ? after.slice(0, close.index) : after;
  }

  const typeText = firstValue(scope, 'MessageType');
  const codeText = firstValue(scope, 'ResponseCode');
  if (typeText === undefined) throw new PortalError('WISPR_MALFORMED', 'The WISPr message has no MessageType.');
  if (codeText === undefined) throw new PortalError('WISPR_MALFORMED', 'The WISPr message has no ResponseCode.');
  const messageType = integer(typeText);
  const responseCode = integer(codeText);
  if (messageType === undefined) throw new PortalError('WISPR_MALFORMED', `The WISPr MessageType "${clip(typeText)}" is not a number.`);
  if (responseCode === undefined) throw new PortalError('WISPR_MALFORMED', `The WISPr ResponseCode "${clip(codeText)}" is not a number.`);
  if (!isKnownType(messageType)) {
    throw new PortalError('WISPR_UNKNOWN_MESSAGE', `The hotspot sent WISPr message type ${messageType}, which Roamdesk does not know.`, {
      hint: 'The hotspot may need its sign-in page opened in a browser.',
    });
  }
  if (element && element.toLowerCase() !== wisprMessageTypes[messageType].toLowerCase()) {
    warnings.push(`message type ${messageType} arrived in a <${element}> element`);
  }

  const message: WisprMessage = { messageType, responseCode, replyMessages: allValues(scope, 'ReplyMessage'), warnings };
  if (element) message.element = element;
  if (message.replyMessages[0] !== undefined) message.replyMessage = message.replyMessages[0];

  const texts = { accessProcedure: 'AccessProcedure', accessLocation: 'AccessLocation', locationName: 'LocationName', versionHigh: 'VersionHigh', versionLow: 'VersionLow', eapMsg: 'EAPMsg' } as const;
  for (const [key, name] of Object.entries(texts) as Array<[keyof typeof texts, string]>) {
    const value = firstValue(scope, name);
    if (value !== undefined) message[key] = value;
  }

  const urls = {
    loginUrl: 'LoginURL',
    logoffUrl: 'LogoffURL',
    loginResultsUrl: 'LoginResultsURL',
    abortLoginUrl: 'AbortLoginURL',
    nextUrl: 'NextURL',
    statusUrl: 'StatusURL',
    redirectionUrl: 'RedirectionURL',
  } as const;
  for (const [key, name] of Object.entries(urls) as Array<[keyof typeof urls, string]>) {
    const value = firstValue(scope, name);
    if (value === undefined) continue;
    if (isAbsoluteHttpUrl(value)) message[key] = value;
    else if (key === 'loginUrl' && messageType === 100) {
      throw new PortalError('WISPR_MALFORMED', `The WISPr LoginURL "${clip(value)}" is not an absolute http(s) address.`, {
        hint: 'The hotspot’s sign-in page may need to be opened in a browser.',
      });
    } else warnings.push(`${name} "${clip(value)}" is not an absolute http(s) address and was ignored`);
  }

  for (const [key, name] of [
    ['delay', 'Delay'],
    ['maxSessionTime', 'MaxSessionTime'],
  ] as const) {
    const value = firstValue(scope, name);
    if (value === undefined) continue;
    const seconds = integer(value);
    if (seconds === undefined) warnings.push(`${name} "${clip(value)}" is not a number and was ignored`);
    else message[key] = seconds;
  }

  if (messageType === 100 && message.loginUrl === undefined) {
    throw new PortalError('WISPR_MALFORMED', 'The WISPr Redirect message has no LoginURL.', { hint: 'The hotspot’s sign-in page may need to be opened in a browser.' });
  }
  return message;
}

function isKnownType(value: number): value is WisprMessageType {
  return Object.hasOwn(wisprMessageTypes, value);
}

/** The cleaned text of each `<name>…</name>` in `scope`; empty ones are left out. */
function allValues(scope: string, name: string): string[] {
  const values: string[] = [];
  const open = new RegExp(`<\\s*(?:[\\w.-]+:)?${name}(?=[\\s>/])([^>]*)>`, 'gi');
  for (let match = open.exec(scope); match; match = open.exec(scope)) {
    if (match[1]?.trimEnd().endsWith('/')) continue; // <Name/>
    const from = match.index + match[0].length;
    const rest = scope.slice(from);
    // A real CDATA section may hold '<'; take it whole.
    const cdata = /^\s*<!\[CDATA\[([\s\S]*?)\]\]>/.exec(rest);
    let raw: string;
    let decode = true;
    if (cdata) {
      raw = cdata[1] ?? '';
      decode = false;
    } else {
      const close = new RegExp(`<\\/\\s*(?:[\\w.-]+:)?${name}\\s*>`, 'i').exec(rest);
      const next = rest.indexOf('<');
      // Without a closing tag, the value runs to the next tag.
      raw = rest.slice(0, close ? close.index : next === -1 ? rest.length : next);
    }
    const value = clean(raw, decode);
    if (value !== '') values.push(value);
    open.lastIndex = from;
  }
  return values;
}

function firstValue(scope: string, name: string): string | undefined {
  return allValues(scope, name)[0];
}

function clean(raw: string, decode: boolean): string {
  let value = raw.trim();
  // CoovaChilli and PacketFence write the literal text "CDATA[[…]]" (not a CDATA section).
  const pseudo = /^CDATA\[\[([\s\S]*)\]\]$/.exec(value);
  if (pseudo) value = (pseudo[1] ?? '').trim();
  return decode ? decodeEntities(value) : value;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The five XML entities and numeric references; a raw `&` that starts none of them stays as it is. */
function decodeEntities(value: string): string {
  return value.replace(/&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|(amp|lt|gt|quot|apos));/gi, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name) return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
    const code = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
    return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

function integer(text: string): number | undefined {
  const trimmed = text.trim();
  return /^\d{1,9}$/.test(trimmed) ? Number(trimmed) : undefined;
}

function isAbsoluteHttpUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

function clip(value: string): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 77)}…` : flat;
}
