/**
 * In-app updates in the shell: electron-updater configured from the pure plan
 * (main/common/update-plan.ts) — off when policy sets `updatesDisabled`, for MSI/pkg/dev
 * installs; otherwise on the `updateChannel`. Follows live settings changes: IT turning
 * updates off stops the periodic check at once.
 */
import { existsSync } from 'node:fs';
import { app } from 'electron';
import { autoUpdater } from 'electron-updater';
import type { Engine } from '../engine/engine.js';
import type { Logger } from '../engine/ports/logger.js';
import { type InstallType, configureUpdater, detectInstallType, updatePlan, updateSettingsFrom } from '../common/update-plan.js';

const CHECK_EVERY_MS = 4 * 60 * 60 * 1000;

export async function startInAppUpdates(engine: Engine, logger: Logger): Promise<() => void> {
  const installType: InstallType = detectInstallType({ platform: process.platform, packaged: app.isPackaged, exePath: process.execPath, env: process.env, exists: existsSync });
  autoUpdater.logger = { info: (m: unknown) => logger.info(String(m)), warn: (m: unknown) => logger.warn(String(m)), error: (m: unknown) => logger.error(String(m)), debug: (m: unknown) => logger.debug(String(m)) };
  let timer: ReturnType<typeof setInterval> | undefined;
  let last = '';
  const check = () => void autoUpdater.checkForUpdatesAndNotify().catch((error: unknown) => logger.warn('update check failed', { reason: (error as Error)?.message ?? String(error) }));
  const apply = (view: unknown) => {
    const plan = updatePlan(updateSettingsFrom(view), installType);
    const key = JSON.stringify(plan);
    if (key === last) return;
    last = key;
    logger.info('in-app updates', { installType, ...plan });
    if (timer) clearInterval(timer);
    timer = undefined;
    if (!configureUpdater(autoUpdater, plan)) return;
    check();
    timer = setInterval(check, CHECK_EVERY_MS);
    timer.unref();
  };
  apply(await engine.handlers['settings.get']({}));
  const off = engine.events.on('settings.changed', apply);
  return () => {
    off();
    if (timer) clearInterval(timer);
  };
}
