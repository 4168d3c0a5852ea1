import { startDaemon } from '../app/daemon.js';
import { acquireStoreLock } from '../app/process-lock.js';
import { describeStore } from '../config/store.js';
import { JianlouError } from '../core/errors.js';
import { openRuntime } from './shared.js';

/** Runs until SIGINT/SIGTERM, then finishes the current cycle, flushes the outbox and exits. */
export async function watchCommand(configFile: string): Promise<void> {
  const { rt, logger } = await openRuntime(configFile, { keepWarm: true });
  const lock = acquireStoreLock(rt.config.store.lockPath);
  if (!lock.acquired) {
    await rt.close();
    throw new JianlouError(
      `another jianlou process (pid ${lock.heldBy}) is already using the store ${describeStore(rt.config.store)}: stop it first (one watcher per store)`,
    );
  }
  const daemon = await startDaemon(rt);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'signal received');
      resolve();
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  // A second Ctrl-C cuts the current check short instead of waiting for it.
  const abort = () => {
    logger.warn('second signal: aborting the current check');
    daemon.scheduler.abort();
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    await daemon.stop();
  } finally {
    process.removeListener('SIGINT', abort);
    process.removeListener('SIGTERM', abort);
    await rt.close();
    lock.release();
  }
  logger.info('stopped cleanly');
}
