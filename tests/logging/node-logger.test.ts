import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { createNodeLogger } from '../../main/platform/node-logger.js';
import { tempDir } from '../support/temp-dir.js';

/** electron-log may write on a later tick: wait (by turns of the event loop, not by time) until the file holds `marker`. */
async function readWhenContains(file: string, marker: string): Promise<string> {
  for (let turn = 0; turn < 10_000; turn++) {
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8');
      if (text.includes(marker)) return text;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  throw new Error(`${file} never contained ${marker}`);
}

describe('createNodeLogger', () => {
  test('writes to the log directory with secrets redacted from fields and text', async () => {
    const logDir = tempDir();
    const logger = createNodeLogger({ logDir, fileName: `redaction-${process.pid}.log` });
    logger.info('joining Private with token=abcdef123456 now', { passphrase: 's3cret-pass', ssid: 'Private', nested: { request: { psk: 'nested-psk-value' } } });
    logger.warn('header was Authorization: Bearer abc.def.ghi', { note: 'password=hunter2' });
    logger.error('done marker-end');

    const text = await readWhenContains(path.join(logDir, `redaction-${process.pid}.log`), 'marker-end');
    expect(text).toContain('joining Private with token=[redacted] now');
    expect(text).toContain('Private');
    expect(text).toContain('[redacted]');
    expect(text).toContain('Bearer [redacted]');
    expect(text).toMatch(/\[warn\]/);
    for (const secret of ['s3cret-pass', 'abcdef123456', 'nested-psk-value', 'abc.def.ghi', 'hunter2']) expect(text).not.toContain(secret);
  });

  test('entries below the level are not written', async () => {
    const logDir = tempDir();
    const logger = createNodeLogger({ logDir, fileName: `level-${process.pid}.log`, level: 'warn' });
    logger.debug('debug-entry');
    logger.info('info-entry');
    logger.warn('warn-entry');
    logger.error('error-entry-last');
    const text = await readWhenContains(path.join(logDir, `level-${process.pid}.log`), 'error-entry-last');
    expect(text).toContain('warn-entry');
    expect(text).not.toContain('info-entry');
    expect(text).not.toContain('debug-entry');
  });
});
