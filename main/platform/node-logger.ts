/**
 * The engine's Logger backed by electron-log's Node flavour (the shell uses its main-process
 * flavour over the same redaction): files rotate at 5 MB, one old file kept. The level starts
 * at `level` and follows the effective `logLevel` setting once the host has read it
 * (`setLevel`, see main/common/log-level.ts). Every entry passes through the redactor before
 * it is written.
 */
import log from 'electron-log/node';
import path from 'node:path';
import type { Logger } from '../engine/ports/logger.js';
import { redactText, redactValue } from '../engine/logging/redact.js';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** A host's logger whose level can change while it runs (the `logLevel` setting, live). */
export interface LevelledLogger extends Logger {
  setLevel(level: LogLevel): void;
  level(): LogLevel;
}

export interface NodeLoggerOptions {
  logDir: string;
  fileName?: string;
  level?: LogLevel;
  /** Also write to the console (off for the CLI, whose output is its answer). */
  console?: boolean;
}

export function createNodeLogger(options: NodeLoggerOptions): LevelledLogger {
  const logger = log.create({ logId: `roamdesk-${options.fileName ?? 'main'}` });
  logger.transports.file.resolvePathFn = () => path.join(options.logDir, options.fileName ?? 'main.log');
  logger.transports.file.maxSize = 5 * 1024 * 1024;
  let current: LogLevel = options.level ?? 'info';
  const applyLevel = (level: LogLevel) => {
    current = level;
    logger.transports.file.level = level;
    logger.transports.console.level = options.console ? level : false;
  };
  applyLevel(current);
  logger.hooks.push((message) => ({ ...message, data: message.data.map((item) => (typeof item === 'string' ? redactText(item) : redactValue(item))) }));
  const write = (level: LogLevel) => (message: string, fields?: Record<string, unknown>) =>
    fields === undefined ? logger[level](message) : logger[level](message, fields);
  return { error: write('error'), warn: write('warn'), info: write('info'), debug: write('debug'), setLevel: applyLevel, level: () => current };
}
