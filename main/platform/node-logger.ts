/**
 * The engine's Logger backed by electron-log's Node flavour (the shell uses its main-process
 * flavour over the same redaction): files rotate at 5 MB, one old file kept, levels from
 * ROAMDESK_LOG_LEVEL. Every entry passes through the redactor before it is written.
 */
import log from 'electron-log/node';
import path from 'node:path';
import type { Logger } from '../engine/ports/logger.js';
import { redactText, redactValue } from '../engine/logging/redact.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface NodeLoggerOptions {
  logDir: string;
  fileName?: string;
  level?: LogLevel;
  /** Also write to the console (off for the CLI, whose output is its answer). */
  console?: boolean;
}

export function createNodeLogger(options: NodeLoggerOptions): Logger {
  const logger = log.create({ logId: `roamdesk-${options.fileName ?? 'main'}` });
  logger.transports.file.resolvePathFn = () => path.join(options.logDir, options.fileName ?? 'main.log');
  logger.transports.file.maxSize = 5 * 1024 * 1024;
  logger.transports.file.level = options.level ?? 'info';
  logger.transports.console.level = options.console ? (options.level ?? 'info') : false;
  logger.hooks.push((message) => ({ ...message, data: message.data.map((item) => (typeof item === 'string' ? redactText(item) : redactValue(item))) }));
  const write = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) =>
    fields === undefined ? logger[level](message) : logger[level](message, fields);
  return { error: write('error'), warn: write('warn'), info: write('info'), debug: write('debug') };
}
