/** Reads an XML plist back into JS values (for checking rendered .mobileconfig files). */
import { type XmlElement, parseXml } from '../../../main/engine/eap/xml-reader.js';

export type Plist = string | number | boolean | Date | Buffer | Plist[] | { [key: string]: Plist };

function value(element: XmlElement): Plist {
  switch (element.name) {
    case 'string':
      return element.text;
    case 'integer':
      return Number(element.text);
    case 'true':
      return true;
    case 'false':
      return false;
    case 'date':
      return new Date(element.text);
    case 'data':
      return Buffer.from(element.text.replace(/\s+/g, ''), 'base64');
    case 'array':
      return element.children.map(value);
    case 'dict': {
      const result: Record<string, Plist> = {};
      for (let i = 0; i < element.children.length; i += 2) {
        const key = element.children[i]!;
        if (key.name !== 'key') throw new Error(`plist: expected <key>, got <${key.name}>`);
        if (key.text in result) throw new Error(`plist: duplicate key ${key.text}`);
        result[key.text] = value(element.children[i + 1]!);
      }
      return result;
    }
    default:
      throw new Error(`plist: unexpected <${element.name}>`);
  }
}

export function readPlist(xml: string): Plist {
  const doctype = '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">';
  if (!xml.includes(doctype)) throw new Error('plist: the Apple DOCTYPE is missing');
  const root = parseXml(xml.replace(doctype, ''));
  if (root.name !== 'plist' || root.attributes.version !== '1.0' || root.children.length !== 1) throw new Error('plist: bad root');
  return value(root.children[0]!);
}
