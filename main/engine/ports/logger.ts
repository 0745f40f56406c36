/**
 * The engine logs through this port; the engine never knows which logging library is
 * behind it. Each host supplies one (main/platform/node-logger.ts for the Node host, the
 * desktop shell its own) and both pass every entry through the redactor first, so a
 * secret handed to the logger by mistake still never reaches a file.
 */
export interface Logger {
  error(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
}

export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };
