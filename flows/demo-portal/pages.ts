import type { Page, Response } from 'playwright';
import {
  CaptchaRequiredError,
  type CourseRef,
  type Credentials,
  type FlowContext,
  LoginRefusedError,
  type Observation,
  PortalChangedError,
  PortalUnavailableError,
  parseRetryAfterMs,
  RateLimitedError,
  SessionExpiredError,
  safeReason,
  sessionExpiredMessage,
  stepTimeoutMs,
  throwIfAborted,
} from '../../src/flow/public.js';
import type { StepOptions } from './api.js';
import { coursePageUrl, notFound, phaseOfStatus, toObservation, toSchedule } from './map.js';
import { unavailableError, unavailableNotice } from './unavailable.js';

/** Raw strings read from a course page in one round trip (no waiting for absent elements). */
interface PageFacts {
  notFound: boolean;
  title: string | null;
  seatsData: string | null;
  seatsText: string | null;
  status: string | null;
  weekday: string | null;
  start: string | null;
  end: string | null;
  campus: string | null;
  teacher: string | null;
  fee: string | null;
  /** The start of the page's text, to recognise a maintenance or busy notice. */
  text: string;
}

// No inner helpers in here: the function is serialised into the page, where bundler helpers do not exist.
function readCoursePage(): PageFacts {
  const main = document.querySelector('main.course-detail');
  const time = main?.querySelector('.course-time');
  return {
    notFound: document.querySelector('.not-found') !== null,
    title: main?.querySelector('h1.course-title')?.textContent?.trim() ?? null,
    seatsData: main?.querySelector('.seats-left')?.getAttribute('data-seats') ?? null,
    seatsText: main?.querySelector('.seats-left b')?.textContent?.trim() ?? null,
    status: main?.querySelector('.course-status')?.getAttribute('data-status') ?? null,
    weekday: time?.getAttribute('data-weekday') ?? null,
    start: time?.getAttribute('data-start') ?? null,
    end: time?.getAttribute('data-end') ?? null,
    campus: main?.querySelector('.course-campus')?.textContent?.trim() ?? null,
    teacher: main?.querySelector('.course-teacher')?.textContent?.trim() ?? null,
    fee: main?.querySelector('.course-fee')?.getAttribute('data-fee') ?? null,
    text: `${document.title}\n${document.body?.textContent ?? ''}`.slice(0, 2000),
  };
}

function isLoginPage(url: string): boolean {
  return new URL(url).pathname === '/login';
}

/** Navigates and maps what the portal answered at the HTTP level to the flow contract's errors. */
async function open(ctx: FlowContext, page: Page, url: string, options: StepOptions): Promise<Response> {
  throwIfAborted(ctx, `GET ${url}`);
  let response: Response | null;
  try {
    response = await page.goto(url, {
      timeout: stepTimeoutMs(ctx.signal, options.timeoutMs),
      waitUntil: 'domcontentloaded',
      signal: ctx.signal,
    });
  } catch (error) {
    throwIfAborted(ctx, `GET ${url}`);
    throw new PortalUnavailableError(`GET ${url} failed: ${safeReason(error)}`);
  }
  if (!response) throw new PortalUnavailableError(`GET ${url} gave no response`);
  if (isLoginPage(page.url())) throw new SessionExpiredError(sessionExpiredMessage(ctx, url));
  const status = response.status();
  if (status === 401) throw new SessionExpiredError(sessionExpiredMessage(ctx, url));
  if (status === 429) {
    const retryAfterMs = parseRetryAfterMs(await response.headerValue('retry-after'), Date.now());
    throw new RateLimitedError(
      `GET ${url} answered 429 (rate limited); retry after ${Math.round(retryAfterMs / 1000)} s`,
      retryAfterMs,
    );
  }
  if (status >= 500) throw new PortalUnavailableError(`GET ${url} answered HTTP ${status}`);
  return response;
}

function toInt(value: string | null): number | undefined {
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim());
}

/** Reads each course page in turn (slower than the API, but works when only the pages do). */
export async function observeByPages(
  ctx: FlowContext,
  courses: CourseRef[],
  options: StepOptions,
): Promise<Observation[]> {
  if (courses.length === 0) return [];
  const page = await ctx.page();
  const observations: Observation[] = [];
  for (const ref of courses) {
    const url = coursePageUrl(ctx.baseUrl, ref.id);
    const response = await open(ctx, page, url, options);
    const facts = await page.evaluate(readCoursePage);
    if (response.status() === 404) {
      if (!facts.notFound) {
        throw new PortalChangedError(
          `${url} answered 404 without the .not-found notice — has the portal changed?`,
        );
      }
      observations.push(notFound(ref.id, url));
      continue;
    }
    if (response.status() !== 200) {
      throw new PortalChangedError(`${url} answered HTTP ${response.status()} — has the portal changed?`);
    }
    const seats = toInt(facts.seatsData) ?? toInt(facts.seatsText);
    const phase = facts.status === null ? undefined : phaseOfStatus(facts.status);
    const missing = [
      facts.title === null ? 'h1.course-title' : '',
      seats === undefined ? '.seats-left (余位)' : '',
      phase === undefined ? '.course-status[data-status]' : '',
    ].filter(Boolean);
    if (missing.length > 0 || phase === undefined || seats === undefined) {
      // A maintenance or busy notice instead of the course page: down for a while, not a redesign.
      const notice = unavailableNotice(facts.text);
      if (notice) throw unavailableError(url, response.status(), notice);
      throw new PortalChangedError(
        `course page ${url} has no ${missing.join(', ')} — the portal has changed; update the flow (never read as full)`,
      );
    }
    const schedule = toSchedule(toInt(facts.weekday), facts.start ?? undefined, facts.end ?? undefined);
    const fee = toInt(facts.fee);
    observations.push(
      toObservation({
        id: ref.id,
        title: facts.title ?? '',
        seats,
        phase,
        status: facts.status ?? undefined,
        url,
        ...(schedule ? { schedule } : {}),
        ...(facts.campus ? { campus: facts.campus } : {}),
        ...(facts.teacher ? { teacher: facts.teacher } : {}),
        ...(fee === undefined ? {} : { fee }),
      }),
    );
  }
  return observations;
}

export function loginUrl(ctx: FlowContext): string {
  return `${ctx.baseUrl}/login?returnUrl=${encodeURIComponent('/courses')}`;
}

/**
 * Fills the login form. The captcha comes from the credentials (the demo portal's test code);
 * jianlou never tries to read a real captcha.
 */
export async function login(ctx: FlowContext, credentials: Credentials, options: StepOptions): Promise<void> {
  if (!credentials.captcha) {
    throw new CaptchaRequiredError(
      `the login page of ${ctx.baseUrl} asks for a captcha and none was given — run: jianlou login ${ctx.accountId} (and type it in the browser)`,
    );
  }
  const page = await ctx.page();
  await open(ctx, page, loginUrl(ctx), options).catch((error: unknown) => {
    // The login page itself is the expected destination here, not a sign of an expired session.
    if (!(error instanceof SessionExpiredError)) throw error;
  });
  // The portal sends a logged-in visitor on from /login: nothing to do.
  if (!isLoginPage(page.url())) return;
  const form = page.locator('form:has(input[name=username])');
  if ((await form.count()) === 0) {
    const text = await page.evaluate(() =>
      `${document.title}\n${document.body?.textContent ?? ''}`.slice(0, 2000),
    );
    const notice = unavailableNotice(text);
    if (notice) throw unavailableError(loginUrl(ctx), 200, notice);
    throw new PortalChangedError(
      `${loginUrl(ctx)} has no login form (input[name=username]) — has the portal changed?`,
    );
  }
  await form.locator('input[name=username]').fill(credentials.username);
  await form.locator('input[name=password]').fill(credentials.password);
  await form.locator('input[name=captcha]').fill(credentials.captcha);
  const left = page.waitForURL((url) => url.pathname !== '/login', {
    timeout: options.timeoutMs,
    // The session cookie is set by then; the page after login need not finish loading.
    waitUntil: 'commit',
  });
  const refused = page.locator('.form-error').waitFor({ timeout: options.timeoutMs });
  // Whichever settles second must not become an unhandled rejection.
  left.catch(() => {});
  refused.catch(() => {});
  await form.locator('button[type=submit]').click({ timeout: options.timeoutMs });
  try {
    await Promise.race([left, refused]);
  } catch (error) {
    throw new PortalUnavailableError(`login at ${ctx.baseUrl} got no answer: ${safeReason(error)}`);
  }
  if (!isLoginPage(page.url())) return;
  const message = (await page.locator('.form-error').first().textContent())?.trim() ?? '';
  if (message.includes('验证码')) {
    throw new CaptchaRequiredError(
      `the portal at ${ctx.baseUrl} rejected the captcha — run: jianlou login ${ctx.accountId} and log in by hand`,
    );
  }
  throw new LoginRefusedError(
    `the portal at ${ctx.baseUrl} refused the login of account "${ctx.accountId}": ${message || 'no reason given'} — check the username and password`,
  );
}
