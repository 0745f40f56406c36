/**
 * Each demo captive hotspot, connected through the UI in real Chromium against the real
 * engine and hotspot-in-a-box: WISPr pending-then-success after the person saves the
 * provider login in Sign-in details, a rejected login, a click-through portal and an
 * RFC 8908 portal opened from the card ("Open sign-in page") and accepted in the popup.
 * (The WISPr airport login is in connect-ui.test.ts.)
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { resultsDir } from './harness.js';
import { type UiSession, cardOf, moveTo as moveToSite, outcomeOf as settle, rowOf, startUiSession } from './ui.js';

const HOTEL_AP = '02:5c:02:00:00:01';
const BEANBAR = '02:5c:03:00:00:01';
const CITYWAVE = '02:5c:03:00:02:01';
const ACME_GUEST = '02:5c:04:00:01:01';

let session: UiSession;
let page: Page;

beforeAll(async () => {
  session = await startUiSession();
});

afterAll(async () => {
  await session?.close();
});

beforeEach(async () => {
  await page?.close();
  page = await session.openPage({ width: 1100, height: 900 });
});

const card = () => cardOf(page);
const row = (bssid: string) => rowOf(page, bssid);

const moveTo = (siteName: string, expectedBssid: string) => moveToSite(page, siteName, expectedBssid);

const outcomeOf = (start: () => Promise<void>) => settle(page, start);

const connectTo = (bssid: string) => outcomeOf(() => row(bssid).getByRole('button', { name: /^Connect to/ }).click());

describe('captive hotspots in Chromium', () => {
  test('WISPr pending-then-success: without a saved login the card says what to do; after saving it in Sign-in details, online', async () => {
    await moveTo('Hotel Lindenhof, Berlin', HOTEL_AP);
    expect(await connectTo(HOTEL_AP)).toBe('failed');
    const failure = await page.getByTestId('failure-reason').textContent();
    expect(failure).toContain('PORTAL_CREDENTIALS_MISSING');
    expect(failure).toContain('Sign-in details');

    const provider = page.getByTestId('sign-in-details').locator('[data-provider="staybright"]');
    await provider.getByRole('button', { name: 'Add' }).click();
    await provider.getByLabel('User name').fill('guest-4711');
    await provider.getByLabel('Password').fill('room-4711');
    await provider.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => provider.getByTestId('credential-state').textContent()).toBe('guest-4711 · password saved');
    expect(await page.content()).not.toContain('room-4711');

    expect(await connectTo(HOTEL_AP)).toBe('online');
    expect(await card().locator('[data-stage="sign-in"]').textContent()).toContain('after 2 result polls');
    await page.screenshot({ path: path.join(resultsDir, 'portal-wispr-pending.png'), fullPage: true });
  });

  test('a rejected login is explained with its code', async () => {
    await moveTo('Bean Bar, Alexanderplatz', CITYWAVE);
    expect(await connectTo(CITYWAVE)).toBe('failed');
    expect(await page.getByTestId('failure-reason').textContent()).toContain('PORTAL_LOGIN_REJECTED');
    expect(await card().locator('[data-stage="sign-in"]').getAttribute('data-status')).toBe('failed');
  });

  test('click-through: "Open sign-in page" opens the portal; accepting it there brings the card online', async () => {
    await moveTo('Bean Bar, Alexanderplatz', BEANBAR);
    expect(await connectTo(BEANBAR)).toBe('sign-in-required');
    expect(await card().getByRole('heading').textContent()).toBe('Sign in to continue');
    expect(await page.getByTestId('portal-panel').getAttribute('data-kind')).toBe('web');
    await page.screenshot({ path: path.join(resultsDir, 'portal-sign-in-required.png'), fullPage: true });

    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('open-sign-in').click()]);
    await popup.getByRole('button', { name: 'Accept' }).click();
    await popup.getByRole('heading', { name: 'Signed in' }).waitFor();
    await popup.close();
    await page.getByTestId('recheck').click().catch(() => undefined); // may already be online
    await card().and(page.locator('[data-phase="online"]')).waitFor({ timeout: 15_000 });
    expect(await card().locator('[data-stage]').evaluateAll((items) => items.map((item) => item.getAttribute('data-stage')))).toEqual(['associate', 'verify', 'sign-in', 'verify']);
  });

  test('RFC 8908: the API points to the portal; once accepted, the session budget is on the card', async () => {
    await moveTo('Acme Corp, Berlin office', ACME_GUEST);
    expect(await connectTo(ACME_GUEST)).toBe('sign-in-required');
    expect(await page.getByTestId('portal-panel').getAttribute('data-kind')).toBe('capport');

    const [popup] = await Promise.all([page.waitForEvent('popup'), page.getByTestId('open-sign-in').click()]);
    await popup.getByRole('button', { name: 'Accept' }).click();
    await popup.getByRole('heading', { name: 'Signed in' }).waitFor();
    await popup.close();
    await card().and(page.locator('[data-phase="online"]')).waitFor({ timeout: 15_000 });
    const budget = await page.getByTestId('portal-budget').textContent();
    expect(budget).toMatch(/Session: (59 min|1 h) left/);
    expect(budget).toContain('500.0 MB left');
    await page.screenshot({ path: path.join(resultsDir, 'portal-capport-online.png'), fullPage: true });
  });
});
