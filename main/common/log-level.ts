/**
 * The host's log files follow the effective `logLevel` setting (default < user < managed),
 * live: when IT's policy or the user changes it, debug lines start or stop appearing without
 * a restart. Both hosts' loggers (electron-log's Node flavour in the CLI and `serve`, its
 * main-process flavour in the shell) expose `setLevel`; composeEngine wires them here.
 */
import type { SettingsService } from '../engine/policy/effective-settings.js';
import type { Logger } from '../engine/ports/logger.js';
import type { LevelledLogger } from '../platform/node-logger.js';

export function isLevelledLogger(logger: Logger): logger is LevelledLogger {
  const candidate = logger as Partial<LevelledLogger>;
  return typeof candidate.setLevel === 'function' && typeof candidate.level === 'function';
}

/** Applies the setting now and on every change; returns the unsubscribe function. */
export function followLogLevel(settings: SettingsService, logger: LevelledLogger): () => void {
  const apply = () => {
    const next = settings.get('logLevel');
    if (next === logger.level()) return;
    const previous = logger.level();
    logger.setLevel(next);
    logger.info('log level changed', { from: previous, to: next, source: settings.current().entries.logLevel.source });
  };
  apply();
  return settings.subscribe((change) => {
    if (change.changed.includes('logLevel')) apply();
  });
}
