/** A fixed-window counter per key (client IP), in memory: enough for one household's links. */
export interface RateLimiter {
  /** Counts a hit; `ok: false` once the key exceeded `max` in the current window. */
  hit(key: string, nowMs: number): { ok: boolean; retryAfterMs: number };
}

export function createRateLimiter(options: { max: number; windowMs: number }): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  const sweep = (nowMs: number) => {
    for (const [key, w] of windows) if (nowMs - w.start >= options.windowMs) windows.delete(key);
  };
  return {
    hit(key, nowMs) {
      // Bounded memory even when many addresses knock once each.
      if (windows.size > 1000) sweep(nowMs);
      let w = windows.get(key);
      if (!w || nowMs - w.start >= options.windowMs) {
        w = { start: nowMs, count: 0 };
        windows.set(key, w);
      }
      w.count += 1;
      return { ok: w.count <= options.max, retryAfterMs: Math.max(0, w.start + options.windowMs - nowMs) };
    },
  };
}
