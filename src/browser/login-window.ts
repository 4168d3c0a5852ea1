import type { Page } from 'playwright';
import { escapeHtml } from '../core/html.js';
import type { Locale } from '../i18n/locale.js';

/**
 * The window a person logs in with (`jianlou login`) and the relay's browser (issue 29 item 11):
 * Chromium in the config's language, and a window that fits the screen it opens on.
 */

/** Chromium's name for the config's locale (its UI language and the context's `locale`). */
export const chromiumLocale = (locale: Locale | undefined): 'zh-CN' | 'en-US' =>
  locale === 'en' ? 'en-US' : 'zh-CN';

/**
 * Launch arguments in the config's language. `--lang` (and on Linux the `LANGUAGE` that
 * launchBrowser derives from it) sets Chromium's own words ("请填写此字段。", error pages) where its
 * language files are installed (Debian: chromium-l10n; `jianlou doctor` checks). Translation is off
 * in every browser jianlou launches (settings.ts `DISABLED_FEATURES`, merged with Playwright's list).
 */
export const localeArgs = (locale: Locale | undefined): string[] => [`--lang=${chromiumLocale(locale)}`];

/** The screen's area a window may use, as `window.screen` reports it. */
export interface ScreenArea {
  availWidth: number;
  availHeight: number;
  availLeft?: number;
  availTop?: number;
}

export interface WindowBounds {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** Used when the screen reports nothing usable (0 × 0). */
const FALLBACK = { width: 1280, height: 800 };

/**
 * Where the login window goes: the screen's whole available area (what a maximized window takes), so a
 * 1366×768 laptop shows the portal's page without a window hanging off or a 1050×750 box in a corner.
 */
export function windowBounds(screen: ScreenArea): WindowBounds {
  const usable = (n: number) => Number.isFinite(n) && n > 0;
  const width = usable(screen.availWidth) ? Math.floor(screen.availWidth) : FALLBACK.width;
  const height = usable(screen.availHeight) ? Math.floor(screen.availHeight) : FALLBACK.height;
  return {
    left: Math.max(0, Math.floor(screen.availLeft ?? 0)),
    top: Math.max(0, Math.floor(screen.availTop ?? 0)),
    width,
    height,
  };
}

/** Moves the page's window onto the screen's available area (through the DevTools protocol). */
export async function fitWindow(page: Page): Promise<WindowBounds> {
  const area = await page.evaluate(() => {
    const s = window.screen as Screen & { availLeft?: number; availTop?: number };
    return {
      availWidth: s.availWidth,
      availHeight: s.availHeight,
      availLeft: s.availLeft,
      availTop: s.availTop,
    };
  });
  const bounds = windowBounds(area);
  const cdp = await page.context().newCDPSession(page);
  try {
    const { windowId } = await cdp.send('Browser.getWindowForTarget');
    // A maximized or full-screen window takes no bounds: back to normal first.
    await cdp.send('Browser.setWindowBounds', { windowId, bounds: { windowState: 'normal' } });
    await cdp.send('Browser.setWindowBounds', { windowId, bounds });
  } finally {
    await cdp.detach().catch(() => {});
  }
  return bounds;
}

/** How long the "logged in" page stays up unless the person closes it first (issue 29 item 11). */
export const CONFIRM_MS = 8_000;

/** `countdown[i]`: the line shown with i seconds left; the page counts down itself, once a second. */
export function successPage(
  title: string,
  body: string,
  locale: Locale,
  countdown: readonly string[],
): string {
  const esc = escapeHtml;
  const last = countdown.length - 1;
  const json = JSON.stringify(countdown).replace(/</g, '\\u003c');
  return `<!doctype html><html lang="${locale === 'en' ? 'en' : 'zh-CN'}"><meta charset="utf-8"><title>${esc(title)}</title>
<body style="font-family:system-ui,sans-serif;display:flex;align-items:center;justify-content:center;height:90vh;margin:0">
<main style="text-align:center"><h1 style="color:#1a7f37;font-size:2.5rem">✓ ${esc(title)}</h1><p style="font-size:1.25rem">${esc(body)}</p>
<p id="closing" role="timer" aria-live="polite" style="font-size:1.1rem;color:#3b4046">${esc(countdown[last] ?? '')}</p></main>
<script>(function(){var c=${json},n=${last},el=document.getElementById('closing');var t=setInterval(function(){n=Math.max(0,n-1);el.textContent=c[n];if(n===0)clearInterval(t);},1000);})();</script></body></html>`;
}
