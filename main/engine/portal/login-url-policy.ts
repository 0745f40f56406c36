/**
 * Where credentials may go: only to an https LoginURL whose host is one of the provider's
 * domains or a subdomain of one (Windows TrustedDomains semantics; FON's suffix list).
 * Matching is on the parsed host, so `https://trusted.example@evil.example/` (userinfo),
 * `trusted.example.evil.example` and `eviltrusted.example` do not pass; IDN hosts compare
 * in punycode; a trailing dot and letter case do not matter; an IP literal passes only if
 * the allow-list names that exact address. A URL carrying userinfo is refused outright.
 */
import { PortalError } from './portal-error.js';

/** Returns the parsed URL when credentials may be sent to it, or throws PORTAL_LOGIN_URL_NOT_HTTPS / PORTAL_LOGIN_HOST_NOT_ALLOWED. */
export function checkLoginUrl(loginUrl: string, allowedDomains: readonly string[]): URL {
  let url: URL;
  try {
    url = new URL(loginUrl);
  } catch {
    throw new PortalError('PORTAL_UNEXPECTED_REPLY', 'The hotspot’s sign-in address is not a valid URL, so Roamdesk did not send your password.');
  }
  const host = describeHost(url);
  if (url.protocol !== 'https:') {
    throw new PortalError('PORTAL_LOGIN_URL_NOT_HTTPS', `The hotspot asked for your password at ${host} over plain HTTP, so Roamdesk did not send it.`, {
      hint: 'Sign-in details are only ever sent encrypted. Ask your provider whether this hotspot is theirs, or sign in through the hotspot’s page in a browser.',
    });
  }
  if (url.username !== '' || url.password !== '' || !isAllowedHost(url.hostname, allowedDomains)) {
    throw new PortalError('PORTAL_LOGIN_HOST_NOT_ALLOWED', `The hotspot asked for your password at ${host}, which is not one of your provider’s sign-in servers, so Roamdesk did not send it.`, {
      hint: 'This can be a look-alike hotspot. Connect to another network, or tell support which network you were on.',
    });
  }
  return url;
}

export function isAllowedHost(hostname: string, allowedDomains: readonly string[]): boolean {
  const host = normaliseHost(hostname);
  if (host === '') return false;
  const literal = isIpLiteral(host);
  return allowedDomains.some((entry) => {
    const domain = normaliseDomain(entry);
    if (domain === '') return false;
    if (literal || isIpLiteral(domain)) return host === domain;
    return host === domain || host.endsWith(`.${domain}`);
  });
}

function normaliseHost(hostname: string): string {
  return hostname.toLowerCase().replace(/\.$/, '');
}

/** "Example.COM", ".example.com", "*.example.com", "exämple.com." → the punycode host form. */
function normaliseDomain(entry: string): string {
  const bare = entry.trim().replace(/^\*?\./, '').replace(/\.$/, '');
  if (bare === '' || /[/@:?#\s]/.test(bare.replace(/^\[.*\]$/, ''))) return '';
  try {
    return normaliseHost(new URL(`https://${bare}/`).hostname);
  } catch {
    return '';
  }
}

function isIpLiteral(host: string): boolean {
  return host.startsWith('[') || /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || /^\d+$/.test(host);
}

function describeHost(url: URL): string {
  return url.hostname || 'an unknown server';
}
