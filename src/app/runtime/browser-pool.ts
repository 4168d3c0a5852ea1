import type { Browser } from 'playwright';
import { launchBrowser } from '../../browser/launch.js';

/** One shared browser, launched on first use and relaunched after it dies or after many contexts. */
export interface BrowserPool {
  get(): Promise<Browser>;
  /** A context was opened on the current browser (counted against `contextsPerBrowser`, busy). */
  opened(): void;
  /** A context opened on it was closed. */
  closed(): void;
  /**
   * The browser did not answer (a cleanup step timed out): the next get() launches a new one, and
   * this one is closed in the background (Playwright kills it when it does not close in time).
   */
  discard(): void;
  close(): Promise<void>;
}

export function createBrowserPool(contextsPerBrowser: number): BrowserPool {
  let browser: Promise<Browser> | undefined;
  let contextsOnBrowser = 0;
  let busy = 0;

  async function get(): Promise<Browser> {
    if (browser) {
      const current = await browser.catch(() => undefined);
      if (current?.isConnected() && (contextsOnBrowser < contextsPerBrowser || busy > 0)) return current;
      if (current?.isConnected()) await current.close().catch(() => {});
    }
    contextsOnBrowser = 0;
    browser = launchBrowser();
    return browser;
  }

  return {
    get,
    opened() {
      busy += 1;
      contextsOnBrowser += 1;
    },
    closed() {
      busy = Math.max(0, busy - 1);
    },
    discard() {
      const old = browser;
      browser = undefined;
      contextsOnBrowser = 0;
      busy = 0;
      void old?.then((b) => b.close()).catch(() => {});
    },
    async close() {
      const b = await browser?.catch(() => undefined);
      browser = undefined;
      await b?.close().catch(() => {});
    },
  };
}
