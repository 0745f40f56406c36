/**
 * The engine logs through this port. The Node host backs it with electron-log/node and
 * the Electron shell with electron-log/main; both pass every entry through the redactor
 * first, so a secret handed to the logger by mistake still never reaches a file.
 */
export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };
