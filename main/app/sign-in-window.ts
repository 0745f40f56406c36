/**
 * Opens the portal sign-in window (see security/sign-in-window-policy.ts) and tells the
 * engine to probe again when the person closes it, so the card moves on at once.
 */
import { BrowserWindow } from 'electron';
import { maySignInNavigate, signInWindowOptions } from './security/sign-in-window-policy.js';

const signInContents = new Set<number>();

/** Whether a webContents belongs to a sign-in window (its navigation follows the portal, not the app rules). */
export function isSignInContents(id: number): boolean {
  return signInContents.has(id);
}

export function openSignInWindow(url: string, networkName: string, onClosed: () => void): void {
  const window = new BrowserWindow(signInWindowOptions(`Sign in to ${networkName}`));
  const id = window.webContents.id;
  signInContents.add(id);
  window.webContents.on('will-navigate', (event, target) => {
    if (!maySignInNavigate(target)) event.preventDefault();
  });
  window.webContents.on('will-redirect', (event, target) => {
    if (!maySignInNavigate(target)) event.preventDefault();
  });
  // A portal's own pop-ups (terms of use) open in the same window rather than a new one.
  window.webContents.setWindowOpenHandler(({ url: target }) => {
    if (maySignInNavigate(target)) void window.loadURL(target);
    return { action: 'deny' };
  });
  window.on('closed', () => {
    signInContents.delete(id);
    onClosed();
  });
  void window.loadURL(url);
}
