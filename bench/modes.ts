import type { CycleResult } from '../src/app/cycle/cycle.js';
import { runCycle } from '../src/app/cycle/cycle.js';
import { createRuntime, type Runtime } from '../src/app/runtime/runtime.js';
import { launchBrowser, newContext } from '../src/browser/launch.js';
import type { LoadedConfig } from '../src/config/load.js';
import type { Logger } from '../src/log/logger.js';
import type { PickedCourse } from './setup.js';

/**
 * The three things being timed. Each one checks what it read against the portal's seed, so a run that
 * failed fast (logged out, portal error) can never pass for a quick one.
 */

function checkCycle(result: CycleResult, courses: PickedCourse[], mode: string): void {
  const failed = result.accounts.filter((a) => a.outcome !== 'ok');
  if (failed.length > 0 || result.accounts.length === 0) {
    const why = failed.map((a) => `${a.accountId}: ${a.outcome} ${a.detail ?? ''}`).join('; ');
    throw new Error(`${mode} cycle did not check every account (${why || 'no account checked'})`);
  }
  const seen = new Map(result.observations.map((o) => [o.courseId, o]));
  for (const course of courses) {
    const obs = seen.get(course.id);
    if (obs?.state !== course.status) {
      throw new Error(
        `${mode} cycle read ${course.id} as ${obs?.state ?? 'nothing'}, expected ${course.status}`,
      );
    }
  }
}

/** (a) One full cycle on a runtime whose browser is already up. */
export async function warmRun(rt: Runtime, courses: PickedCourse[]): Promise<void> {
  checkCycle(await runCycle(rt), courses, 'warm');
}

/** (b) What a cron-started `jianlou check` does once its modules are loaded: runtime, cycle, close. */
export async function coldRun(config: LoadedConfig, logger: Logger, courses: PickedCourse[]): Promise<void> {
  const rt = await createRuntime(config, { logger });
  try {
    checkCycle(await runCycle(rt), courses, 'cold');
  } finally {
    await rt.close();
  }
}

/** (c) The script a parent would write first: launch, log in from the saved session, open every page. */
export async function baselineRun(
  baseUrl: string,
  storageStatePath: string,
  courses: PickedCourse[],
): Promise<void> {
  const browser = await launchBrowser();
  try {
    const context = await newContext(browser, { storageState: storageStatePath, baseURL: baseUrl });
    const page = await context.newPage();
    for (const course of courses) {
      await page.goto(`/courses/${course.id}`);
      if (new URL(page.url()).pathname !== `/courses/${course.id}`) {
        throw new Error(
          `baseline: /courses/${course.id} sent the browser to ${new URL(page.url()).pathname}`,
        );
      }
      const text = (await page.locator('.seats-left').textContent()) ?? '';
      const seats = Number(/\d+/.exec(text)?.[0] ?? Number.NaN);
      if (seats !== course.seats) {
        throw new Error(`baseline read ${course.id} as "${text.trim()}", expected ${course.seats} seats`);
      }
    }
  } finally {
    await browser.close();
  }
}
