/** electron-log's main-process flavour behind the engine's Logger port, with the same redaction as the Node host. */
import log from 'electron-log/main';
import path from 'node:path';
import type { LevelledLogger, LogLevel } from '../platform/node-logger.js';
import { redactText, redactValue } from '../engine/logging/redact.js';

/** The level follows the `logLevel` setting once the engine's settings are read (`setLevel`). */
export function createElectronLogger(logDir: string, level: LogLevel = 'info'): LevelledLogger {
  log.initialize();
  // The same directory as the Node host (main/platform/app-paths.ts), so support finds every log in one place.
  log.transports.file.resolvePathFn = () => path.join(logDir, 'main.log');
  log.transports.file.maxSize = 5 * 1024 * 1024;
  let current: LogLevel = level;
  log.transports.file.level = level;
  log.errorHandler.startCatching({ showDialog: false });
  log.hooks.push((message) => ({ ...message, data: message.data.map((item) => (typeof item === 'string' ? redactText(item) : redactValue(item))) }));
  const write = (name: 'error' | 'warn' | 'info' | 'debug') => (message: string, fields?: Record<string, unknown>) =>
    fields === undefined ? log[name](message) : log[name](message, fields);
  return {
    error: write('error'),
    warn: write('warn'),
    info: write('info'),
    debug: write('debug'),
    setLevel(next) {
      current = next;
      log.transports.file.level = next;
    },
    level: () => current,
  };
}
