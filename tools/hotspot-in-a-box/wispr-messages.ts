/**
 * The WISPr messages the gateway writes (`<WISPAccessGatewayParam>` blocks) and the HTML they
 * travel in, in the well-formed shape and in the malformed shapes real gateways send. Each
 * malformed variant imitates a capture in the shared research fixtures (`fixtures/wispr/`).
 */
import type { MalformedXml } from './config.js';

/** The root child element, i.e. the message kind. */
export type WisprElement =
  | 'Redirect'
  | 'Proxy'
  | 'AuthenticationReply'
  | 'AuthenticationPollReply'
  | 'LogoffReply'
  | 'AbortLoginReply';

export interface WisprMessage {
  element: WisprElement;
  /** Child elements in order; values are plain text (URLs unescaped). Undefined values are left out. */
  fields: Array<[name: string, value: string | number | undefined]>;
}

export interface WisprStyle {
  version: '1.0' | '2.0';
  malformed: MalformedXml;
}

const SCHEMA_LOCATION = {
  '1.0': 'http://www.acmewisp.com/WISPAccessGatewayParam.xsd',
  '2.0': 'http://www.wballiance.net/wispr_2_0.xsd',
} as const;

function escapeText(value: string, malformed: MalformedXml): string {
  const lt = value.replace(/</g, '&lt;').replace(/>/g, '&gt;');
  // raw-ampersand: `&` left as is inside URLs, as TrueMove's NextURL and ÖBB's LoginURL do.
  return malformed === 'raw-ampersand' ? lt : lt.replace(/&(?!lt;|gt;)/g, '&amp;');
}

function elementName(name: string, malformed: MalformedXml): string {
  return malformed === 'lower-case' ? name.toLowerCase() : name;
}

/** The XML text of one message (no surrounding comment). */
export function renderWisprXml(message: WisprMessage, style: WisprStyle): string {
  const { malformed } = style;
  const declaration = malformed === 'bad-declaration' ? '<?xml version="1.0">' : '<?xml version="1.0" encoding="UTF-8"?>';
  const quote = (text: string) => (malformed === 'smart-quotes' ? `”${text}”` : `"${text}"`);
  const root = elementName('WISPAccessGatewayParam', malformed);
  const child = elementName(message.element, malformed);
  const lines: string[] = [];
  if (malformed !== 'lower-case') lines.push(declaration);
  if (malformed === 'decoy-block') {
    // NNU: a proprietary sibling before the WISPr root, in the same comment.
    lines.push('<carrier_data>', '  <page_type>login</page_type>', '  <device_type>mikrotik</device_type>', '  <login_url>https://decoy.invalid/carrier</login_url>', '</carrier_data>');
  }
  lines.push(
    malformed === 'lower-case'
      ? `<${root}>`
      : `<${root}\n  xmlns:xsi=${quote('http://www.w3.org/2001/XMLSchema-instance')}\n  xsi:noNamespaceSchemaLocation=${quote(SCHEMA_LOCATION[style.version])}>`,
  );
  lines.push(`<${child}>`);
  for (const [name, value] of message.fields) {
    if (value === undefined) continue;
    const tag = elementName(name, malformed);
    const text = escapeText(String(value), malformed);
    lines.push(malformed === 'wrapped-values' ? `<${tag}>\n\t\t${text}\n\t</${tag}>` : `<${tag}>${text}</${tag}>`);
  }
  lines.push(`</${child}>`, `</${root}>`);
  return lines.join('\n');
}

/** Gogo in-flight: a separate comment, before the real one, with a proprietary MT 120 / RC 201 reply. */
const DECOY_COMMENT = [
  '<!--',
  '<CaptchaReply>',
  '<MessageType>120</MessageType>',
  '<ResponseCode>201</ResponseCode>',
  '<LoginResultsURL>https://decoy.invalid/captcha</LoginResultsURL>',
  '</CaptchaReply>',
  '-->',
].join('\n');

function comment(xml: string): string {
  return `<!--\n${xml}\n-->`;
}

function decoyPrefix(style: WisprStyle): string {
  return style.malformed === 'decoy-block' ? `${DECOY_COMMENT}\n` : '';
}

/** The body of the interception 302 (CoovaChilli `redir_reply` shape; TrueMove's bare comment in `block-in-302-body`). */
export function interceptionBody(message: WisprMessage, style: WisprStyle): string {
  const block = comment(renderWisprXml(message, style));
  if (style.malformed === 'block-in-302-body') return `${block}\n`;
  return `<HTML><BODY><H2>Browser error!</H2>Browser does not support redirects!</BODY>\n${decoyPrefix(style)}${block}\n</HTML>\n`;
}

/** A gateway reply (120/140/130/150): the block alone in an HTML comment (MikroTik `xml/*.html`), or bare XML when lower-case (PacketFence). */
export function replyBody(message: WisprMessage, style: WisprStyle): { contentType: string; body: string } {
  const xml = renderWisprXml(message, style);
  if (style.malformed === 'lower-case') return { contentType: 'text/xml; charset=utf-8', body: `${xml}\n` };
  return { contentType: 'text/html; charset=utf-8', body: `<HTML>\n${decoyPrefix(style)}${comment(xml)}\n</HTML>\n` };
}

/**
 * A human login page with the Redirect block in `<head>` (Wi2 style). In `block-in-302-body`
 * the page carries no block: only the 302 body had it.
 */
export function loginPage(options: { title: string; redirect: WisprMessage | undefined; style: WisprStyle; loginUrl: string; notice?: string }): string {
  const { style } = options;
  const block = options.redirect && style.malformed !== 'block-in-302-body' ? `${decoyPrefix(style)}${comment(renderWisprXml(options.redirect, style))}\n` : '';
  const notice = options.notice ? `<p>${escapeHtml(options.notice)}</p>` : '';
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(options.title)}</title>
${block}</head>
<body><h1>${escapeHtml(options.title)}</h1>${notice}
<form method="post" action="${escapeHtml(options.loginUrl)}">
<label>User name <input name="UserName" autocomplete="username"></label>
<label>Password <input name="Password" type="password" autocomplete="current-password"></label>
<input type="hidden" name="button" value="Login"><input type="hidden" name="FNAME" value="0">
<button type="submit">Sign in</button>
</form></body></html>
`;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
