/**
 * IT in control, seen by the person in Chromium: with a managed policy file, a locked
 * setting is disabled and says who manages it; a rejected managed value is listed; a
 * setting IT left alone can still be changed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ServeProcess, demoWorld, freshHome, launchChromium, resultsDir, startServe } from './harness.js';

let home: ReturnType<typeof freshHome>;
let server: ServeProcess;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  mkdirSync(resultsDir, { recursive: true });
  home = freshHome();
  const policyFile = path.join(home.dir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify({ autoConnect: false, managedByOrganization: 'Acme Corp IT', logLevel: 'shouting' }));
  server = await startServe(home.dir, demoWorld, { ROAMDESK_POLICY_FILE: policyFile });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1100, height: 1800 } });
  await page.goto(server.url);
  await page.getByRole('heading', { name: 'Roamdesk' }).waitFor();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  home?.remove();
});

describe('managed settings in Chromium', () => {
  test('a locked setting is disabled with its reason; a rejected value is shown; an unlocked one changes', async () => {
    const settings = page.getByTestId('settings');
    await settings.waitFor();
    expect(await settings.getByTestId('managed-by').textContent()).toContain('Acme Corp IT');

    const auto = settings.locator('[data-setting="autoConnect"]');
    expect(await auto.getAttribute('data-locked')).toBe('true');
    const box = auto.getByRole('checkbox');
    expect(await box.isDisabled()).toBe(true);
    expect(await box.isChecked()).toBe(false);
    expect(await auto.getByTestId('locked-reason').textContent()).toContain('Managed by Acme Corp IT');

    expect(await settings.getByTestId('policy-rejected').textContent()).toMatch(/policy value rejected: logLevel: /);

    const sharing = settings.locator('[data-setting="crowdQualitySharing"]');
    expect(await sharing.getAttribute('data-locked')).toBe('false');
    const before = await sharing.getByRole('checkbox').isChecked();
    await sharing.getByRole('checkbox').click();
    await expect.poll(() => sharing.getByRole('checkbox').isChecked()).toBe(!before);
    await page.screenshot({ path: path.join(resultsDir, 'settings-managed.png'), fullPage: true });
  });
});
