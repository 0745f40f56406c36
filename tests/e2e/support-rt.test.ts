/**
 * Issue #8's "Done when", end to end with nothing stubbed: a real Request Tracker 5
 * (tests/support/rt/rt-lab.ts), the support relay (server/src) polling it, `roamdesk serve` in
 * the demo world enrolled with the relay through policy (relayUrl + activationToken), and
 * Debian's Chromium driving both sides — Roamdesk's UI as the user, RT's own web UI
 * (tests/support/rt/rt-web.ts) as the agent, in a separate browser context.
 *
 * The user files a case in Roamdesk; the agent opens that ticket in RT and asks for logs
 * ("Log bundle: Requested"); the request reaches the device; the user previews and approves;
 * the bundle appears on the RT ticket with the SHA-256 Roamdesk reported and RT shows
 * "Log bundle: Received"; the agent's reply typed in RT shows in Roamdesk's cases list. Then a
 * second request, declined, ends as "Log bundle: Declined" in RT.
 *
 * RT or Chromium missing is a failure, never a skip (see .ci/run for the packages).
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { rtRest, startRt, type RtLab } from '../support/rt/rt-lab.js';
import { downloadAttachment, listAttachments, openTicket, readLogBundleField, reply, requestLogBundle, signIn } from '../support/rt/rt-web.js';
import { ADMIN, startRelay, type TestRelay } from '../server/helpers.js';
import { resultsDir } from './harness.js';
import { startManagedUiSession, type UiSession } from './ui.js';

let lab: RtLab | undefined;
let relay: TestRelay | undefined;
let session: UiSession | undefined;
let agentContext: BrowserContext | undefined;
let page: Page;
let rtPage: Page;

const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex');

/** The name of a zip's first entry, from its first local file header (PK\3\4). */
function firstZipEntry(zip: Buffer): string {
  if (zip.length < 30 || zip.readUInt32LE(0) !== 0x04034b50) throw new Error('not a zip: no local file header at offset 0');
  const nameLength = zip.readUInt16LE(26);
  return zip.subarray(30, 30 + nameLength).toString('utf8');
}

interface RtTicketJson {
  Subject: string;
  CustomFields: { name: string; values: string[] }[];
}

beforeAll(async () => {
  lab = await startRt();
  relay = await startRelay({
    config: { ticketing: { kind: 'rt', url: lab.url, token: lab.relayUser.token, queue: lab.queue, pollSeconds: 1 } },
  });
  // The relay polls RT for the agent's "Log bundle: Requested" and replies (faster than the configured 1 s).
  relay.relay.startSync(500);
  const minted = await relay.call('POST', '/v1/admin/activation-tokens', { basic: ADMIN, json: { label: 'e2e-rt', maxUses: 5 } });
  expect(minted.status).toBe(201);
  const relayUrl = relay.url;
  session = await startManagedUiSession({ relayUrl, activationToken: minted.json.token, remoteLogConsent: 'always-ask' });
  page = await session.openPage({ width: 1100, height: 2400 });
  // The agent works in RT in a browser context of their own (RT's session cookie stays there).
  agentContext = await session.browser.newContext({ viewport: { width: 1280, height: 1000 } });
  rtPage = await agentContext.newPage();
}, 240_000);

afterAll(async () => {
  await agentContext?.close().catch(() => undefined);
  await session?.close();
  await relay?.stop();
  await lab?.stop();
}, 60_000);

function rt(): RtLab {
  if (!lab) throw new Error('RT lab did not start');
  return lab;
}

describe('issue #8 end to end: Roamdesk, the relay and Request Tracker 5', () => {
  test('a case filed in Roamdesk; logs requested in RT’s UI, approved in Roamdesk, on the ticket with Roamdesk’s SHA-256; the RT reply in Roamdesk; a second request declined', async () => {
    const agentName = rt().agent.name;

    // ── the user files a case in Roamdesk ──
    const help = page.getByTestId('get-help');
    await expect.poll(() => help.getAttribute('data-activated'), { timeout: 30_000 }).toBe('true');
    const subject = `Conference Wi-Fi drops on every roam ${Date.now().toString(36)}`;
    const form = help.getByTestId('case-form');
    await form.getByLabel('Subject').fill(subject);
    await form.getByLabel('What happened').fill('The laptop loses the network each time it moves between floors.');
    await form.getByLabel('Steps to reproduce').fill('1. Join ConferenceNet\n2. Walk to the next floor');
    await form.locator('[data-severity="sev3"] input').check();
    await form.getByRole('button', { name: 'File case', exact: true }).click();
    const result = help.getByTestId('case-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getAttribute('data-outcome')).toBe('sent');
    const ticketId = (await result.getByTestId('case-number').textContent())!.trim();
    expect(ticketId).toMatch(/^\d+$/);

    // RT has the ticket Roamdesk filed (REST2 check: queue, subject, severity).
    const ticket = await rtRest<RtTicketJson>(rt(), rt().agent.token, 'GET', `/ticket/${ticketId}`);
    expect(ticket.Subject).toBe(subject);
    expect(ticket.CustomFields.find((cf) => cf.name === 'Severity')?.values).toEqual(['Sev 3']);

    // ── the agent signs in to RT's web UI, opens that ticket and asks for logs ──
    await signIn(rtPage, rt());
    expect(await openTicket(rtPage, rt(), ticketId)).toBe(subject);
    await requestLogBundle(rtPage, rt(), ticketId);

    // ── the device receives the request; the user previews and approves ──
    const dialog = page.getByTestId('log-request');
    await dialog.waitFor({ timeout: 60_000 });
    const requestId = (await dialog.getAttribute('data-request-id'))!;
    expect(requestId).toBeTruthy();
    expect(await dialog.getByTestId('request-who').textContent()).toBe(agentName);
    expect(await dialog.getByTestId('request-case').textContent()).toBe(ticketId);
    await expect.poll(() => readLogBundleField(rtPage, rt(), ticketId), { timeout: 30_000 }).toBe('Sent to device');
    await dialog.getByRole('button', { name: 'Preview' }).click();
    const preview = dialog.getByTestId('request-bundle-preview');
    await preview.waitFor({ timeout: 60_000 });
    expect(await preview.locator('[data-item]').count()).toBeGreaterThan(0);
    await preview.getByLabel('I have looked at what the bundle holds and agree to send it').check();
    await dialog.getByRole('button', { name: 'Approve and send' }).click();
    const answered = page.locator(`[data-testid="log-request-history"] [data-request-id="${requestId}"]`);
    await answered.waitFor({ timeout: 60_000 });
    await expect.poll(() => answered.getAttribute('data-state'), { timeout: 60_000 }).toBe('approved');
    await answered.getByTestId('request-sha256').waitFor({ timeout: 60_000 });
    const reported = (await answered.getByTestId('request-sha256').textContent())!.trim();
    expect(reported).toMatch(/^[0-9a-f]{64}$/);
    await page.screenshot({ path: path.join(resultsDir, 'support-rt-approved.png'), fullPage: true });

    // ── the agent sees the bundle on the ticket in RT: "Received", listed, same SHA-256, a zip with the manifest first ──
    await expect.poll(() => readLogBundleField(rtPage, rt(), ticketId), { timeout: 60_000 }).toBe('Received');
    const bundles = (await listAttachments(rtPage, rt(), ticketId)).filter((a) => a.name.endsWith('.zip'));
    expect(bundles).toHaveLength(1);
    const downloaded = await downloadAttachment(rtPage, bundles[0]!.url);
    expect(sha256(downloaded)).toBe(reported);
    expect(firstZipEntry(downloaded)).toBe('manifest.json');
    await rtPage.screenshot({ path: path.join(resultsDir, 'support-rt-ticket.png'), fullPage: true });

    // ── the agent replies in RT's UI; Roamdesk's cases list shows it ──
    const text = `Thanks, the bundle shows the roaming threshold; we changed it for ${ticketId}.`;
    await reply(rtPage, rt(), ticketId, text);
    const cases = page.getByTestId('cases');
    const row = cases.locator(`[data-testid="case"][data-case-number="${ticketId}"]`);
    await expect
      .poll(
        async () => {
          await cases.getByRole('button', { name: 'Refresh cases' }).click();
          await page.waitForTimeout(500);
          return row.getByTestId('case-reply').allTextContents();
        },
        { timeout: 60_000, interval: 1000 },
      )
      .toEqual([`${agentName}: ${text}`]);
    await page.screenshot({ path: path.join(resultsDir, 'support-rt-reply.png'), fullPage: true });

    // ── a second request on the same ticket, declined: RT shows "Declined" ──
    await requestLogBundle(rtPage, rt(), ticketId);
    const second = page.locator(`[data-testid="log-request"]:not([data-request-id="${requestId}"])`);
    await second.waitFor({ timeout: 60_000 });
    const secondId = (await second.getAttribute('data-request-id'))!;
    expect(await second.getByTestId('request-case').textContent()).toBe(ticketId);
    await second.getByRole('button', { name: 'Decline' }).click();
    const declined = page.locator(`[data-testid="log-request-history"] [data-request-id="${secondId}"]`);
    await declined.waitFor({ timeout: 60_000 });
    await expect.poll(() => declined.getAttribute('data-state'), { timeout: 30_000 }).toBe('declined');
    expect(await declined.getByTestId('request-sha256').count()).toBe(0);
    await expect.poll(() => readLogBundleField(rtPage, rt(), ticketId), { timeout: 60_000 }).toBe('Declined');
    // Nothing more was attached.
    expect((await listAttachments(rtPage, rt(), ticketId)).filter((a) => a.name.endsWith('.zip'))).toHaveLength(1);
  }, 420_000);
});
