import type { Browser, BrowserContext, Page } from 'playwright';
import { createFlowContext } from '../flow/context.js';
import type { FlowContext } from '../flow/types.js';
import { launchBrowser } from './launch.js';
import { saveLogin } from './login.js';
import { chromiumLocale, localeArgs } from './login-window.js';
import type { OpenRelayOptions, RelayAction, RelayFrame, RelaySession } from './relay-types.js';

export type { OpenRelayOptions, RelayAction, RelayFrame, RelayKey, RelaySession } from './relay-types.js';

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
 * The relayed page is laid out at a phone's CSS size and rendered at the phone's own pixel density
 * (issue 29 item 9): 3× until the phone's page reports its `devicePixelRatio` (RelaySession.scale),
 * then at that scale (1–3), so the picture fills the phone's screen without going soft and a 2×
 * phone costs no 3× rendering. Taps arrive in CSS pixels of this viewport.
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

/** A password field focused on the page (or in a frame of it): what is typed for it is a secret. */
const focusedField = (): 'password' | 'text' => {
  let el: Element | null = document.activeElement;
  while (el instanceof HTMLIFrameElement && el.contentDocument) el = el.contentDocument.activeElement;
  return el instanceof HTMLInputElement && el.type === 'password' ? 'password' : 'text';
};

const clamp = (n: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, n));

export async function openRelaySession(o: OpenRelayOptions): Promise<RelaySession> {
  const ownBrowser = o.browser
    ? undefined
    : await (o.launch ?? launchBrowser)({ headless: true, args: localeArgs(o.locale) });
  const browser = o.browser ?? (ownBrowser as Browser);
  /** A phone-sized context at this device scale, with its page. */
  const openPage = async (deviceScaleFactor: number): Promise<{ context: BrowserContext; page: Page }> => {
    const fresh = await browser.newContext({
      viewport: { width: PHONE.width, height: PHONE.height },
      deviceScaleFactor,
      isMobile: true,
      hasTouch: true,
      locale: chromiumLocale(o.locale),
      timezoneId: 'Asia/Shanghai',
      baseURL: o.baseUrl,
      serviceWorkers: 'block',
    });
    try {
      fresh.setDefaultTimeout(10_000);
      return { context: fresh, page: await fresh.newPage() };
    } catch (error) {
      await fresh.close().catch(() => {});
      throw error;
    }
  };
  let context: BrowserContext;
  let page: Page;
  let scale: number = PHONE.deviceScaleFactor;
  try {
    ({ context, page } = await openPage(scale));
  } catch (error) {
    await ownBrowser?.close();
    throw error;
  }
  // The flow's context looks at the relayed page itself; its log stays silent (it may see the form).
  const flowContext = (): FlowContext => ({
    ...createFlowContext({ context, baseUrl: o.baseUrl, accountId: o.accountId, options: o.flowOptions }),
    page: async () => page,
  });
  let ctx = flowContext();
  await page.goto(o.flow.loginUrl(ctx)).catch(() => {});

  let open = true;
  let seq = 0;
  let latest: RelayFrame | undefined;
  let inFlight: Promise<void> | undefined;
  let again = false;
  /** The phone reported its scale (only the first report counts), or acted: no more re-opening. */
  let scaleSettled = false;
  let rescaling: Promise<void> | undefined;
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
        if (rescaling) await rescaling;
        // 'device': one picture pixel per device pixel of the phone (1170 × 2532 at 3×), sharp on its screen.
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

  /**
   * The outcome is told the moment the relay stops being open, before its browser is closed: in
   * between, the phone's next poll read "not open, not saved" and was told "closed" after a login
   * that had saved (issue 29 item 7). A second caller waits for the same teardown.
   */
  let closing: Promise<void> | undefined;
  const close = (saved = false): Promise<void> => {
    if (closing) return closing;
    open = false;
    for (const t of timers) clearTimeout(t);
    for (const w of waiters) w();
    finish(saved);
    closing = (async () => {
      await rescaling;
      await context.close().catch(() => {});
      await ownBrowser?.close().catch(() => {});
    })();
    return closing;
  };

  /**
   * Opens the login page again at the phone's own scale (issue 29 item 9): nothing was done on the
   * first page yet, so nothing is lost; the first page is closed once the new one is there.
   */
  const rescale = async (next: number): Promise<void> => {
    let fresh: { context: BrowserContext; page: Page };
    try {
      fresh = await openPage(next);
    } catch {
      return; // The page at the first scale stays.
    }
    if (!open) {
      await fresh.context.close().catch(() => {});
      return;
    }
    const old = context;
    ({ context, page } = fresh);
    scale = next;
    ctx = flowContext();
    await page.goto(o.flow.loginUrl(ctx)).catch(() => {});
    await old.close().catch(() => {});
  };

  // Watches for the login: saved exactly like `jianlou login` saves it (merged, atomic, 0600).
  // A save that fails (the page navigating under storageState, a file that cannot be written) is
  // tried again on the next poll; nothing may escape this timer: an unhandled rejection ends `watch`.
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
    } catch {
      // Not saved: the relay stays open, the next poll tries again.
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
      scaleSettled = true;
      if (rescaling) await rescaling;
      await run(action).catch(() => {
        // A click that starts a navigation may reject; the frame shows what happened.
      });
      const target = seq + (inFlight ? 2 : 1);
      capture();
      later(o.settleMs ?? 1000, capture);
      return target;
    },
    scale(devicePixelRatio) {
      if (scaleSettled || !open || !Number.isFinite(devicePixelRatio)) return;
      scaleSettled = true;
      const next = clamp(Math.round(devicePixelRatio * 100) / 100, 1, 3);
      if (next === scale) return;
      rescaling = rescale(next).finally(() => {
        rescaling = undefined;
        capture();
      });
    },
    async frame(after, waitMs = 3000) {
      // A frame of the page being replaced (another scale) is not sent: the new page's is on its way.
      if (latest && latest.seq > after && !rescaling) return latest;
      capture();
      await new Promise<void>((resolve) => {
        const end = () => {
          clearTimeout(t);
          waiters.delete(w);
          resolve();
        };
        const w = () => {
          if ((latest && latest.seq > after && !rescaling) || !open) end();
        };
        const t = setTimeout(end, waitMs);
        waiters.add(w);
      });
      return latest;
    },
    close: () => close(false),
  };
}
