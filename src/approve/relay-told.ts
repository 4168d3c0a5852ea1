/**
 * "The phone heard that its session was saved" (issue 29 item 7): the relay's phone shows "已登录"
 * only once the server answered it "saved", and `login --remote` waits for that before it stops the
 * server, or the phone keeps a frozen page with live buttons.
 */
export interface SavedNotice {
  /** Marks it told and wakes every waiter (a second call finds none). */
  tell(): void;
  /** Resolves true once told (at once when it already was), false after `waitMs`. */
  seen(waitMs: number): Promise<boolean>;
}

export function createSavedNotice(): SavedNotice {
  let told = false;
  const waiters = new Set<() => void>();
  return {
    tell() {
      told = true;
      for (const f of waiters) f();
      waiters.clear();
    },
    seen(waitMs) {
      if (told) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        const t = setTimeout(() => {
          waiters.delete(done);
          resolve(false);
        }, waitMs);
        const done = () => {
          clearTimeout(t);
          resolve(true);
        };
        waiters.add(done);
      });
    },
  };
}
