/**
 * The support desk in Chromium against `roamdesk serve` in the demo world, with a real support
 * relay (server/src) on loopback that the test also drives as the agent (the in-memory
 * ticketing connector stands in for RT): policy names the relay and its activation token;
 * "Get help" shows the known issue from the relay's Statuspage, files a case with the
 * previewed bundle and shows the ticket number; a log request the agent raises appears, is
 * previewed and approved, and the bundle on the ticket has the SHA-256 Roamdesk showed; the
 * agent's reply shows in the cases list.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MemoryTicketing } from '../../server/src/ticketing/memory.js';
import { ADMIN, type TestRelay, startRelay } from '../server/helpers.js';
import { resultsDir, root } from './harness.js';
import { type UiSession, startManagedUiSession, startUiSession } from './ui.js';

const OUTAGE = readFileSync(path.join(root, '..', 'shared', 'fixtures', 'status', 'statuspage-summary-github-major-outage-2020-04-02.json'));

let statusServer: Server;
let relay: TestRelay;
let ticketing: MemoryTicketing;
let session: UiSession;
let page: Page;

beforeAll(async () => {
  statusServer = createServer((req, res) => {
    if (req.url === '/api/v2/summary.json') return void res.writeHead(200, { 'content-type': 'application/json' }).end(OUTAGE);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => statusServer.listen(0, '127.0.0.1', resolve));
  ticketing = new MemoryTicketing();
  relay = await startRelay({ ticketing, config: { status: { url: `http://127.0.0.1:${(statusServer.address() as AddressInfo).port}`, cacheSeconds: 0 } } });
  const minted = await relay.call('POST', '/v1/admin/activation-tokens', { basic: ADMIN, json: { label: 'e2e', maxUses: 5 } });
  expect(minted.status).toBe(201);
  session = await startManagedUiSession({ relayUrl: relay.url, activationToken: minted.json.token, remoteLogConsent: 'always-ask' });
  page = await session.openPage({ width: 1100, height: 2400 });
}, 60_000);

afterAll(async () => {
  await session?.close();
  await relay?.stop();
  await new Promise<void>((resolve) => (statusServer ? statusServer.close(() => resolve()) : resolve()));
});

describe('the support desk in Chromium', () => {
  test('file a case with the bundle, approve an agent’s log request, read the agent’s reply', async () => {
    const help = page.getByTestId('get-help');
    await expect.poll(() => help.getAttribute('data-activated'), { timeout: 20_000 }).toBe('true');
    // The relay's status page has an open major incident: the known-issue banner says so before anything is filed.
    const issue = help.getByTestId('known-issue');
    await issue.waitFor({ timeout: 20_000 });
    expect(await issue.textContent()).toContain('Known issue:');

    // ── file a case with the previewed bundle ──
    const form = help.getByTestId('case-form');
    await form.getByLabel('Subject').fill('Hotel Wi-Fi drops every few minutes');
    await form.getByLabel('What happened').fill('The connection drops, then comes back after a minute.');
    await form.getByLabel('Steps to reproduce').fill('1. Join HotelGuest\n2. Wait five minutes');
    await form.locator('[data-severity="sev1"] input').check();
    await form.getByTestId('hotlines').waitFor();
    expect(await form.getByTestId('hotlines').textContent()).toContain('call the support line now');
    await form.locator('[data-severity="end-user"] input').check();
    await form.getByRole('button', { name: 'Attach a log bundle…' }).click();
    const bundle = form.getByTestId('help-bundle-preview');
    await bundle.waitFor({ timeout: 30_000 });
    expect(await bundle.locator('[data-item]').count()).toBeGreaterThan(0);
    await bundle.getByLabel('I have looked at what the bundle holds and agree to send it').check();
    await form.getByRole('button', { name: 'File case with the bundle' }).click();
    const result = help.getByTestId('case-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-outcome')).toBe('sent');
    const caseNumber = (await result.getByTestId('case-number').textContent())!;
    const caseId = (await result.getAttribute('data-case-id'))!;
    expect(caseNumber).toBe('1');
    const ticket = ticketing.tickets.get(caseNumber)!;
    expect(ticket.ticket.subject).toBe('Hotel Wi-Fi drops every few minutes');
    expect(ticket.attachments.map((a) => a.sha256)).toEqual([(await result.getByTestId('case-bundle-sha256').textContent())!]);
    const dueShown = (await result.getByTestId('case-due').getAttribute('datetime'))!;
    expect(Date.parse(dueShown)).toBeGreaterThan(Date.now());

    // ── the agent asks for logs; the user previews and approves ──
    const requestId = (await relay.relay.requestLogs(caseId, 'Agent Smith', 'Please send the logs from the hotel'))!;
    const dialog = page.locator(`[data-testid="log-request"][data-request-id="${requestId}"]`);
    await dialog.waitFor({ timeout: 40_000 });
    expect(await dialog.getByTestId('request-who').textContent()).toBe('Agent Smith');
    expect(await dialog.getByTestId('request-case').textContent()).toBe(caseNumber);
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const requestBundle = dialog.getByTestId('request-bundle-preview');
    await requestBundle.waitFor({ timeout: 30_000 });
    await requestBundle.getByLabel('I have looked at what the bundle holds and agree to send it').check();
    await page.screenshot({ path: path.join(resultsDir, 'support-log-request.png'), fullPage: true });
    await dialog.getByRole('button', { name: 'Approve and send' }).click();
    const answered = page.locator(`[data-testid="log-request-history"] [data-request-id="${requestId}"]`);
    await answered.waitFor({ timeout: 30_000 });
    expect(await answered.getAttribute('data-state')).toBe('approved');
    const reported = (await answered.getByTestId('request-sha256').textContent())!;
    expect(reported).toMatch(/^[0-9a-f]{64}$/);
    // The relay hashed what it stored and accepted it only if equal; the ticket's attachment hashes the same.
    const stored = await relay.relay.db.get<{ state: string; sha256: string }>('SELECT r.state, b.sha256 FROM log_requests r JOIN bundles b ON b.id = r.bundle_id WHERE r.id = ?', [requestId]);
    expect(stored).toEqual({ state: 'approved', sha256: reported });
    expect(ticketing.tickets.get(caseNumber)!.attachments.map((a) => a.sha256)).toContain(reported);
    expect(ticketing.tickets.get(caseNumber)!.fields.logBundle).toBe('Received');

    // ── the agent replies; the cases list shows it ──
    ticketing.agentReply(caseNumber, 'Thanks — we reset your hotspot account; please try again.', 'Agent Smith');
    const cases = page.getByTestId('cases');
    await cases.getByRole('button', { name: 'Refresh cases' }).click();
    const row = cases.locator(`[data-testid="case"][data-case-number="${caseNumber}"]`);
    await expect.poll(() => row.getByTestId('case-reply').allTextContents(), { timeout: 15_000 }).toEqual(['Agent Smith: Thanks — we reset your hotspot account; please try again.']);
    expect(await row.getAttribute('data-status')).toBe('open');
    expect(await row.getByTestId('case-sla').textContent()).toContain('First reply due by');
    await page.screenshot({ path: path.join(resultsDir, 'support-cases.png'), fullPage: true });
  });
});

describe('the demo world’s own support desk (no relay in the settings)', () => {
  let demo: UiSession;
  let demoPage: Page;
  beforeAll(async () => {
    demo = await startUiSession();
    demoPage = await demo.openPage({ width: 1100, height: 2400 });
  }, 60_000);
  afterAll(async () => {
    await demo?.close();
  });

  test('works out of the box: activated, the known issue shown, a case filed and listed', async () => {
    const help = demoPage.getByTestId('get-help');
    await expect.poll(() => help.getAttribute('data-activated'), { timeout: 20_000 }).toBe('true');
    await help.getByTestId('known-issue').waitFor({ timeout: 20_000 });
    const form = help.getByTestId('case-form');
    await form.getByLabel('Subject').fill('Demo: lounge Wi-Fi is slow');
    await form.getByLabel('What happened').fill('Pages take ages.');
    await form.getByRole('button', { name: 'File case' }).click();
    const result = help.getByTestId('case-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-outcome')).toBe('sent');
    expect(await result.getByTestId('case-number').textContent()).toMatch(/^\d+$/);
    const number = (await result.getByTestId('case-number').textContent())!;
    const row = demoPage.getByTestId('cases').locator(`[data-testid="case"][data-case-number="${number}"]`);
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain('Demo: lounge Wi-Fi is slow');
  });
});
