/**
 * IT in control, seen by the person in Chromium: with a managed policy file, a locked
 * setting is disabled and says who manages it; a rejected managed value is listed; a
 * setting IT left alone can still be changed.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resultsDir } from './harness.js';
import { type UiSession, startManagedUiSession } from './ui.js';

let session: UiSession;
let page: Page;

beforeAll(async () => {
  session = await startManagedUiSession({ autoConnect: false, managedByOrganization: 'Acme Corp IT', logLevel: 'shouting' });
  page = await session.openPage({ width: 1100, height: 1800 });
});

afterAll(async () => {
  await session?.close();
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
