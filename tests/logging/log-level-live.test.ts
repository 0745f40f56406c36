/**
 * The host's log file follows the effective logLevel, live: a host composed the way the CLI
 * and `serve` compose theirs (composeEngine with electron-log's Node flavour) writes no debug
 * lines at the default level, starts writing them when the managed policy file says `debug`,
 * and stops again when the policy goes back to `warn` — without a restart, through the
 * policy file's watcher.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from 'vitest';
import { composeEngine } from '../../main/common/compose-engine.js';
import { appPaths } from '../../main/platform/app-paths.js';
import { createNodeLogger } from '../../main/platform/node-logger.js';
import { smallWorldInput } from '../support/small-world.js';
import { tempDir } from '../support/temp-dir.js';

const logText = (file: string) => (existsSync(file) ? readFileSync(file, 'utf8') : '');

test('debug lines appear and disappear as the managed logLevel changes', async () => {
  const dir = tempDir('roamdesk-loglevel-');
  const worldFile = path.join(dir, 'world.json');
  writeFileSync(worldFile, JSON.stringify(smallWorldInput()));
  const policyFile = path.join(dir, 'policy.json');
  writeFileSync(policyFile, JSON.stringify({ managedByOrganization: 'Acme IT' }));
  const paths = appPaths({ ROAMDESK_HOME: path.join(dir, 'home') });
  const logger = createNodeLogger({ logDir: paths.logDir, fileName: `loglevel-${process.pid}.log` });
  const logFile = path.join(paths.logDir, `loglevel-${process.pid}.log`);

  const host = await composeEngine({ host: 'node', version: '0.0.0-test', worldFile, paths, logger, env: { ROAMDESK_POLICY_FILE: policyFile } });
  try {
    // Default (info): a debug line is not written, an info line is.
    logger.debug('probe-debug-at-info');
    logger.info('probe-info-at-info');
    await expect.poll(() => logText(logFile), { timeout: 5_000 }).toContain('probe-info-at-info');
    expect(logText(logFile)).not.toContain('probe-debug-at-info');

    // IT turns debug on: the watcher picks the file up, and debug lines appear.
    writeFileSync(policyFile, JSON.stringify({ managedByOrganization: 'Acme IT', logLevel: 'debug' }));
    let n = 0;
    await expect
      .poll(
        () => {
          logger.debug(`probe-debug-live-${++n}`);
          return logText(logFile);
        },
        { timeout: 10_000, interval: 100 },
      )
      .toMatch(/probe-debug-live-\d+/);
    expect(logger.level()).toBe('debug');
    expect(logText(logFile)).toMatch(/log level changed \{ from: 'info', to: 'debug', source: 'managed' \}/);

    // Back to warn: debug and info lines stop, warnings are still written.
    writeFileSync(policyFile, JSON.stringify({ managedByOrganization: 'Acme IT', logLevel: 'warn' }));
    await expect.poll(() => logger.level(), { timeout: 10_000, interval: 50 }).toBe('warn');
    logger.debug('probe-debug-after-warn');
    logger.info('probe-info-after-warn');
    logger.warn('probe-warn-after-warn');
    await expect.poll(() => logText(logFile), { timeout: 5_000 }).toContain('probe-warn-after-warn');
    const text = logText(logFile);
    expect(text).not.toContain('probe-debug-after-warn');
    expect(text).not.toContain('probe-info-after-warn');
  } finally {
    await host.close();
  }
});
