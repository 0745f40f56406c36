/**
 * The RT web UI driver (tests/support/rt/rt-web.ts) against a real Request Tracker 5 and
 * Debian's Chromium: the agent's side of issue #8 done the way an agent does it — RT's login
 * form, the ticket's Custom Fields edit page, the Attachments box, the Reply form — with the
 * relay and a device (plain HTTP to the relay, checked against server/openapi.json) on the other
 * side. One RT lab and one browser for the file; RT missing is a failure, never a skip.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import { launchChromium } from '../e2e/harness.js';
import { rtRest, startRt, type RtLab } from '../support/rt/rt-lab.js';
import { downloadAttachment, listAttachments, openTicket, readLogBundleField, reply, requestLogBundle, signIn } from '../support/rt/rt-web.js';
import { fakeBundle, sha256, startRelay, uploadBundle, validCase, type TestRelay } from './helpers.js';

let lab: RtLab | undefined;
let browser: Browser | undefined;
let startError: unknown;
const relays: TestRelay[] = [];
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  try {
    [lab, browser] = await Promise.all([startRt(), launchChromium()]);
  } catch (error) {
    startError = error;
  }
}, 240_000);

vi.setConfig({ testTimeout: 180_000 });

afterEach(async () => {
  for (const r of relays.splice(0)) await r.stop();
  for (const c of contexts.splice(0)) await c.close();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await lab?.stop();
}, 60_000);

function rt(): RtLab {
  if (!lab || !browser) throw startError instanceof Error ? startError : new Error(`RT lab or Chromium did not start: ${String(startError)}`);
  return lab;
}

async function newPage(): Promise<Page> {
  rt();
  const context = await browser!.newContext({ viewport: { width: 1280, height: 1000 } });
  contexts.push(context);
  return context.newPage();
}

interface RtTicketJson {
  Subject: string;
  CustomFields: { name: string; values: string[] }[];
}
const agent = <T = unknown>(method: string, route: string, body?: unknown): Promise<T> => rtRest<T>(rt(), rt().agent.token, method, route, body);
const logBundleOf = async (id: string): Promise<string | undefined> =>
  (await agent<RtTicketJson>('GET', `/ticket/${id}`)).CustomFields.find((cf) => cf.name === 'Log bundle')?.values[0];

describe('RT web UI driver', () => {
  test('signIn refuses a wrong password and signs the agent in with the right one', async () => {
    const page = await newPage();
    await expect(signIn(page, rt(), { name: rt().agent.name, password: 'not-the-password' })).rejects.toThrow(/did not sign in “agent”/);
    await signIn(page, rt());
    await signIn(page, rt()); // already signed in: a no-op
    expect(await page.locator('form#login').count()).toBe(0);
  });

  test('a REST2 ticket: open, request logs in the UI (REST2 sees "Requested"), list + download its attachment, reply', async () => {
    const data = fakeBundle(70_000, 11);
    const created = await agent<{ id: string }>('POST', '/ticket', {
      Queue: rt().queue,
      Subject: 'Portal loops at the airport',
      Content: 'Opened through REST2.',
      ContentType: 'text/plain',
      CustomFields: { Severity: 'Sev 3' },
      Attachments: [{ FileName: 'rest2-bundle.zip', FileType: 'application/zip', FileContent: data.toString('base64') }],
    });
    const id = String(created.id);
    const page = await newPage();
    await signIn(page, rt());
    expect(await openTicket(page, rt(), id)).toBe('Portal loops at the airport');
    expect(await readLogBundleField(page, rt(), id)).toBeNull();

    const results = await requestLogBundle(page, rt(), id);
    expect(results).toContain('Log bundle Requested added');
    expect(await logBundleOf(id)).toBe('Requested');
    expect(await readLogBundleField(page, rt(), id)).toBe('Requested');
    // Asking again while it is already "Requested" changes nothing and does not fail.
    await requestLogBundle(page, rt(), id);
    expect(await logBundleOf(id)).toBe('Requested');

    const attachments = await listAttachments(page, rt(), id);
    expect(attachments.map((a) => a.name)).toEqual(['rest2-bundle.zip']);
    expect(attachments[0]!.url).toMatch(new RegExp(`^${rt().url}/Ticket/Attachment/\\d+/\\d+/rest2-bundle\\.zip$`));
    expect(sha256(await downloadAttachment(page, attachments[0]!.url))).toBe(sha256(data));

    const text = 'Thanks, we are looking at the airport portal now.';
    expect(await reply(page, rt(), id, text)).toContain('Correspondence added');
    const history = await agent<{ items: { id: string; Type: string; Creator: { id: string } }[] }>('GET', `/ticket/${id}/history?fields=Type,Creator`);
    const correspond = history.items.filter((h) => h.Type === 'Correspond');
    expect(correspond).toHaveLength(1);
    expect(correspond[0]!.Creator.id).toBe(rt().agent.name);
    const parts = await agent<{ items: { ContentType: string; Content?: string }[] }>('GET', `/transaction/${correspond[0]!.id}/attachments?fields=ContentType,Content`);
    expect(parts.items.map((p) => p.Content ?? '').join('\n')).toContain(text);

    // A signed-out browser context cannot download it: the driver says so instead of returning RT's login page.
    const anonymous = await newPage();
    await expect(downloadAttachment(anonymous, attachments[0]!.url)).rejects.toThrow(/not signed in/);
  });

  test('issue #8 end to end: logs requested in RT’s UI reach the device, the bundle lands with the device’s SHA-256, the UI reply reaches the device', async () => {
    const relay = await startRelay({
      config: { ticketing: { kind: 'rt', url: rt().url, token: rt().relayUser.token, queue: rt().queue, pollSeconds: 1 } },
    });
    relays.push(relay);
    relay.relay.startSync(300);
    const call = relay.call;

    // The device: enrol (POST /v1/devices/activate) and open a case from Roamdesk.
    const device = await relay.enrol('rt-web laptop');
    const opened = await call('POST', '/v1/cases', { token: device.token, json: { ...validCase, severity: 2 } });
    expect(opened.status).toBe(201);
    const caseId = opened.json.id as string;
    const ticketId = opened.json.number as string;

    // The agent: sign in to RT, open the ticket Roamdesk filed, ask for logs.
    const page = await newPage();
    await signIn(page, rt());
    expect(await openTicket(page, rt(), ticketId)).toBe(validCase.subject);
    await requestLogBundle(page, rt(), ticketId);
    expect(await logBundleOf(ticketId)).toBe('Requested');

    // The device long-polls; the relay's sync loop has seen "Requested" and hands the request over.
    const polled = await call('GET', '/v1/devices/me/requests?wait=30', { token: device.token });
    expect(polled.status).toBe(200);
    expect(polled.json.requests).toHaveLength(1);
    const request = polled.json.requests[0];
    expect(request).toMatchObject({ caseId, caseNumber: ticketId });
    expect(await readLogBundleField(page, rt(), ticketId)).toBe('Sent to device');

    // The person approves; the device uploads the bundle in chunks (Content-Range PUTs) and answers.
    const bundle = fakeBundle(400_000, 8);
    const digest = sha256(bundle);
    const upload = await uploadBundle(call, device.token, caseId, bundle, { chunk: 96 * 1024, fileName: 'roamdesk-diag-issue8.zip', logRequestId: request.id });
    expect(upload.last.json).toMatchObject({ state: 'complete', sha256: digest });
    const answered = await call('POST', `/v1/requests/${request.id}/answer`, { token: device.token, json: { decision: 'approve', bundleId: upload.id } });
    expect(answered.json.state).toBe('approved');

    // The agent sees the bundle on the ticket; downloaded through RT's UI it has the device's SHA-256.
    expect(await readLogBundleField(page, rt(), ticketId)).toBe('Received');
    const attachments = (await listAttachments(page, rt(), ticketId)).filter((a) => a.name === 'roamdesk-diag-issue8.zip');
    expect(attachments).toHaveLength(1);
    const downloaded = await downloadAttachment(page, attachments[0]!.url);
    expect(downloaded.length).toBe(bundle.length);
    expect(sha256(downloaded)).toBe(digest);

    // The agent replies in RT's UI; the device reads it from the relay.
    const text = 'Got the bundle, thanks. The portal certificate has expired; try again after 10:00.';
    await reply(page, rt(), ticketId, text);
    const replies = await call('GET', `/v1/cases/${caseId}/replies`, { token: device.token });
    expect(replies.status).toBe(200);
    expect(replies.json.replies).toHaveLength(1);
    expect(replies.json.replies[0]).toMatchObject({ author: rt().agent.name });
    expect(replies.json.replies[0].body).toBe(text);
  });

  // RT 5's web editor stores a reply as text/html only (one <p> per line, entities, an empty
  // trailing paragraph); the device must get back exactly the text the agent typed.
  test('a rich-text reply from RT’s UI reaches the device as exactly the text typed', async () => {
    const relay = await startRelay({ config: { ticketing: { kind: 'rt', url: rt().url, token: rt().relayUser.token, queue: rt().queue, pollSeconds: 1 } } });
    relays.push(relay);
    const device = await relay.enrol('rt-web entities');
    const opened = await relay.call('POST', '/v1/cases', { token: device.token, json: validCase });
    const page = await newPage();
    await signIn(page, rt());
    const text = 'Don’t worry — reconnect & retry. It\'s <fine>.';
    await reply(page, rt(), opened.json.number, text);
    const replies = await relay.call('GET', `/v1/cases/${opened.json.id}/replies`, { token: device.token });
    const bodies = replies.json.replies.map((r: { body: string }) => r.body) as string[];
    expect(bodies).toEqual([text]);
  });
});
