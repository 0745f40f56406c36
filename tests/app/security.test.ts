import { describe, expect, test } from 'vitest';
import { contentSecurityPolicy } from '../../main/common/content-security-policy.js';
import { APP_ENTRY_URL, APP_ORIGIN, isAppUrl } from '../../main/app/security/app-origin.js';
import { externalUrlToOpen, mayNavigate } from '../../main/app/security/navigation-guard.js';
import { permissionDecision } from '../../main/app/security/permissions.js';
import { isTrustedSender } from '../../main/app/security/sender-validation.js';
import { mainWindowOptions } from '../../main/app/security/window-options.js';
import { SIGN_IN_PARTITION, isCurrentPortalPage, maySignInNavigate, signInWindowOptions } from '../../main/app/security/sign-in-window-policy.js';

describe('mainWindowOptions', () => {
  test('turns on every webPreferences item of the security checklist', () => {
    const options = mainWindowOptions('/app/out/preload/index.cjs', { devTools: false });
    expect(options.webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
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
      devTools: false,
    });
    expect(options.show).toBe(false);
    expect(mainWindowOptions('/p', { devTools: true }).webPreferences?.devTools).toBe(true);
  });
});

describe('app origin', () => {
  test('the entry is app://roamdesk/index.html', () => {
    expect(APP_ORIGIN).toBe('app://roamdesk');
    expect(APP_ENTRY_URL).toBe('app://roamdesk/index.html');
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
  });
});

describe('mayNavigate', () => {
  test.each(['app://roamdesk/index.html', 'app://roamdesk/', 'app://roamdesk/settings?tab=1#x'])('allows %s', (url) => {
    expect(mayNavigate(url)).toBe(true);
  });

  test.each([
    'app://evil/index.html',
    'app://roamdesk.evil.example/index.html',
    'https://roamdesk.example/',
    'http://127.0.0.1:5173/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'about:blank',
    'not a url',
    '',
  ])('refuses %j', (url) => {
    expect(mayNavigate(url)).toBe(false);
  });
});

describe('externalUrlToOpen', () => {
  test.each([
    ['https://status.example.com/incidents/1', 'https://status.example.com/incidents/1'],
    ['HTTPS://Example.COM/a b', 'https://example.com/a%20b'],
    ['mailto:support@example.com?subject=Help', 'mailto:support@example.com?subject=Help'],
  ])('opens %s as %s', (raw, expected) => {
    expect(externalUrlToOpen(raw)).toBe(expected);
  });

  test.each([
    'http://example.com/',
    'file:///C:/Windows/System32/calc.exe',
    'javascript:alert(document.cookie)',
    'ms-settings:network-wifi',
    'vscode://file/etc/passwd',
    'smb://attacker/share',
    'https://user:pass@example.com/',
    'https://user@example.com/',
    'app://roamdesk/index.html',
    'data:text/html,<script>alert(1)</script>',
    'not a url',
  ])('refuses %s', (raw) => {
    expect(externalUrlToOpen(raw)).toBeNull();
  });
});

describe('isTrustedSender', () => {
  test('the top frame of our own UI is trusted', () => {
    expect(isTrustedSender({ url: 'app://roamdesk/index.html', parent: null })).toBe(true);
  });

  test.each([
    ['a subframe of our UI', { url: 'app://roamdesk/index.html', parent: {} }],
    ['a subframe with an undefined parent', { url: 'app://roamdesk/index.html', parent: undefined }],
    ['another origin', { url: 'https://evil.example/', parent: null }],
    ['a look-alike host', { url: 'app://roamdesk.evil/index.html', parent: null }],
    ['a file page', { url: 'file:///app/index.html', parent: null }],
    ['a frame with no URL', { url: '', parent: null }],
  ])('%s is refused', (_label, frame) => {
    expect(isTrustedSender(frame)).toBe(false);
  });

  test('no frame (destroyed) is refused', () => {
    expect(isTrustedSender(null)).toBe(false);
    expect(isTrustedSender(undefined)).toBe(false);
  });
});

describe('permissionDecision', () => {
  test.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'unknown'])('denies %s', (permission) => {
    expect(permissionDecision(permission)).toBe(false);
  });
});

describe('contentSecurityPolicy', () => {
  test('allows only our own scripts, no inline script, no framing', () => {
    const directives = Object.fromEntries(contentSecurityPolicy().split('; ').map((d) => [d.split(' ')[0], d]));
    expect(directives['script-src']).toBe("script-src 'self'");
    expect(directives['default-src']).toBe("default-src 'self'");
    expect(directives['object-src']).toBe("object-src 'none'");
    expect(directives['frame-ancestors']).toBe("frame-ancestors 'none'");
    expect(directives['base-uri']).toBe("base-uri 'none'");
    expect(contentSecurityPolicy()).not.toContain('unsafe-inline');
    expect(contentSecurityPolicy()).not.toContain('unsafe-eval');
    expect(contentSecurityPolicy({ connectSrc: ['ws://127.0.0.1:4000'] })).toContain("connect-src 'self' ws://127.0.0.1:4000");
    expect(directives['connect-src']).toBe("connect-src 'self'");
  });
});

describe('portal sign-in window', () => {
  test('has its own in-memory partition, no preload and no Node, sandboxed', () => {
    const prefs = signInWindowOptions('Sign in to CaféNet').webPreferences!;
    expect(prefs.partition).toBe(SIGN_IN_PARTITION);
    expect(SIGN_IN_PARTITION.startsWith('persist:')).toBe(false);
    expect(prefs.preload).toBeUndefined();
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, nodeIntegrationInSubFrames: false, webviewTag: false, devTools: false, webSecurity: true });
  });

  test('shows http(s) portal pages only', () => {
    expect(maySignInNavigate('http://wifi.cafe.example/accept')).toBe(true);
    expect(maySignInNavigate('https://login.skyfi.example/portal')).toBe(true);
    for (const bad of ['file:///etc/passwd', 'app://roamdesk/index.html', 'javascript:alert(1)', 'https://user:pw@login.example/', 'ms-settings:network', 'not a url']) {
      expect(maySignInNavigate(bad), bad).toBe(false);
    }
  });

  test('opens only for the exact page the engine reported', () => {
    const page = 'http://127.0.0.1:40111/portal';
    expect(isCurrentPortalPage(page, page)).toBe(true);
    expect(isCurrentPortalPage('http://127.0.0.1:40111/other', page)).toBe(false);
    expect(isCurrentPortalPage(page, null)).toBe(false);
    expect(isCurrentPortalPage('file:///x', 'file:///x')).toBe(false);
  });
});
