import type { Browser } from 'playwright';
import { launchBrowser } from '../../browser/launch.js';

/** One shared browser, launched on first use and relaunched after it dies or after many contexts. */
export interface BrowserPool {
  get(): Promise<Browser>;
  /** A context was opened on the current browser (counted against `contextsPerBrowser`, busy). */
  opened(): void;
  /** A context opened on it was closed. */
  closed(): void;
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
      busy -= 1;
    },
    async close() {
      const b = await browser?.catch(() => undefined);
      browser = undefined;
      await b?.close().catch(() => {});
    },
  };
}
