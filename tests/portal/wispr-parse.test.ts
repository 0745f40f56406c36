/**
 * The WISPr reader against every real capture in ../shared/fixtures/wispr (used as they
 * are), then against quirks the captures do not cover, written inline.
 *
 * Element-name matching: case-insensitive everywhere (PacketFence answers in lower case);
 * the wrapping element's spelling is reported in `element`.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { findWispr, findWisprBlocks, parseWispr, type WisprMessage } from '../../main/engine/portal/wispr-parse.js';
import { PortalError } from '../../main/engine/portal/portal-error.js';
import { FIXTURES, fixture, parseJavaHeaderDump, parseRawHttpResponse } from './support/fixtures.js';

type Expected = { ok: Partial<WisprMessage>; absent?: Array<keyof WisprMessage>; http?: { status: number; location: string } } | { error: string; messageIncludes?: string };

/** Every fixture file, and what Roamdesk makes of it. `.txt` exchanges are parsed as HTTP first. */
const table: Record<string, Expected> = {
  'coovachilli_eap-121-10-challenge_http-exchange.txt': {
    http: { status: 302, location: 'https://coova/www/login.chi?res=challenge&...' },
    ok: { messageType: 121, responseCode: 10, element: 'EAPAuthenticationReply', eapMsg: 'AQIAFgQQLh0uQthjM0PZoQBHT6wE0Q==', loginUrl: 'http://coova/www/login.chi?res=wispr&...' },
    absent: ['logoffUrl', 'replyMessage'],
  },
  'coovachilli_eap-121-50-success_http-exchange.txt': {
    http: { status: 302, location: 'https://coova/www/login.chi?res=success&...' },
    ok: { messageType: 121, responseCode: 50, eapMsg: 'AwIABA==', logoffUrl: 'http://10.1.0.1:3990/logoff', statusUrl: 'http://10.1.0.1:3990/status', maxSessionTime: 0 },
    // <RedirectionURL></RedirectionURL> is empty: absent, not "".
    absent: ['redirectionUrl', 'loginUrl'],
  },
  'coovachilli_wispr1-redirect-100.xml': {
    ok: {
      messageType: 100,
      responseCode: 0,
      element: 'Redirect',
      accessProcedure: '1.0',
      accessLocation: 'isocc=,cc=,ac=,network=Coova,',
      locationName: 'My_HotSpot',
      loginUrl: 'https://coova/www/login.chi?res=wispr&...',
      abortLoginUrl: 'http://10.1.0.1:3990/abort',
    },
    absent: ['versionHigh', 'eapMsg'],
  },
  'coovachilli_wispr2-redirect-100_eapmsg_http-exchange.txt': {
    http: { status: 302, location: 'https://coova/www/login.chi?res=notyet&uamip=10.1.0.1&uamport=3990...' },
    ok: {
      messageType: 100,
      responseCode: 0,
      versionHigh: '2.0',
      versionLow: '1.0',
      accessProcedure: '1.0',
      // Coova's literal "CDATA[[…]]" is stripped.
      accessLocation: 'isocc=,cc=,ac=,network=Coova,',
      locationName: 'My_HotSpot',
      loginUrl: 'https://coova/www/login.chi?res=wispr&uamip=10.1.0.1&uamport=3990&...',
      abortLoginUrl: 'http://10.1.0.1:3990/abort',
      eapMsg: 'AQEABQE=',
    },
  },
  // A schema names the element in an attribute; it is not a message.
  'mikrotik-routeros_xml-WISPAccessGatewayParam.xsd': { error: 'WISPR_NOT_FOUND' },
  // Unrendered template: placeholders stay as text; the unusable LogoffURL/RedirectionURL are dropped with warnings.
  'mikrotik-routeros_xml-alogin.tmpl.html': {
    ok: { messageType: 120, responseCode: 50, replyMessages: ['$(radius18[0])', '$(radius18[1])', '$(radius18[2])', '$(radius18[3])', '$(radius18[4])'], replyMessage: '$(radius18[0])' },
    absent: ['logoffUrl', 'redirectionUrl'],
  },
  'mikrotik-routeros_xml-error.tmpl.html': { ok: { messageType: 120, responseCode: 255, replyMessages: ['$(error)'] } },
  'mikrotik-routeros_xml-flogout.tmpl.html': { ok: { messageType: 130, responseCode: 150, element: 'LogoffReply', replyMessages: [] } },
  // Unrendered, the ResponseCode is a $(if …) construct, not a number.
  'mikrotik-routeros_xml-login.tmpl.html': { error: 'WISPR_MALFORMED', messageIncludes: 'ResponseCode' },
  'mikrotik-routeros_xml-logout.tmpl.html': { ok: { messageType: 130, responseCode: 150, element: 'LogoffReply' } },
  // Unrendered, the LoginURL is "$(link-login-only)": a Redirect without a usable LoginURL is an error.
  'mikrotik-routeros_xml-rlogin.tmpl.html': { error: 'WISPR_MALFORMED', messageIncludes: 'LoginURL' },
  'negative_redirect-100_invalid-loginurl-space.xml': { error: 'WISPR_MALFORMED', messageIncludes: 'http://exa mple.com' },
  'negative_unknown-messagetype-999_no-wrapper.xml': { error: 'WISPR_UNKNOWN_MESSAGE', messageIncludes: '999' },
  'nnu-portal_redirect-100_carrier-data_no-ns.html': {
    ok: {
      messageType: 100,
      responseCode: 0,
      accessProcedure: '1.0',
      locationName: 'NNU',
      accessLocation: '18350',
      loginUrl: 'https://wireless.nnu.com/nw4/sites/templatet/free/',
      abortLoginUrl: 'https://rap.nnu.com/logout',
    },
  },
  // Unrendered, the LoginURL is "[% wispr_url %]".
  'packetfence_redirect-302_wispr2-cdata.tt.html': { error: 'WISPR_MALFORMED', messageIncludes: '[% wispr_url %]' },
  'spec-acmewisp_authreply-120-100-login-failed.xml': {
    ok: {
      messageType: 120,
      responseCode: 100,
      element: 'AuthenticationReply',
      replyMessage: 'Invalid Password',
      loginResultsUrl: 'http://www.acmewisp.com/loginresults/',
      logoffUrl: 'http://www.acmewisp.com/logoff/',
    },
  },
  'spec-acmewisp_authreply-120-50-success.xml': {
    ok: { messageType: 120, responseCode: 50, replyMessage: 'Authentication Success', loginResultsUrl: 'http://www.acmewisp.com/loginresults/', logoffUrl: 'http://www.acmewisp.com/logoff/' },
  },
  'spec-acmewisp_proxy-110-200_delay5_smart-quotes.xml': { ok: { messageType: 110, responseCode: 200, element: 'Proxy', nextUrl: 'http://www.acmewisp.com/proxypoll', delay: 5 } },
  'spec-acmewisp_redirect-100_wrapped-values.xml': {
    ok: {
      messageType: 100,
      responseCode: 0,
      accessProcedure: '1.0',
      accessLocation: '12',
      locationName: 'ACMEWISP,Gate_14_Terminal_C_of_Newark_Airport',
      loginUrl: 'http://www.acmewisp.com/login/',
      abortLoginUrl: 'http://www.acmewisp.com/abortlogin/',
      warnings: [],
    },
  },
  // Non-conforming: a LogoffReply element carrying MT 120 / RC 255. Kept as sent, with a warning.
  'truemove-th_logoffreply-with-mt120-rc255_meta-refresh.html': {
    ok: { messageType: 120, responseCode: 255, element: 'LogoffReply', replyMessage: 'Authentication Failed', warnings: ['message type 120 arrived in a <LogoffReply> element'] },
  },
  'truemove-th_proxy-110-200_302-body.html': {
    ok: { messageType: 110, responseCode: 200, nextUrl: 'https://portal.trueinternet.co.th/wifiauthen/login.do?wlanuserip=10.66.96.111&Wifi=&nasip=202.176.86.202&wlanparameter=c8-3a-35-ce-3e-8a' },
    absent: ['delay'],
  },
  // Only headers (a Java dump, not raw HTTP): no WISPr here; see the dedicated test below.
  'truemove-th_proxy-110-200_302-headers.txt': { error: 'WISPR_NOT_FOUND' },
  'truemove-th_redirect-100_login-page.html': {
    ok: {
      messageType: 100,
      responseCode: 0,
      accessProcedure: '1.0',
      accessLocation: 'Default Location ID',
      locationName: 'Default Location Name',
      loginUrl: 'https://portal.trueinternet.co.th/wifiauthen/authen.do',
      abortLoginUrl: 'https://portal.trueinternet.co.th/wifiauthen/logout_result.php',
    },
  },
  'wi2-jp_redirect-100_login-page.html': {
    ok: { messageType: 100, responseCode: 0, accessLocation: 'wi2-0000000-0000-00000000', locationName: 'wi2', loginUrl: 'https://service.wi2.ne.jp/wi2net/RLogin/1/?SSID=xxxxxxxxxxxxxxxxxxxxxxxxxx' },
    absent: ['abortLoginUrl'],
  },
  'wispr-swift_authpoll-140-201-pending_delay5.xml': {
    ok: {
      messageType: 140,
      responseCode: 201,
      element: 'AuthenticationPollReply',
      replyMessage: 'Authentication Pending',
      delay: 5,
      loginResultsUrl: 'http://service.wi2.ne.jp/wi2net/RLogin/1/',
      logoffUrl: 'http://www.acmewisp.com/logoff/',
    },
  },
};

function errorOf(run: () => unknown): PortalError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PortalError);
    return error as PortalError;
  }
  throw new Error('expected a PortalError, got a result');
}

describe('WISPr fixtures', () => {
  test('the table lists every fixture file in the folder', () => {
    const files = readdirSync(`${FIXTURES}wispr`).filter((name) => name !== 'SOURCES.txt');
    expect(Object.keys(table).sort()).toEqual(files.sort());
  });

  test.each(Object.entries(table))('%s', (name, expected) => {
    const raw = fixture('wispr', name);
    let text = raw;
    if ('http' in expected && expected.http) {
      const response = parseRawHttpResponse(raw);
      expect(response.status).toBe(expected.http.status);
      expect(response.headers.location).toBe(expected.http.location);
      text = response.body;
    }
    if ('error' in expected) {
      const error = errorOf(() => parseWispr(text));
      expect(error.code).toBe(expected.error);
      expect(error.portalCode).toBe(expected.error);
      if (expected.messageIncludes) expect(error.message).toContain(expected.messageIncludes);
      return;
    }
    const message = parseWispr(text);
    expect(message).toMatchObject(expected.ok);
    for (const key of expected.absent ?? []) expect(message, key).not.toHaveProperty(key);
  });

  test('values wrapped in newlines and tabs are trimmed', () => {
    const message = parseWispr(fixture('wispr', 'spec-acmewisp_authreply-120-100-login-failed.xml'));
    expect(message.loginResultsUrl).toBe('http://www.acmewisp.com/loginresults/');
    expect(parseWispr(fixture('wispr', 'spec-acmewisp_redirect-100_wrapped-values.xml')).abortLoginUrl).toBe('http://www.acmewisp.com/abortlogin/');
  });

  test('the TrueMove 302 headers point elsewhere than the Proxy NextURL in its body', () => {
    const headers = parseJavaHeaderDump(fixture('wispr', 'truemove-th_proxy-110-200_302-headers.txt'));
    const body = parseWispr(fixture('wispr', 'truemove-th_proxy-110-200_302-body.html'));
    expect(headers.status).toBe(302);
    expect(headers.headers.location).toContain('&VLAN=eth/4/0/0:773.222');
    expect(body.nextUrl).not.toBe(headers.headers.location);
    expect(headers.headers.location!.startsWith(body.nextUrl!)).toBe(true);
  });

  test('the unrendered alogin template drops its placeholder URLs with warnings', () => {
    const message = parseWispr(fixture('wispr', 'mikrotik-routeros_xml-alogin.tmpl.html'));
    expect(message.warnings).toEqual(['LogoffURL "$(link-logout)" is not an absolute http(s) address and was ignored', 'RedirectionURL "$(link-redirect)" is not an absolute http(s) address and was ignored']);
  });
});

/** A small renderer for MikroTik's $(if …)…$(else)…$(endif) and $(name) placeholders. */
function renderMikrotik(template: string, values: Record<string, string>, conditions: Record<string, boolean>): string {
  return template
    .replace(/\$\(if ([^)]*)\)([\s\S]*?)(?:\$\(else\)([\s\S]*?))?\$\(endif\)/g, (_all, condition: string, then: string, otherwise: string | undefined) =>
      conditions[condition.trim()] ?? Boolean(values[condition.trim()]) ? then : (otherwise ?? ''),
    )
    .replace(/\$\(([\w-]+(?:\[\d\])?)\)/g, (_all, name: string) => values[name] ?? '');
}

describe('WISPr templates, rendered the way the gateway would', () => {
  test('MikroTik login (failure): whitespace inside ResponseCode; 100, or 102 on a RADIUS timeout', () => {
    const template = fixture('wispr', 'mikrotik-routeros_xml-login.tmpl.html');
    const rejected = parseWispr(renderMikrotik(template, { error: 'invalid username or password', 'radius18[1]': 'Try again' }, { "error-type == 'radius-timeout'": false }));
    expect(rejected).toMatchObject({ messageType: 120, responseCode: 100, replyMessages: ['invalid username or password', 'Try again'] });
    const timeout = parseWispr(renderMikrotik(template, { error: 'RADIUS server is not responding' }, { "error-type == 'radius-timeout'": true }));
    expect(timeout).toMatchObject({ messageType: 120, responseCode: 102, replyMessage: 'RADIUS server is not responding' });
  });

  test('MikroTik rlogin: a Redirect with the rendered login link', () => {
    const text = renderMikrotik(fixture('wispr', 'mikrotik-routeros_xml-rlogin.tmpl.html'), { 'location-id': 'isocc=th,network=Cafe', 'location-name': 'Cafe,Main St', 'link-login-only': 'https://hotspot.example.net/login', hostname: 'hotspot.example.net' }, {});
    expect(parseWispr(text)).toMatchObject({ messageType: 100, responseCode: 0, loginUrl: 'https://hotspot.example.net/login', accessLocation: 'isocc=th,network=Cafe', locationName: 'Cafe,Main St' });
  });

  test('MikroTik alogin: LogoffURL and the ReplyMessages that RADIUS sent', () => {
    const text = renderMikrotik(fixture('wispr', 'mikrotik-routeros_xml-alogin.tmpl.html'), { 'link-logout': 'http://hotspot.example.net/logout', 'link-redirect': 'http://example.org/', 'radius18[0]': 'Welcome', 'radius18[2]': 'Enjoy' }, {});
    const message = parseWispr(text);
    expect(message).toMatchObject({ messageType: 120, responseCode: 50, logoffUrl: 'http://hotspot.example.net/logout', redirectionUrl: 'http://example.org/', replyMessages: ['Welcome', 'Enjoy'], warnings: [] });
  });

  test('PacketFence redirect with its wispr_url filled in (escaped &amp;)', () => {
    const text = fixture('wispr', 'packetfence_redirect-302_wispr2-cdata.tt.html').replace('[% wispr_url %]', 'https://pf.example.org/wispr?mac=aa&amp;ip=10.0.0.2');
    expect(parseWispr(text)).toMatchObject({
      messageType: 100,
      responseCode: 0,
      versionHigh: '2.0',
      versionLow: '1.0',
      accessLocation: 'isocc=,cc=,ac=,network=PacketFence,',
      locationName: 'PacketFence',
      loginUrl: 'https://pf.example.org/wispr?mac=aa&ip=10.0.0.2',
    });
  });
});

const REAL = `<WISPAccessGatewayParam><Redirect><MessageType>100</MessageType><ResponseCode>0</ResponseCode><LoginURL>https://login.provider.example/wispr?a=1&amp;b=2</LoginURL></Redirect></WISPAccessGatewayParam>`;

describe('WISPr quirks beyond the captures', () => {
  test('bare lower-case XML (PacketFence login answer) with a raw & in a URL', () => {
    const message = parseWispr(`<?xml version="1.0" encoding="UTF-8"?>
<wispaccessgatewayparam xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <authenticationpollreply>
    <messagetype>140</messagetype>
    <responsecode>50</responsecode>
    <logoffurl>https://pf.example.org/logoff?mac=aa&ip=10.0.0.2</logoffurl>
  </authenticationpollreply>
</wispaccessgatewayparam>`);
    expect(message).toMatchObject({ messageType: 140, responseCode: 50, element: 'authenticationpollreply', logoffUrl: 'https://pf.example.org/logoff?mac=aa&ip=10.0.0.2' });
  });

  test('Wi2’s mangled close "-->ISPAccessGatewayParam>" and an unquoted xmlns', () => {
    const message = parseWispr(`<html><!--
<WISPAccessGatewayParam xmlns:xsi=http://www.w3.org/2001/XMLSchema-instance>
<LogoffReply><MessageType>130</MessageType><ResponseCode>150</ResponseCode></LogoffReply>
-->ISPAccessGatewayParam>
<META HTTP-EQUIV="Refresh" CONTENT="5;URL=https://service.wi2.ne.jp/">`);
    expect(message).toMatchObject({ messageType: 130, responseCode: 150 });
  });

  test('typographic quotes, a broken xml declaration and a newline inside the schema URL', () => {
    const message = parseWispr(`<!-- <?xml version="1.0">
<WISPAccessGatewayParam xmlns:xsi=“http://www.w3.org/2001/XMLSchema-instance” xsi:noNamespaceSchemaLocation=”http://x.example/WISPAccess
GatewayParam.xsd”>
<Proxy><MessageType> 110 </MessageType><ResponseCode>
  200
</ResponseCode><Delay>	3	</Delay></Proxy></WISPAccessGatewayParam> -->`);
    expect(message).toMatchObject({ messageType: 110, responseCode: 200, delay: 3 });
    expect(message).not.toHaveProperty('nextUrl');
  });

  test('a decoy inside a <script> string is skipped; the block in the comment is used', () => {
    const page = `<html><head><script>var sample = '<WISPAccessGatewayParam><Redirect><MessageType>100</MessageType><ResponseCode>0</ResponseCode><LoginURL>https://evil.example/steal</LoginURL></Redirect></WISPAccessGatewayParam>';</script></head>
<body><!-- ${REAL} --></body></html>`;
    expect(findWisprBlocks(page).map((block) => block.container)).toEqual(['decoy', 'comment']);
    expect(parseWispr(page).loginUrl).toBe('https://login.provider.example/wispr?a=1&b=2');
  });

  test('a block only inside a script is no block at all', () => {
    const page = `<script>document.write("<!--<WISPAccessGatewayParam><Redirect><MessageType>100</MessageType><ResponseCode>0</ResponseCode><LoginURL>https://evil.example/</LoginURL></Redirect></WISPAccessGatewayParam>-->")</script>`;
    expect(errorOf(() => parseWispr(page)).code).toBe('WISPR_NOT_FOUND');
    expect(findWispr(page)).toBeUndefined();
  });

  test('of two blocks, the one that forms a message wins over an empty shell', () => {
    const page = `<!-- <WISPAccessGatewayParam><Redirect><LocationName>old</LocationName></Redirect></WISPAccessGatewayParam> -->
<p>text</p>
<!-- ${REAL} -->`;
    expect(parseWispr(page)).toMatchObject({ messageType: 100, loginUrl: 'https://login.provider.example/wispr?a=1&b=2' });
    expect(parseWispr(page)).not.toHaveProperty('locationName');
  });

  test('a proprietary reply in a separate comment (Gogo CaptchaReply 120/201) is not taken for WISPr', () => {
    const page = `<!--<CaptchaReply><MessageType>120</MessageType><ResponseCode>201</ResponseCode></CaptchaReply>-->
<!--<WISPAccessGatewayParam><AuthenticationReply><MessageType>120</MessageType><ResponseCode>255</ResponseCode><ReplyMessage>
   System busy   </ReplyMessage></AuthenticationReply></WISPAccessGatewayParam>-->`;
    expect(parseWispr(page)).toMatchObject({ messageType: 120, responseCode: 255, replyMessage: 'System busy' });
  });

  test('a block inside a CDATA section, after a META refresh, with a real CDATA value', () => {
    const page = `<html><head><meta http-equiv="refresh" content="0;url=https://portal.example/"></head><body><![CDATA[
<WISPAccessGatewayParam><Redirect><MessageType>100</MessageType><ResponseCode>0</ResponseCode>
<LoginURL>https://login.provider.example/a?x=1&y=2</LoginURL><LocationName>Caf&#233; &amp; Bar</LocationName></Redirect></WISPAccessGatewayParam>]]></body></html>`;
    expect(findWisprBlocks(page)[0]!.container).toBe('cdata');
    expect(parseWispr(page)).toMatchObject({ loginUrl: 'https://login.provider.example/a?x=1&y=2', locationName: 'Café & Bar' });
    const realCdata = parseWispr(`<WISPAccessGatewayParam><Redirect><MessageType>100</MessageType><ResponseCode>0</ResponseCode><LoginURL><![CDATA[https://l.example/?a=1&amp;b=<2>]]></LoginURL></Redirect></WISPAccessGatewayParam>`);
    // A real CDATA section is taken literally (no entity decoding).
    expect(realCdata.loginUrl).toBe('https://l.example/?a=1&amp;b=<2>');
  });

  test('children in any order, unknown elements ignored, a namespace prefix tolerated', () => {
    const message = parseWispr(`<w:WISPAccessGatewayParam xmlns:w="urn:x"><w:AuthenticationReply><FONResponseCode>902</FONResponseCode><w:LogoffURL>https://l.example/off</w:LogoffURL><w:ResponseCode>100</w:ResponseCode><w:MessageType>120</w:MessageType></w:AuthenticationReply></w:WISPAccessGatewayParam>`);
    expect(message).toMatchObject({ messageType: 120, responseCode: 100, logoffUrl: 'https://l.example/off' });
  });

  test('missing MessageType or ResponseCode, a non-numeric code, no LoginURL in a Redirect', () => {
    expect(errorOf(() => parseWispr('<WISPAccessGatewayParam><Proxy><ResponseCode>200</ResponseCode></Proxy></WISPAccessGatewayParam>')).message).toContain('MessageType');
    expect(errorOf(() => parseWispr('<WISPAccessGatewayParam><Proxy><MessageType>110</MessageType></Proxy></WISPAccessGatewayParam>')).message).toContain('ResponseCode');
    expect(errorOf(() => parseWispr('<WISPAccessGatewayParam><Proxy><MessageType>110</MessageType><ResponseCode>2OO</ResponseCode></Proxy></WISPAccessGatewayParam>')).code).toBe('WISPR_MALFORMED');
    expect(errorOf(() => parseWispr('<WISPAccessGatewayParam><Redirect><MessageType>100</MessageType><ResponseCode>0</ResponseCode></Redirect></WISPAccessGatewayParam>')).message).toContain('no LoginURL');
  });

  test('a non-http LoginURL scheme is refused', () => {
    expect(errorOf(() => parseWispr(REAL.replace('https://login.provider.example/wispr?a=1&amp;b=2', 'javascript:alert(1)'))).code).toBe('WISPR_MALFORMED');
  });

  test('a page with no block, and an empty body', () => {
    expect(errorOf(() => parseWispr('<html><body>Welcome</body></html>')).code).toBe('WISPR_NOT_FOUND');
    expect(errorOf(() => parseWispr('')).code).toBe('WISPR_NOT_FOUND');
  });

  test('errors carry a hint and survive toInfo()', () => {
    const error = errorOf(() => parseWispr('nothing'));
    expect(error.toInfo()).toEqual({ code: 'WISPR_NOT_FOUND', message: 'The page carries no WISPr sign-in information.', hint: 'The hotspot may need its sign-in page opened in a browser.' });
  });
});
