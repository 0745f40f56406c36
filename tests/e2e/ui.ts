/**
 * What the Chromium tests do on the Roamdesk page, in one place: find the connection card and
 * a network's row, move the simulated device, and wait for an attempt to settle.
 */
import { copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { type ServeProcess, demoWorld, freshHome, launchChromium, resultsDir, startServe } from './harness.js';

export const cardOf = (page: Page): Locator => page.getByTestId('connection-card');
export const rowOf = (page: Page, bssid: string): Locator => page.locator(`[data-testid="network"][data-bssid="${bssid}"]`);

/** Moves the simulated device and waits until the list shows an access point of that site. */
export async function moveTo(page: Page, siteName: string, expectedBssid: string): Promise<void> {
  await page.getByLabel('Simulated location').selectOption({ label: siteName });
  await rowOf(page, expectedBssid).waitFor();
}

/**
 * Runs `start` and waits for the outcome of the attempt it began: online, failed, or waiting
 * for the person at a portal. The engine outlives each page, so the card may still show an
 * earlier outcome: wait for a new attempt id.
 */
export async function outcomeOf(page: Page, start: () => Promise<void>): Promise<string> {
  const card = cardOf(page);
  const before = await card.getAttribute('data-attempt');
  await start();
  let outcome = 'pending';
  let seen = '';
  await expect
    .poll(
      async () => {
        const [attempt, phase, stages] = await Promise.all([
          card.getAttribute('data-attempt'),
          card.getAttribute('data-phase'),
          card.locator('[data-stage]').evaluateAll((items) => items.map((item) => `${item.getAttribute('data-stage')}:${item.getAttribute('data-status') ?? ''}`).join(' ')),
        ]);
        seen = `attempt ${before} → ${attempt}, phase ${phase}, stages [${stages}]`;
        outcome = attempt !== before && ['online', 'failed', 'sign-in-required'].includes(phase ?? '') ? phase! : 'pending';
        return outcome;
      },
      { timeout: 20_000 },
    )
    .not.toBe('pending')
    .catch((error: Error) => {
      throw new Error(`No new outcome on the card within 20 s (${seen}).`, { cause: error });
    });
  return outcome;
}

/** One `roamdesk serve` in a fresh home with Chromium attached: what every UI test file starts with. */
export interface UiSession {
  home: ReturnType<typeof freshHome>;
  server: ServeProcess;
  browser: Browser;
  /** A new page on the served UI, once its heading is there. */
  openPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
}

/** `prepareHome` may plant files in the fresh home and return environment variables for `serve`. */
export async function startUiSession(options: { prepareHome?: (homeDir: string) => Record<string, string> | void } = {}): Promise<UiSession> {
  mkdirSync(resultsDir, { recursive: true });
  const home = freshHome();
  const env = options.prepareHome?.(home.dir) ?? {};
  const server = await startServe(home.dir, demoWorld, env);
  const browser = await launchChromium();
  return {
    home,
    server,
    browser,
    async openPage(viewport = { width: 1100, height: 900 }) {
      const page = await browser.newPage({ viewport });
      await page.goto(server.url);
      await page.getByRole('heading', { name: 'Roamdesk' }).waitFor();
      return page;
    },
    async close() {
      await browser.close();
      await server.stop();
      keepServeLogs(home.dir);
      home.remove();
    },
  };
}

/** A UI session on a managed device: `serve` reads `policy` from a policy file in the fresh home (ROAMDESK_POLICY_FILE). */
export function startManagedUiSession(policy: Record<string, unknown>): Promise<UiSession> {
  return startUiSession({
    prepareHome: (homeDir) => {
      const policyFile = path.join(homeDir, 'policy.json');
      writeFileSync(policyFile, JSON.stringify(policy));
      return { ROAMDESK_POLICY_FILE: policyFile };
    },
  });
}

/**
 * The engine's logs of a UI session, kept beside the screenshots (test-results/serve-logs/) so a
 * failure on a CI machine can be read afterwards; the home itself is removed.
 */
function keepServeLogs(homeDir: string): void {
  const target = path.join(resultsDir, 'serve-logs', path.basename(homeDir));
  const walk = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(path.join(dir, entry.name)) : entry.name.endsWith('.log') ? [path.join(dir, entry.name)] : []));
  try {
    for (const file of walk(homeDir)) {
      mkdirSync(target, { recursive: true });
      copyFileSync(file, path.join(target, path.relative(homeDir, file).replace(/[\\/]/g, '__')));
    }
  } catch {
    // Evidence for a failure, never a failure of its own.
  }
}
