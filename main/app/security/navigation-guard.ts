/**
 * Where the UI may go. In-app navigation stays inside app://roamdesk; anything else is
 * refused. A link to the outside world opens in the user's browser only if it re-parses
 * as plain https (or mailto) with no credentials in it — never file:, javascript:, or a
 * custom protocol that could launch a program.
 */
import { isAppUrl } from './app-origin.js';

export function mayNavigate(url: string): boolean {
  return isAppUrl(url);
}

/** The URL to hand to the OS browser, or null to drop the request silently. */
export function externalUrlToOpen(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol === 'mailto:') return url.href;
  if (url.protocol !== 'https:' || url.username || url.password) return null;
  return url.href;
}
