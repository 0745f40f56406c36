/**
 * Plain text from the HTML an agent's reply is stored as. RT 5's web editor (CKEditor) saves a
 * reply as text/html only — one `<p>` per line, entities for typography (`&mdash;`, `&#39;`) and
 * an empty trailing `<p>&nbsp;</p>` — and the device shows replies as text, so block ends become
 * line breaks, tags go, entities are decoded, and the editor's blank tail is dropped.
 */
import { decode } from 'html-entities';

const BLOCK_END = /<\/(?:p|div|li|h[1-6]|blockquote|pre|tr)\s*>|<br\s*\/?>/gi;
const DROPPED_ELEMENTS = /<(script|style|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const TAG = /<[^>]*>/g;

export function htmlToText(html: string): string {
  const text = decode(html.replace(DROPPED_ELEMENTS, '').replace(/\r?\n/g, ' ').replace(BLOCK_END, '\n').replace(TAG, ''), { level: 'html5' });
  return text
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
