/**
 * Drives Request Tracker 5's own web UI (the agent's side) with playwright-core, for the
 * end-to-end tests of the support desk: sign in on RT's login form, open a ticket, request a
 * log bundle by setting the "Log bundle" custom field on the ticket's Basics/Custom Fields edit
 * page (Modify.html), read that field back from the ticket display page, list and download the
 * ticket's attachments through the signed-in browser, and reply on RT's Reply form
 * (Update.html?Action=Respond).
 *
 * Everything goes through pages an agent would use — no REST2 here (tests read REST2 with
 * rt-lab.ts's `rtRest` to check what the UI did). Each step waits for RT's own confirmation and
 * throws a descriptive error (with RT's result messages) when RT did not do what was asked.
 * The selectors match RT 5.0's default theme (Debian's request-tracker5).
 */
import type { Locator, Page } from 'playwright-core';
import type { RtLab } from './rt-lab.js';

export const LOG_BUNDLE_FIELD = 'Log bundle';

export interface RtAttachmentLink {
  /** File name as RT lists it in the ticket's Attachments box. */
  name: string;
  /** Absolute download URL (RT's /Ticket/Attachment/<transaction>/<attachment>/<name>). */
  url: string;
  /** RT's attachment id (from the URL). */
  attachmentId: string;
}

const ticketUrl = (lab: RtLab, page: string, ticketId: string | number, extra = ''): string =>
  `${lab.url}/Ticket/${page}?id=${encodeURIComponent(String(ticketId))}${extra}`;

/** RT's result messages on the page ("Log bundle Requested added", "Correspondence added"…). */
async function resultsOf(page: Page): Promise<string[]> {
  const texts = await page.locator('.results .card-body, #results, .results').allInnerTexts();
  return [...new Set(texts.flatMap((text) => text.split('\n')).map((line) => line.trim()).filter(Boolean))];
}

/** Throws when RT shows its "no permission" / error box instead of the page asked for. */
async function assertNoRtError(page: Page, what: string): Promise<void> {
  const error = page.locator('.error .titlebox-content, .error-box, #body .error');
  if ((await error.count()) > 0 && (await error.first().isVisible())) {
    throw new Error(`RT refused to ${what}: ${(await error.first().innerText()).trim()} (${page.url()})`);
  }
}

/**
 * Signs in on RT's login form as the lab's agent (name + password). Idempotent: a page whose
 * context is already signed in is left signed in.
 */
export async function signIn(page: Page, lab: RtLab, user: { name: string; password: string } = lab.agent): Promise<void> {
  await page.goto(`${lab.url}/`);
  const form = page.locator('form#login');
  if ((await form.count()) === 0) {
    if (await isSignedIn(page)) return;
    throw new Error(`RT at ${lab.url} showed neither its login form nor a signed-in page (${page.url()}, title “${await page.title()}”)`);
  }
  await form.locator('input[name="user"]').fill(user.name);
  await form.locator('input[name="pass"]').fill(user.password);
  await Promise.all([page.waitForLoadState('load'), form.locator('input[type="submit"], button[type="submit"]').first().click()]);
  await page.waitForLoadState('load');
  if (!(await isSignedIn(page))) {
    const message = (await page.locator('.action-results, .error, #login-box .titlebox-content').allInnerTexts()).join(' ').replace(/\s+/g, ' ').trim();
    throw new Error(`RT did not sign in “${user.name}”: ${message || 'still on the login form'}`);
  }
}

/** Whether the page shows RT signed in (RT's "Logged in as …" menu, no login form). */
async function isSignedIn(page: Page): Promise<boolean> {
  if ((await page.locator('form#login').count()) > 0) return false;
  return (await page.locator('#li-preferences, #preferences, a[href$="/NoAuth/Logout.html"]').count()) > 0;
}

/** Opens the ticket display page (Display.html) and waits for the ticket's heading. Returns the subject RT shows. */
export async function openTicket(page: Page, lab: RtLab, ticketId: string | number): Promise<string> {
  await page.goto(ticketUrl(lab, 'Display.html', ticketId));
  await assertNoRtError(page, `show ticket #${ticketId}`);
  const heading = page.locator('#header h1');
  await heading.waitFor();
  const title = (await heading.innerText()).trim();
  // RT's display title is "#<id>: <subject>".
  const match = /^#(\d+):\s*(.*)$/s.exec(title);
  if (!match || match[1] !== String(ticketId)) throw new Error(`RT shows “${title}” instead of ticket #${ticketId} (${page.url()})`);
  return match[2]!.trim();
}

/** The edit row of a ticket custom field on Modify.html, found by the field's label. */
function editRowOf(page: Page, field: string): Locator {
  return page.locator('.edit-custom-field').filter({ has: page.locator('.label', { hasText: new RegExp(`^\\s*${escapeRegExp(field)}:\\s*$`) }) });
}

/**
 * Sets a Select custom field of a ticket through RT's Basics/Custom Fields edit page
 * (Ticket/Modify.html): picks the value in RT's drop-down (bootstrap-select, the widget the agent
 * clicks) and presses "Save Changes". Throws unless RT then shows the field with that value or
 * says it saved it (“Log bundle Requested added”, “… changed to Requested”).
 */
export async function setTicketSelectField(page: Page, lab: RtLab, ticketId: string | number, field: string, value: string): Promise<string[]> {
  await page.goto(ticketUrl(lab, 'Modify.html', ticketId));
  await assertNoRtError(page, `modify ticket #${ticketId}`);
  const row = editRowOf(page, field);
  if ((await row.count()) !== 1) throw new Error(`RT's Modify page of ticket #${ticketId} has no editable custom field “${field}”`);
  const select = row.locator('select');
  const toggle = row.locator('button.dropdown-toggle');
  if ((await toggle.count()) > 0) {
    await toggle.click();
    await row.locator('.dropdown-menu').getByRole('option', { name: value, exact: true }).click();
  } else {
    await select.selectOption({ label: value });
  }
  const picked = await select.evaluate(selectedLabel);
  if (picked !== value) throw new Error(`RT's “${field}” drop-down shows “${picked}” after picking “${value}”`);
  const save = page.locator('form#TicketModify input[type="submit"][name="SubmitTicket"]');
  await submitAndWait(page, save);
  const results = await resultsOf(page);
  const now = await editRowOf(page, field)
    .locator('select')
    .evaluate(selectedLabel);
  // A relay polling RT may already have moved the field on (e.g. "Requested" → "Sent to device")
  // by the time RT renders the page again: RT's own result message then confirms the save.
  const confirmed = results.some((line) => line === `${field} ${value} added` || (line.startsWith(`${field} `) && line.endsWith(` changed to ${value}`)));
  if (now !== value && !confirmed) throw new Error(`RT did not save “${field}: ${value}” on ticket #${ticketId} (it shows “${now}”; RT said: ${results.join(' / ') || 'nothing'})`);
  return results;
}

/**
 * The agent asks for logs: "Log bundle" = "Requested" on the ticket's Basics/Custom Fields edit
 * page, saved. Returns RT's result messages (e.g. “Log bundle Requested added”).
 */
export async function requestLogBundle(page: Page, lab: RtLab, ticketId: string | number): Promise<string[]> {
  return setTicketSelectField(page, lab, ticketId, LOG_BUNDLE_FIELD, 'Requested');
}

/** A ticket custom field's value(s) as the ticket display page shows them (null when empty). */
export async function readTicketField(page: Page, lab: RtLab, ticketId: string | number, field: string): Promise<string | null> {
  await openTicket(page, lab, ticketId);
  const row = page
    .locator('.ticket-info-cfs .custom-field')
    .filter({ has: page.locator('.label', { hasText: new RegExp(`^\\s*${escapeRegExp(field)}:\\s*$`) }) });
  if ((await row.count()) === 0) return null; // RT hides empty custom fields on Display.html
  const value = (await row.first().locator('.value').innerText()).trim();
  return value === '' || value === '(no value)' ? null : value;
}

/** The "Log bundle" field as the agent sees it on the ticket (null when unset). */
export async function readLogBundleField(page: Page, lab: RtLab, ticketId: string | number): Promise<string | null> {
  return readTicketField(page, lab, ticketId, LOG_BUNDLE_FIELD);
}

/** The ticket's attachments from the display page's Attachments box: every listed revision, oldest name first as RT lists them. */
export async function listAttachments(page: Page, lab: RtLab, ticketId: string | number): Promise<RtAttachmentLink[]> {
  await openTicket(page, lab, ticketId);
  const box = page.locator('.ticket-info-attachments .attachment-list');
  if ((await box.count()) === 0) return [];
  const links = await box.first().evaluate((list: DomNode) => {
    const out: { name: string; href: string }[] = [];
    let name = '';
    for (const child of Array.from(list.children)) {
      if (child.classList.contains('filename')) name = (child.textContent ?? '').trim();
      else for (const a of Array.from(child.querySelectorAll('a[href*="/Ticket/Attachment/"]'))) out.push({ name, href: a.getAttribute('href') ?? '' });
    }
    return out;
  });
  return links.map(({ name, href }) => {
    const url = new URL(href, lab.url).toString();
    const match = /\/Ticket\/Attachment\/\d+\/(\d+)\//.exec(new URL(url).pathname);
    return { name, url, attachmentId: match?.[1] ?? '' };
  });
}

/**
 * Downloads an attachment through the signed-in browser context's request API (it carries RT's
 * session cookie), as bytes. Throws when the context is not signed in to that RT: RT would
 * answer its login page (a redirect) instead of the file.
 */
export async function downloadAttachment(page: Page, url: string): Promise<Buffer> {
  const context = page.context();
  const session = (await context.cookies(url)).find((cookie) => cookie.name.startsWith('RT_SID_'));
  if (!session) throw new Error(`the browser context is not signed in to RT (no RT session cookie for ${new URL(url).origin}); call signIn first`);
  let res;
  try {
    res = await context.request.get(url, { maxRedirects: 0 });
  } catch (error) {
    // RT's redirect to the login page comes with a body after "Connection: close", which
    // Playwright's HTTP client refuses to parse.
    throw new Error(`RT did not answer the file at ${url} (${(error as Error).message.split('\n')[0]}); is the browser context still signed in?`);
  }
  if (res.status() !== 200) throw new Error(`RT answered ${res.status()} for ${url}${res.status() === 302 ? ` (to ${res.headers().location}): the browser context is not signed in` : ''}`);
  return res.body();
}

/**
 * Replies to the requestor on RT's Reply form (Ticket/Update.html?Action=Respond): types the text
 * into RT's message editor (CKEditor when rich text is on, the plain textarea otherwise) and
 * presses "Update Ticket". Returns RT's result messages (“Correspondence added”).
 */
export async function reply(page: Page, lab: RtLab, ticketId: string | number, text: string): Promise<string[]> {
  await page.goto(ticketUrl(lab, 'Update.html', ticketId, '&Action=Respond'));
  await assertNoRtError(page, `reply on ticket #${ticketId}`);
  const form = page.locator('form[name="TicketUpdate"]');
  await form.waitFor({ state: 'attached' });
  const updateType = await form.locator('select[name="UpdateType"]').inputValue();
  if (updateType !== 'response') throw new Error(`RT's Reply form is set to “${updateType}”, not a reply to requestors`);
  const editor = page.frameLocator('iframe.cke_wysiwyg_frame').locator('body');
  // CKEditor replaces the textarea once its scripts ran; wait for one of the two.
  await page.locator('iframe.cke_wysiwyg_frame, textarea[name="UpdateContent"]:visible').first().waitFor();
  if ((await page.locator('iframe.cke_wysiwyg_frame').count()) > 0) {
    await editor.click();
    // One paragraph per line, as an agent types them (Enter between lines).
    const lines = text.split('\n');
    for (const [i, line] of lines.entries()) {
      if (line) await page.keyboard.insertText(line);
      if (i < lines.length - 1) await page.keyboard.press('Enter');
    }
    const firstLine = lines.find((line) => line.trim() !== '') ?? '';
    if (firstLine) await editor.filter({ hasText: firstLine.trim() }).waitFor();
  } else {
    await form.locator('textarea[name="UpdateContent"]').fill(text);
  }
  const submit = form.locator('input[type="submit"][name="SubmitTicket"]');
  await submitAndWait(page, submit.first());
  const results = await resultsOf(page);
  if (!results.some((line) => /correspondence added/i.test(line))) {
    throw new Error(`RT did not add the reply to ticket #${ticketId} (RT said: ${results.join(' / ') || 'nothing'})`);
  }
  return results;
}

/** Clicks a form's submit button and waits for the page RT answers with (after its redirect). */
async function submitAndWait(page: Page, button: Locator): Promise<void> {
  // RT answers a POST with a redirect to the same page (plus ?results=…) or renders it again:
  // the URL may not change, so wait for the navigation itself.
  // (waitForNavigation, not waitForURL: the URL may stay the same.)
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), button.click()]);
}

/** The little of the DOM these page functions touch (tsconfig.node.json has no DOM lib). */
interface DomNode {
  textContent: string | null;
  classList: { contains(name: string): boolean };
  children: ArrayLike<DomNode>;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
  getAttribute(name: string): string | null;
}

/** Runs in the page: the text of a <select>'s chosen option. */
const selectedLabel = (el: { selectedOptions: ArrayLike<{ textContent: string | null }> }): string => el.selectedOptions[0]?.textContent?.trim() ?? '';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
