import type { Browser, BrowserContext, Page } from 'playwright';
import { createFlowContext } from '../flow/context.js';
import type { Flow, FlowContext } from '../flow/types.js';
import type { Locale } from '../i18n/locale.js';
import { type LaunchOptions, launchBrowser } from './launch.js';
import { saveLogin } from './login.js';
import { chromiumLocale, localeArgs } from './login-window.js';

/**
 * The browser side of the relayed login (issue 15): a fresh headless phone-sized context at the
 * flow's login page, driven by the actions a phone sends, captured as JPEG on demand.
 *
 * Captures are taken only when asked (at once and ~1 s after each action, and when the phone asks
 * for the next frame), one in flight at a time; a request meanwhile re-captures once the current
 * one ends. A continuous CDP screencast saturates a software renderer, this does not.
 * Nothing an action carries (typed text) is logged, and no trace is recorded on this context.
 */

/**
 * The relayed page is laid out at a phone's CSS size and rendered at a 3× phone's pixel density
 * (issue 29 item 9): the picture fills a 390 px wide phone screen without going soft, and a 2× phone
 * simply scales it down. Taps arrive in CSS pixels of this viewport.
 */
export const PHONE = { width: 390, height: 844, deviceScaleFactor: 3 } as const;
const JPEG_QUALITY = 60;
/**
 * A capture that takes longer than this is given up and the next poll captures again: a screenshot
 * taken while the page navigates can wait for the new document for Playwright's 30 s default, and
 * every frame waits behind it (the phone's picture froze after a submit on a loaded machine).
 */
const CAPTURE_TIMEOUT_MS = 5000;
const SCROLL_LIMIT = 5000;
const TEXT_LIMIT = 500;
const DRAG_POINTS_LIMIT = 200;

export type RelayKey = 'Enter' | 'Backspace' | 'Tab';
export type RelayAction =
  | { kind: 'tap'; x: number; y: number }
  | { kind: 'type'; text: string }
  | { kind: 'key'; key: RelayKey }
  | { kind: 'scroll'; dy: number }
  | { kind: 'drag'; points: { x: number; y: number }[] }
  | { kind: 'reload' };

export interface RelayFrame {
  jpeg: Buffer;
  seq: number;
  /** The kind of field focused on the portal's page when captured: the phone hides what goes into a password. */
  field?: 'password' | 'text';
}

/** A password field focused on the page (or in a frame of it): what is typed for it is a secret. */
const focusedField = (): 'password' | 'text' => {
  let el: Element | null = document.activeElement;
  while (el instanceof HTMLIFrameElement && el.contentDocument) el = el.contentDocument.activeElement;
  return el instanceof HTMLInputElement && el.type === 'password' ? 'password' : 'text';
};

export interface RelaySession {
  /** Does the action, then returns the number of the first frame that shows it. */
  act(action: RelayAction): Promise<number>;
  /** A frame newer than `after` (waiting for one, up to `waitMs`), or the newest there is. */
  frame(after: number, waitMs?: number): Promise<RelayFrame | undefined>;
  /** Resolves once when the session is saved (true) or the relay closed without it (false). */
  readonly done: Promise<boolean>;
  isOpen(): boolean;
  close(): Promise<void>;
}

export interface OpenRelayOptions {
  flow: Pick<Flow, 'loginUrl' | 'isLoggedIn'>;
  /** `portal.options` as the flow's schema parsed them (`ctx.options`). */
  flowOptions?: unknown;
  accountId: string;
  baseUrl: string;
  storageStatePath: string;
  /** A browser to open the context in (it stays open); otherwise one is launched and closed with the relay. */
  browser?: Browser;
  launch?: (options: LaunchOptions) => Promise<Browser>;
  /** The config's locale: Chromium's language and the page's navigator.language (default zh → zh-CN). */
  locale?: Locale;
  /** How often the flow is asked whether the person is logged in; default 1000 ms. */
  pollIntervalMs?: number;
  /** The second capture after an action; default 1000 ms. */
  settleMs?: number;
}

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

export async function openRelaySession(o: OpenRelayOptions): Promise<RelaySession> {
  const ownBrowser = o.browser
    ? undefined
    : await (o.launch ?? launchBrowser)({ headless: true, args: localeArgs(o.locale) });
  const browser = o.browser ?? (ownBrowser as Browser);
  let context: BrowserContext;
  let page: Page;
  try {
    context = await browser.newContext({
      viewport: { width: PHONE.width, height: PHONE.height },
      deviceScaleFactor: PHONE.deviceScaleFactor,
      isMobile: true,
      hasTouch: true,
      locale: chromiumLocale(o.locale),
      timezoneId: 'Asia/Shanghai',
      baseURL: o.baseUrl,
      serviceWorkers: 'block',
    });
    context.setDefaultTimeout(10_000);
    page = await context.newPage();
  } catch (error) {
    await ownBrowser?.close();
    throw error;
  }
  // The flow's context looks at the relayed page itself; its log stays silent (it may see the form).
  const ctx: FlowContext = {
    ...createFlowContext({
      context,
      baseUrl: o.baseUrl,
      accountId: o.accountId,
      options: o.flowOptions,
    }),
    page: async () => page,
  };
  await page.goto(o.flow.loginUrl(ctx)).catch(() => {});

  let open = true;
  let seq = 0;
  let latest: RelayFrame | undefined;
  let inFlight: Promise<void> | undefined;
  let again = false;
  const waiters = new Set<() => void>();
  let finish!: (saved: boolean) => void;
  const done = new Promise<boolean>((resolve) => {
    finish = resolve;
  });

  const capture = (): void => {
    if (!open) return;
    if (inFlight) {
      again = true;
      return;
    }
    inFlight = (async () => {
      try {
        // 'device': one picture pixel per device pixel (1170 × 2532), sharp on the phone's screen.
        const jpeg = await page.screenshot({
          type: 'jpeg',
          quality: JPEG_QUALITY,
          scale: 'device',
          timeout: CAPTURE_TIMEOUT_MS,
        });
        const field = await page.evaluate(focusedField).catch(() => 'text' as const);
        seq += 1;
        latest = { jpeg, seq, field };
        for (const w of waiters) w();
      } catch {
        // The page is navigating or closing: the next request captures again.
      }
    })().finally(() => {
      inFlight = undefined;
      if (again && open) {
        again = false;
        capture();
      }
    });
  };

  const timers = new Set<NodeJS.Timeout>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    t.unref();
    timers.add(t);
  };

  const close = async (saved = false): Promise<void> => {
    if (!open) return;
    open = false;
    for (const t of timers) clearTimeout(t);
    for (const w of waiters) w();
    await context.close().catch(() => {});
    await ownBrowser?.close().catch(() => {});
    finish(saved);
  };

  // Watches for the login: saved exactly like `jianlou login` saves it (merged, atomic, 0600).
  let checking = false;
  const poll = setInterval(async () => {
    if (!open || checking) return;
    checking = true;
    try {
      if (await o.flow.isLoggedIn(ctx).catch(() => false)) {
        if (!open) return;
        await saveLogin(await context.storageState(), o.storageStatePath);
        await close(true);
      }
    } finally {
      checking = false;
    }
  }, o.pollIntervalMs ?? 1000);
  poll.unref();
  void done.then(() => clearInterval(poll));

  const run = async (a: RelayAction): Promise<void> => {
    switch (a.kind) {
      case 'tap': {
        const x = clamp(a.x, 0, PHONE.width);
        const y = clamp(a.y, 0, PHONE.height);
        await page.mouse.click(x, y);
        return;
      }
      case 'type':
        await page.keyboard.insertText(a.text.slice(0, TEXT_LIMIT));
        return;
      case 'key':
        await page.keyboard.press(a.key);
        return;
      case 'scroll':
        await page.mouse.wheel(0, clamp(a.dy, -SCROLL_LIMIT, SCROLL_LIMIT));
        return;
      case 'drag': {
        const points = a.points.slice(0, DRAG_POINTS_LIMIT);
        const [first, ...rest] = points;
        if (!first) return;
        await page.mouse.move(clamp(first.x, 0, PHONE.width), clamp(first.y, 0, PHONE.height));
        await page.mouse.down();
        for (const p of rest) await page.mouse.move(clamp(p.x, 0, PHONE.width), clamp(p.y, 0, PHONE.height));
        await page.mouse.up();
        return;
      }
      case 'reload':
        await page.reload().catch(() => {});
        return;
    }
  };

  capture();
  return {
    done,
    isOpen: () => open,
    async act(action) {
      if (!open) return seq;
      await run(action).catch(() => {
        // A click that starts a navigation may reject; the frame shows what happened.
      });
      const target = seq + (inFlight ? 2 : 1);
      capture();
      later(o.settleMs ?? 1000, capture);
      return target;
    },
    async frame(after, waitMs = 3000) {
      if (latest && latest.seq > after) return latest;
      capture();
      await new Promise<void>((resolve) => {
        const end = () => {
          clearTimeout(t);
          waiters.delete(w);
          resolve();
        };
        const w = () => {
          if ((latest && latest.seq > after) || !open) end();
        };
        const t = setTimeout(end, waitMs);
        waiters.add(w);
      });
      return latest;
    },
    close: () => close(false),
  };
}
