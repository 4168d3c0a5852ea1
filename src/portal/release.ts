/**
 * The release schedule: like a family cancelling, it frees one seat on a random full course (phase open,
 * or only among `courseIds`) at random moments between minSeconds and maxSeconds.
 */
import { DEFAULT_RELEASE_SECONDS, type ReleaseOptions } from './config.js';
import type { PortalStore } from './store.js';

export function createReleaser(
  store: PortalStore,
  log: (line: string) => void,
  random: () => number = Math.random,
) {
  let timer: NodeJS.Timeout | undefined;
  let options: ReleaseOptions = { enabled: false };

  function stop(): void {
    if (timer) clearTimeout(timer);
    timer = undefined;
  }

  function scheduleNext(): void {
    const min = options.minSeconds ?? DEFAULT_RELEASE_SECONDS.min;
    const max = Math.max(min, options.maxSeconds ?? Math.max(min, DEFAULT_RELEASE_SECONDS.max));
    timer = setTimeout(tick, (min + random() * (max - min)) * 1000);
    // The schedule alone must not keep a process (or a test run) alive.
    timer.unref();
  }

  function tick(): void {
    const course = store.releaseRandomSeat(options.courseIds, random);
    if (course) log(`portal: released a seat on ${course.id} ${course.title}, seats left ${course.seats}`);
    scheduleNext();
  }

  function configure(next: ReleaseOptions): void {
    stop();
    options = { ...next };
    if (options.enabled) scheduleNext();
  }

  return { configure, stop, current: (): ReleaseOptions => ({ ...options }) };
}

export type Releaser = ReturnType<typeof createReleaser>;
