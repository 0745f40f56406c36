/**
 * The About box in Chromium, on a managed device: `roamdesk serve` reads a policy file
 * (ROAMDESK_POLICY_FILE) that names the organisation, its caption and help link, locks a
 * setting and carries one invalid value. The About box opened from the header shows the
 * version, host and folders, "Managed by <organisation>", the caption, the https link, how
 * many settings are locked, and the rejected value. (The locked setting disabled with its
 * reason in the settings panel is settings-ui.test.ts.)
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resultsDir } from './harness.js';
import { type UiSession, startManagedUiSession } from './ui.js';

let session: UiSession;
let page: Page;

beforeAll(async () => {
  session = await startManagedUiSession({
    managedByOrganization: 'Acme Corp IT',
    managedByCaption: 'Questions? Call the IT service desk on extension 4357.',
    managedByUrl: 'https://it.acme.example/roamdesk',
    autoConnect: false,
    retentionMonths: 500,
  });
  page = await session.openPage({ width: 1100, height: 900 });
});

afterAll(async () => {
  await session?.close();
});

describe('About box in Chromium', () => {
  test('shows the version, folders and the managed state with the rejected policy value', async () => {
    await page.getByRole('button', { name: 'About' }).click();
    const about = page.getByRole('dialog', { name: 'About Roamdesk' });
    await about.waitFor();

    expect(await about.getByTestId('about-version').textContent()).toMatch(/^\d+\.\d+\.\d+/);
    expect(await about.getByTestId('about-host').textContent()).toContain('roamdesk serve');
    expect(await about.getByTestId('about-data-dir').textContent()).toBe(session.home.dir);
    expect(await about.getByTestId('about-log-dir').textContent()).toBe(path.join(session.home.dir, 'logs'));

    const managed = about.getByTestId('about-managed');
    expect(await managed.getAttribute('data-managed')).toBe('true');
    expect(await managed.textContent()).toContain('Managed by Acme Corp IT');
    expect(await about.getByTestId('about-caption').textContent()).toBe('Questions? Call the IT service desk on extension 4357.');
    const link = about.getByTestId('about-link');
    expect(await link.getAttribute('href')).toBe('https://it.acme.example/roamdesk');
    expect(await link.getAttribute('rel')).toContain('noopener');
    // managedByOrganization, managedByCaption, managedByUrl and autoConnect; the bad retentionMonths locks nothing.
    expect(await about.getByTestId('about-locked').textContent()).toBe('4 settings are locked by policy.');
    expect(await about.getByTestId('about-rejected').textContent()).toMatch(/policy value rejected: retentionMonths: /);
    await page.screenshot({ path: path.join(resultsDir, 'about-managed.png') });

    await about.getByRole('button', { name: 'Close' }).click();
    await expect.poll(() => page.getByTestId('about').count()).toBe(0);
  });
});
