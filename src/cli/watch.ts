import { type Daemon, startDaemon } from '../app/process/daemon.js';
import { acquireStoreLock } from '../app/process/process-lock.js';
import { describeStore } from '../config/store.js';
import { JianlouError } from '../core/errors.js';
import { openRuntime } from './shared.js';
import { onStopSignals } from './signals.js';

/** Runs until SIGINT/SIGTERM/SIGHUP, then finishes the current cycle, flushes the outbox and exits. */
export async function watchCommand(configFile: string): Promise<void> {
  const { rt, logger } = await openRuntime(configFile, { keepWarm: true });
  const lock = acquireStoreLock(rt.config.store.lockPath);
  if (!lock.acquired) {
    await rt.close();
    const store = describeStore(rt.config.store);
    throw new JianlouError(
      `another jianlou process (pid ${lock.heldBy}) is already using the store ${store}: stop it first (one watcher per store)`,
      { words: { code: 'store_in_use', pid: lock.heldBy, store } },
    );
  }
  // The first signal lets the current check and its holds finish; a second one cuts them short.
  let daemon: Daemon | undefined;
  let stop = () => {};
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const signals = onStopSignals({
    onStop(signal) {
      logger.info({ signal }, 'signal received');
      stop();
    },
    onAbort(signal) {
      logger.warn({ signal }, 'second signal: aborting the current check and hold sweep');
      daemon?.abort();
    },
  });
  try {
    daemon = await startDaemon(rt);
    await stopped;
    await daemon.stop();
  } finally {
    signals.dispose();
    await rt.close();
    lock.release();
  }
  logger.info('stopped cleanly');
}
