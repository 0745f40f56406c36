/**
 * Applied to every webContents the app ever creates: no navigation outside the app, no new
 * windows (https links go to the user's browser), no <webview>, and every web permission
 * denied.
 */
import { app, session, shell } from 'electron';
import { externalUrlToOpen, mayNavigate } from './security/navigation-guard.js';
import { permissionDecision } from './security/permissions.js';

export function hardenAllContents(): void {
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback) => callback(permissionDecision(permission)));
  session.defaultSession.setPermissionCheckHandler((_contents, permission) => permissionDecision(permission));

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!mayNavigate(url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!mayNavigate(url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(({ url }) => {
      const external = externalUrlToOpen(url);
      if (external) void shell.openExternal(external);
      return { action: 'deny' };
    });
  });
}
