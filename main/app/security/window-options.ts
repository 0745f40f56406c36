/**
 * The main window's options, with every item of Electron's security checklist that lives
 * in webPreferences spelled out (explicit even where it is already the default, so a
 * future default change or a careless edit shows up in review and in the test).
 */
import type { BrowserWindowConstructorOptions } from 'electron';

/** The webPreferences every window gets, whatever it shows: sandboxed, isolated, no Node, no webview. */
export function hardenedWebPreferences(devTools: boolean): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    sandbox: true,
    contextIsolation: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    devTools,
  };
}

export function mainWindowOptions(preloadPath: string, options: { devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    minWidth: 420,
    minHeight: 480,
    title: 'Roamdesk',
    show: false,
    backgroundColor: '#14171c',
    webPreferences: { preload: preloadPath, ...hardenedWebPreferences(options.devTools) },
  };
}
