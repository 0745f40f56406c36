/**
 * Applied to every webContents the app ever creates: no navigation outside the app, no new
 * windows (https links go to the user's browser) except the portal sign-in window for the
 * page the engine asked for, no <webview>, and every web permission denied.
 */
import { app, session, shell } from 'electron';
import { externalUrlToOpen, mayNavigate } from './security/navigation-guard.js';
import { permissionDecision } from './security/permissions.js';
import { SIGN_IN_PARTITION, isCurrentPortalPage } from './security/sign-in-window-policy.js';
import { isSignInContents } from './sign-in-window.js';

export interface HardenOptions {
  /** The portal page the engine says the person must open now (null when none). */
  currentPortalPage: () => string | null;
  /** Opens it in the sign-in window. */
  openSignIn: (url: string) => void;
}

export function hardenAllContents(options: HardenOptions): void {
  // Portal pages get no permissions either (camera, notifications, geolocation…).
  const signInSession = session.fromPartition(SIGN_IN_PARTITION);
  signInSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  signInSession.setPermissionCheckHandler(() => false);

  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionDecision(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
    // Sign-in windows get their own rules (sign-in-window.ts), checked when they are created.
    if (isSignInContents(contents.id)) return;
    contents.on('will-navigate', (event, url) => {
      if (!mayNavigate(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!mayNavigate(url)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      if (isCurrentPortalPage(url, options.currentPortalPage())) {
        options.openSignIn(url);
        return { action: 'deny' };
      }
      const external = externalUrlToOpen(url);
      if (external) void shell.openExternal(external);
      return { action: 'deny' };
    });
  });
}
