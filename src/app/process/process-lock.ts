import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

/**
 * One engine process per store: the outbox treats entries another process left 'running' as
 * crashed, so two checks (overlapping cron runs, or `check` beside `watch`) must not drain it at
 * once. A lock file beside the sqlite file holds the owner's pid; a lock whose pid is gone is stale.
 */
export type StoreLock = { acquired: true; release(): void } | { acquired: false; heldBy: number };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** `lockPath` is the config's `store.lockPath` (none for a memory store: nothing to share). */
export function acquireStoreLock(lockPath: string | undefined): StoreLock {
  const path = lockPath;
  if (!path) return { acquired: true, release() {} };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return { acquired: true, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { acquired: true, release() {} };
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
        return { acquired: false, heldBy: pid };
      try {
        unlinkSync(path); // stale: its owner died
      } catch {
        // someone else removed it first
      }
    }
  }
  return { acquired: false, heldBy: -1 };
}
