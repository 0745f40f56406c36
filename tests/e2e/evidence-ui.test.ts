/**
 * Evidence from the UI in Chromium: after a failed connection, "Collect diagnostics" runs
 * with a progress bar and marks the failing layer; the log bundle preview lists the items;
 * one is viewed as it will be sent, one is removed; the saved zip holds exactly the rest,
 * its manifest says what was removed, and its SHA-256 is the one the UI showed.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import yauzl from 'yauzl';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resultsDir } from './harness.js';
import { type UiSession, cardOf, moveTo, outcomeOf, rowOf, startUiSession } from './ui.js';

const BROKEN_AIRPORT_AP = '02:5c:01:00:00:03';
let session: UiSession;
let page: Page;

beforeAll(async () => {
  session = await startUiSession();
  page = await session.openPage({ width: 1100, height: 1400 });
});

afterAll(async () => {
  await session?.close();
});

function unzip(file: string): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    const entries = new Map<string, Buffer>();
    yauzl.open(file, { lazyEntries: true }, (error, zip) => {
      if (error || !zip) return reject(error);
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err || !stream) return reject(err);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, Buffer.concat(chunks));
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.readEntry();
    });
  });
}

describe('diagnostics and the log bundle in Chromium', () => {
  test('collect, read the failing layer, preview, view and remove an item, save; the zip matches', async () => {
    // A log line with a secret in it, as the app's own log could hold one by mistake.
    const logDir = path.join(session.home.dir, 'logs');
    mkdirSync(logDir, { recursive: true });
    appendFileSync(path.join(logDir, 'extra.log'), 'login attempt password=hunter2-secret for alice@example.com from 10.1.2.3\n');

    await moveTo(page, 'Frankfurt Airport, Terminal 1', BROKEN_AIRPORT_AP);
    expect(await outcomeOf(page, () => rowOf(page, BROKEN_AIRPORT_AP).getByRole('button', { name: /^Connect to/ }).click())).toBe('failed');
    expect(await cardOf(page).getAttribute('data-phase')).toBe('failed');

    const panel = page.getByTestId('evidence');
    await panel.getByRole('button', { name: 'Collect diagnostics' }).click();
    await panel.getByTestId('evidence-progress').waitFor();
    const report = panel.getByTestId('diagnostics-report');
    await report.waitFor({ timeout: 30_000 });
    expect(await report.getAttribute('data-failing-layer')).toBe('association');
    expect(await report.locator('[data-layer="association"]').getAttribute('data-status')).toBe('failed');

    const preview = panel.getByTestId('bundle-preview');
    await preview.waitFor({ timeout: 30_000 });
    const names = await preview.locator('[data-item]').evaluateAll((items) => items.map((i) => i.getAttribute('data-item')));
    expect(names).toEqual(expect.arrayContaining(['app/info.json', 'connection/state.json', 'diagnostics/report.json', 'logs/extra.log']));

    await preview.locator('[data-item="logs/extra.log"]').getByRole('button', { name: 'View' }).click();
    const text = await preview.getByTestId('bundle-item-text').textContent();
    expect(text).toContain('login attempt');
    expect(text).not.toContain('hunter2-secret');
    expect(text).not.toContain('alice@example.com');

    await preview.getByRole('button', { name: 'Remove app/info.json' }).click();
    await expect.poll(() => preview.locator('[data-item="app/info.json"]').count()).toBe(0);
    await page.screenshot({ path: path.join(resultsDir, 'evidence-preview.png'), fullPage: true });

    await preview.getByLabel('I have looked at what the bundle holds').check();
    await preview.getByRole('button', { name: 'Save bundle' }).click();
    const saved = panel.getByTestId('bundle-saved');
    await saved.waitFor({ timeout: 30_000 });
    const shown = (await panel.getByTestId('bundle-sha256').textContent())!;
    const file = (await saved.locator('code').first().textContent())!;
    expect(file.startsWith(session.home.dir)).toBe(true);
    expect(createHash('sha256').update(readFileSync(file)).digest('hex')).toBe(shown);

    const entries = await unzip(file);
    const order = [...entries.keys()];
    expect(order[0]).toBe('manifest.json');
    expect(order).not.toContain('app/info.json');
    expect(order).toEqual(expect.arrayContaining(['connection/state.json', 'diagnostics/report.json', 'logs/extra.log']));
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(manifest.omitted).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'app/info.json', reason: 'removed-by-user' })]));
    for (const entry of manifest.files as Array<{ name: string; sha256: string }>) {
      expect(createHash('sha256').update(entries.get(entry.name)!).digest('hex'), entry.name).toBe(entry.sha256);
    }
    for (const [name, content] of entries) expect(content.toString('utf8'), name).not.toContain('hunter2-secret');
  });
});
