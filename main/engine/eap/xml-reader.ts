/**
 * A small, strict XML reader for the documents the 802.1X capability reads (eap-config files)
 * and for checking what its renderers write. It builds a tree of elements with their
 * attributes, namespaces (resolved from `xmlns` declarations) and text.
 *
 * Deliberately refused: DOCTYPE declarations and any entity other than the five predefined
 * ones and character references — so no external entity, no entity expansion bomb. Mixed
 * content keeps only the concatenated text of an element's own text nodes.
 */

export interface XmlElement {
  /** The qualified name as written, e.g. `eapCommon:Type`. */
  name: string;
  /** The name without its prefix. */
  localName: string;
  /** The namespace URI the element is in (undefined when in no namespace). */
  namespace: string | undefined;
  attributes: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (text and CDATA directly inside it), untrimmed. */
  text: string;
  /** 1-based line of the start tag, for error messages. */
  line: number;
}

export class XmlSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`${message} (line ${line})`);
    this.name = 'XmlSyntaxError';
  }
}

const NAME = /^[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?$/;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Turns file bytes into text: UTF-8 (with or without BOM) or UTF-16 with a BOM. */
export function decodeXmlBytes(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
}

export function parseXml(source: string): XmlElement {
  const text = source.replace(/^\uFEFF/, '');
  let pos = 0;
  let line = 1;
  const advance = (to: number) => {
    for (let i = pos; i < to; i++) if (text.charCodeAt(i) === 10) line++;
    pos = to;
  };
  const fail = (message: string): never => {
    throw new XmlSyntaxError(message, line);
  };
  const decode = (raw: string): string =>
    raw.replace(/&([^;&\s]*);?/g, (whole, entity: string) => {
      if (!whole.endsWith(';')) fail(`a bare "&" must be written &amp;`);
      if (entity in PREDEFINED) return PREDEFINED[entity]!;
      const numeric = /^#(?:x([0-9A-Fa-f]+)|([0-9]+))$/.exec(entity);
      if (!numeric) return fail(`unknown entity &${entity};`);
      const code = numeric[1] !== undefined ? Number.parseInt(numeric[1], 16) : Number(numeric[2]);
      if (!(code > 0 && code <= 0x10ffff)) fail(`invalid character reference &${entity};`);
      return String.fromCodePoint(code);
    });

  type Open = { element: XmlElement; scope: Map<string, string> };
  const stack: Open[] = [];
  let root: XmlElement | undefined;

  const skipMisc = (where: 'prolog' | 'content' | 'epilog') => {
    for (;;) {
      if (text.startsWith('<?', pos)) {
        const end = text.indexOf('?>', pos);
        if (end < 0) fail('unterminated processing instruction');
        advance(end + 2);
      } else if (text.startsWith('<!--', pos)) {
        const end = text.indexOf('-->', pos + 4);
        if (end < 0) fail('unterminated comment');
        advance(end + 3);
      } else if (text.startsWith('<!DOCTYPE', pos) || text.startsWith('<!ENTITY', pos)) {
        fail('DOCTYPE and entity declarations are not accepted');
      } else if (where !== 'content') {
        const ws = /^\s*/.exec(text.slice(pos, pos + 4096))![0].length;
        if (ws === 0) return;
        advance(pos + ws);
      } else return;
    }
  };

  skipMisc('prolog');
  while (pos < text.length) {
    if (stack.length === 0) {
      if (root) {
        skipMisc('epilog');
        if (pos < text.length) fail('content after the root element');
        break;
      }
      if (text[pos] !== '<') fail('text before the root element');
    }
    if (text.startsWith('<!--', pos) || text.startsWith('<?', pos)) {
      skipMisc('content');
      continue;
    }
    if (text.startsWith('<![CDATA[', pos)) {
      const end = text.indexOf(']]>', pos);
      if (end < 0) fail('unterminated CDATA section');
      stack[stack.length - 1]!.element.text += text.slice(pos + 9, end);
      advance(end + 3);
      continue;
    }
    if (text.startsWith('<!', pos)) fail('DOCTYPE and entity declarations are not accepted');
    if (text.startsWith('</', pos)) {
      const end = text.indexOf('>', pos);
      if (end < 0) fail('unterminated end tag');
      const name = text.slice(pos + 2, end).trim();
      const open = stack.pop();
      if (!open) fail(`unexpected end tag </${name}>`);
      if (open!.element.name !== name) fail(`end tag </${name}> does not close <${open!.element.name}>`);
      advance(end + 1);
      continue;
    }
    if (text[pos] === '<') {
      const startLine = line;
      const match = /^<([^\s/>]+)/.exec(text.slice(pos, pos + 512));
      if (!match || !NAME.test(match[1]!)) fail('invalid element name');
      const name = match![1]!;
      let cursor = pos + match![0].length;
      const rawAttributes: Array<[string, string]> = [];
      let selfClosing = false;
      for (;;) {
        const ws = /^\s*/.exec(text.slice(cursor, cursor + 4096))![0].length;
        cursor += ws;
        if (text.startsWith('/>', cursor)) {
          selfClosing = true;
          cursor += 2;
          break;
        }
        if (text[cursor] === '>') {
          cursor += 1;
          break;
        }
        if (cursor >= text.length) fail(`unterminated start tag <${name}>`);
        const attr = /^([^\s=/>]+)\s*=\s*(?:"([^"<]*)"|'([^'<]*)')/.exec(text.slice(cursor, cursor + 65536));
        if (!attr || !NAME.test(attr[1]!) || ws === 0) fail(`invalid attribute in <${name}>`);
        if (rawAttributes.some(([n]) => n === attr![1])) fail(`duplicate attribute ${attr![1]} in <${name}>`);
        rawAttributes.push([attr![1]!, decode(attr![2] ?? attr![3] ?? '')]);
        cursor += attr![0].length;
      }
      const parentScope = stack[stack.length - 1]?.scope ?? new Map<string, string>([['xml', 'http://www.w3.org/XML/1998/namespace']]);
      const scope = new Map(parentScope);
      for (const [attrName, value] of rawAttributes) {
        if (attrName === 'xmlns') scope.set('', value);
        else if (attrName.startsWith('xmlns:')) scope.set(attrName.slice(6), value);
      }
      const colon = name.indexOf(':');
      const prefix = colon < 0 ? '' : name.slice(0, colon);
      if (prefix && !scope.has(prefix)) fail(`undeclared namespace prefix "${prefix}" on <${name}>`);
      const element: XmlElement = {
        name,
        localName: colon < 0 ? name : name.slice(colon + 1),
        namespace: scope.get(prefix) || undefined,
        attributes: Object.fromEntries(rawAttributes),
        children: [],
        text: '',
        line: startLine,
      };
      const parent = stack[stack.length - 1];
      if (parent) parent.element.children.push(element);
      else root = element;
      advance(cursor);
      if (!selfClosing) stack.push({ element, scope });
      continue;
    }
    const next = text.indexOf('<', pos);
    const end = next < 0 ? text.length : next;
    const chunk = text.slice(pos, end);
    if (stack.length === 0) {
      if (chunk.trim() !== '') fail('text outside the root element');
    } else stack[stack.length - 1]!.element.text += decode(chunk);
    advance(end);
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1]!.element.name}> is not closed`);
  if (!root) fail('no root element');
  return root!;
}

/** The direct children of `element` with this local name (namespace-agnostic). */
export function childrenNamed(element: XmlElement, localName: string): XmlElement[] {
  return element.children.filter((child) => child.localName === localName);
}

/** The first direct child with this local name. */
export function childNamed(element: XmlElement, localName: string): XmlElement | undefined {
  return element.children.find((child) => child.localName === localName);
}
