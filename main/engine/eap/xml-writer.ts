/**
 * Writes XML for the renderers: elements built as data, serialised with two-space indentation,
 * text and attribute values escaped. Elements with text content stay on one line.
 */
export interface XmlNode {
  name: string;
  attributes: Array<[string, string]>;
  children: XmlNode[];
  text?: string;
}

/** An element with child elements (undefined/false children are dropped). */
export function el(name: string, attributes: Record<string, string> | undefined, ...children: Array<XmlNode | undefined | false>): XmlNode {
  return { name, attributes: Object.entries(attributes ?? {}), children: children.filter((c): c is XmlNode => c !== undefined && c !== false) };
}

/** An element holding text. */
export function textEl(name: string, text: string | number | boolean, attributes?: Record<string, string>): XmlNode {
  return { name, attributes: Object.entries(attributes ?? {}), children: [], text: String(text) };
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function serializeXml(node: XmlNode, depth = 0): string {
  const pad = '  '.repeat(depth);
  const attrs = node.attributes.map(([k, v]) => ` ${k}="${escapeXml(v)}"`).join('');
  if (node.text !== undefined) return `${pad}<${node.name}${attrs}>${escapeXml(node.text)}</${node.name}>\n`;
  if (node.children.length === 0) return `${pad}<${node.name}${attrs}/>\n`;
  return `${pad}<${node.name}${attrs}>\n${node.children.map((c) => serializeXml(c, depth + 1)).join('')}${pad}</${node.name}>\n`;
}

/** A whole document with the XML declaration. */
export function xmlDocument(root: XmlNode, prolog = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${prolog}${serializeXml(root)}`;
}
