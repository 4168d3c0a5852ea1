import { statSync } from 'node:fs';
import type { APIRequestContext } from 'playwright';
import type { DeviceName } from '../../browser/devices.js';
import { newRequestContext, type StorageState } from '../../browser/launch.js';
import { readStorageState } from '../../browser/session.js';

/** An account's API side (a request context from its saved session), shared while it is warm. */
export interface WarmRequest {
  request: APIRequestContext;
  /** The saved session it was made from (its values are kept out of traces). */
  storageState: StorageState;
  /** The session file's mtime and size when it was read or last written by us. */
  stamp: string | undefined;
  users: number;
  /** Disposed when its last user is done; never handed out again. */
  stale: boolean;
  reused: number;
}

/**
 * mtime and size of a file, or undefined when it cannot be read (the read that follows says why).
 * Synchronous on purpose: a stat of a small local file takes microseconds, the thread-pool round
 * trip of the async one was a tenth of a millisecond of every warm check.
 */
export async function fileStamp(path: string): Promise<string | undefined> {
  try {
    const s = statSync(path);
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return undefined;
  }
}

/**
 * `watch` keeps each account's API side between cycles (a warm cycle is one request, not a new
 * context): until its session file changes under it, a check fails, or a browser was used.
 * With `keepWarm` off (a one-shot `check`) every open makes its own, disposed after its use.
 */
export interface WarmRequests {
  /** The account's API side from its session file at `path`: the warm one while the file is unchanged. */
  acquire(accountId: string, path: string): Promise<WarmRequest>;
  /** Done with it; `drop`: never hand it out again (a failed check, a browser used). */
  release(accountId: string, entry: WarmRequest, drop: boolean): Promise<void>;
  /** Whether `entry` is the account's warm API side now. */
  isCurrent(accountId: string, entry: WarmRequest): boolean;
  disposeAll(): Promise<void>;
}

export function createWarmRequests(options: {
  keepWarm: boolean;
  baseUrl: string;
  device?: DeviceName;
}): WarmRequests {
  const warm = new Map<string, WarmRequest>();
  const { keepWarm } = options;

  function release(accountId: string, entry: WarmRequest, drop: boolean): Promise<void> {
    entry.users -= 1;
    if (drop) entry.stale = true;
    if (!entry.stale || entry.users > 0) return Promise.resolve();
    if (warm.get(accountId) === entry) warm.delete(accountId);
    return entry.request.dispose().catch(() => {});
  }

  async function acquire(accountId: string, path: string): Promise<WarmRequest> {
    const stamp = await fileStamp(path);
    const kept = warm.get(accountId);
    if (kept && !kept.stale && stamp !== undefined && kept.stamp === stamp) {
      kept.users += 1;
      kept.reused += 1;
      return kept;
    }
    if (kept) {
      // Someone else wrote the session (a login): the next check starts from their file.
      kept.stale = true;
      warm.delete(accountId);
      if (kept.users === 0) await kept.request.dispose().catch(() => {});
    }
    // Read the saved session before anything else: a missing one needs a person, not a browser.
    const storageState = await readStorageState(path, accountId);
    const request = await newRequestContext({
      storageState,
      baseURL: options.baseUrl,
      ...(options.device ? { device: options.device } : {}),
    });
    const entry: WarmRequest = { request, storageState, stamp, users: 1, stale: !keepWarm, reused: 0 };
    if (keepWarm) {
      // Another open of this account made one meanwhile: this one takes over, that one is disposed
      // when its last user is done (it is no longer in the map, so nothing else would).
      const other = warm.get(accountId);
      if (other && other !== entry) {
        other.stale = true;
        if (other.users === 0) await other.request.dispose().catch(() => {});
      }
      warm.set(accountId, entry);
    }
    return entry;
  }

  return {
    acquire,
    release,
    isCurrent: (accountId, entry) => warm.get(accountId) === entry,
    async disposeAll() {
      await Promise.all([...warm.values()].map((entry) => entry.request.dispose().catch(() => {})));
      warm.clear();
    },
  };
}
