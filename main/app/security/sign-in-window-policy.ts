/**
 * The portal sign-in window: where a person signs in on a captive portal when no smart
 * login is possible. Portal pages are foreign, often plain-http web content, so the window
 * gets nothing of the app: its own in-memory session partition (no cookies or cache shared
 * with the app, nothing kept after it closes), no preload, no Node, sandboxed — and it may
 * only ever show http(s) pages.
 */
import type { BrowserWindowConstructorOptions } from 'electron';
import { hardenedWebPreferences } from './window-options.js';

/** Not `persist:`-prefixed: an in-memory session, gone when the app quits. */
export const SIGN_IN_PARTITION = 'portal-sign-in';

export function signInWindowOptions(title: string): BrowserWindowConstructorOptions {
  return {
    width: 900,
    height: 720,
    title,
    show: true,
    autoHideMenuBar: true,
    // No preload: the portal page gets nothing of the app.
    webPreferences: { partition: SIGN_IN_PARTITION, ...hardenedWebPreferences(false) },
  };
}

/** Portal pages move between http and https hosts; nothing else (file:, app:, custom schemes) is allowed. */
export function maySignInNavigate(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password;
  } catch {
    return false;
  }
}

/** The app asks for a sign-in window only for the portal page the engine reported right now. */
export function isCurrentPortalPage(requested: string, current: string | null | undefined): boolean {
  return typeof current === 'string' && current.length > 0 && requested === current && maySignInNavigate(requested);
}
