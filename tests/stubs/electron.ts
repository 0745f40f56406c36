// Stands in for `electron` under vitest: the real module would try to download its binary.
// Tests that need behaviour from it assert on these recorders.
export const handled = new Map<string, (...args: unknown[]) => unknown>();
export const ipcMain = {
  handle: (channel: string, handler: (...args: unknown[]) => unknown) => void handled.set(channel, handler),
  removeHandler: (channel: string) => void handled.delete(channel),
};
export const app = {};
export const safeStorage = {};
export const protocol = {};
export const net = {};
export const session = {};
export const shell = {};
export default { ipcMain, app, safeStorage, protocol, net, session, shell };
