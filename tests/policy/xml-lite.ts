/**
 * A strict little XML reader for the tests: it throws on anything not well-formed (unclosed
 * or mismatched tags, unquoted or duplicate attributes, a bare `&` or `<`, text outside the
 * root, unknown entities) and returns the element tree, so the tests can both check the
 * generated ADMX/ADML/mobileconfig and read them the way Group Policy and macOS would.
 * xmllint, when installed, checks the same files independently (templates.test.ts).
 */
export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string, where: number): string {
  if (/<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text)) throw new Error(`bare < or & (or an unknown entity) near offset ${where}`);
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, entity: string) =>
    entity.startsWith('#x') ? String.fromCodePoint(Number.parseInt(entity.slice(2), 16)) : entity.startsWith('#') ? String.fromCodePoint(Number(entity.slice(1))) : ENTITIES[entity]!,
  );
}

export function parseXml(xml: string): XmlElement {
  let i = 0;
  const s = xml.replace(/^\uFEFF/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;

  const skipMisc = () => {
    for (;;) {
      const ws = /^\s*/.exec(s.slice(i))![0];
      i += ws.length;
      if (s.startsWith('<?', i)) {
        const end = s.indexOf('?>', i);
        if (end < 0) throw new Error('unterminated processing instruction');
        i = end + 2;
      } else if (s.startsWith('<!--', i)) {
        const end = s.indexOf('-->', i + 4);
        if (end < 0) throw new Error('unterminated comment');
        if (s.slice(i + 4, end).includes('--')) throw new Error('"--" inside a comment');
        i = end + 3;
      } else if (s.startsWith('<!DOCTYPE', i)) {
        const end = s.indexOf('>', i);
        if (end < 0) throw new Error('unterminated DOCTYPE');
        i = end + 1;
      } else return;
    }
  };

  skipMisc();
  while (i < s.length) {
    if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 4);
      if (end < 0) throw new Error('unterminated comment');
      if (s.slice(i + 4, end).includes('--')) throw new Error('"--" inside a comment');
      i = end + 3;
      continue;
    }
    if (s.startsWith('<![CDATA[', i)) {
      const end = s.indexOf(']]>', i);
      if (end < 0 || !stack.length) throw new Error('bad CDATA');
      stack[stack.length - 1]!.text += s.slice(i + 9, end);
      i = end + 3;
      continue;
    }
    if (s.startsWith('</', i)) {
      const match = NAME.exec(s.slice(i + 2));
      if (!match) throw new Error(`bad end tag at ${i}`);
      const open = stack.pop();
      if (!open || open.name !== match[0]) throw new Error(`</${match[0]}> does not close <${open?.name ?? '(nothing)'}> at ${i}`);
      i += 2 + match[0].length;
      const rest = /^\s*>/.exec(s.slice(i));
      if (!rest) throw new Error(`bad end tag </${match[0]}>`);
      i += rest[0].length;
      if (!stack.length) {
        root = open;
        skipMisc();
        if (i < s.length) throw new Error(`content after the root element at ${i}`);
      }
      continue;
    }
    if (s[i] === '<') {
      if (root) throw new Error('second root element');
      const match = NAME.exec(s.slice(i + 1));
      if (!match) throw new Error(`bad start tag at ${i}`);
      const element: XmlElement = { name: match[0], attributes: {}, children: [], text: '' };
      i += 1 + match[0].length;
      for (;;) {
        const ws = /^\s*/.exec(s.slice(i))![0];
        i += ws.length;
        if (s.startsWith('/>', i) || s[i] === '>') break;
        if (!ws) throw new Error(`attributes must be separated by space in <${element.name}>`);
        const attr = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"]*)"|'([^']*)')/.exec(s.slice(i));
        if (!attr) throw new Error(`bad attribute in <${element.name}> at ${i}`);
        if (Object.hasOwn(element.attributes, attr[1]!)) throw new Error(`duplicate attribute ${attr[1]} in <${element.name}>`);
        element.attributes[attr[1]!] = decode(attr[3] ?? attr[4] ?? '', i);
        i += attr[0].length;
      }
      if (stack.length) stack[stack.length - 1]!.children.push(element);
      if (s.startsWith('/>', i)) {
        i += 2;
        if (!stack.length) {
          root = element;
          skipMisc();
          if (i < s.length) throw new Error('content after the root element');
        }
      } else {
        i += 1;
        stack.push(element);
      }
      continue;
    }
    const next = s.indexOf('<', i);
    const text = s.slice(i, next < 0 ? s.length : next);
    if (!stack.length) throw new Error(`text outside the root element at ${i}`);
    stack[stack.length - 1]!.text += decode(text, i);
    i = next < 0 ? s.length : next;
  }
  if (stack.length || !root) throw new Error(`unclosed <${stack[stack.length - 1]?.name ?? 'root'}>`);
  return root;
}

export function children(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name);
}

export function child(element: XmlElement, name: string): XmlElement | undefined {
  return element.children.find((child) => child.name === name);
}

export function descendants(element: XmlElement, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const walk = (node: XmlElement) => {
    for (const c of node.children) {
      if (c.name === name) found.push(c);
      walk(c);
    }
  };
  walk(element);
  return found;
}
