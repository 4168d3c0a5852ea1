import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createDemoFlow } from '../../flows/demo-portal.js';
import type { LoginRelayOptions } from '../../src/approve/login-relay.js';
import { makeLoginLink } from '../../src/approve/login-tokens.js';
import {
  type ApprovalServer,
  type ApprovalServerOptions,
  startApprovalServer,
} from '../../src/approve/server.js';
import { launchBrowser } from '../../src/browser/launch.js';
import { openRelaySession } from '../../src/browser/relay.js';
import type { Flow } from '../../src/flow/types.js';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';
import { createFakeDecider } from './fake-decider.js';
import { createMapKv } from './map-kv.js';
import { type Box, fieldBoxes } from './relay-phone.js';

/**
 * The Chromium relay tests' shared setup (login-relay, relay-claim, relay-picture, relay-scale): one
 * demo portal, one Chromium and the login page's field boxes for the file; an approval server with the
 * login relay (the demo flow, the real relayed browser) and phones (browser contexts), both closed
 * after each test.
 */
export interface RelayRig {
  /** A temporary folder for the saved sessions (removed after the file). */
  readonly dir: string;
  /** The demo flow the relay logs in with. */
  readonly flow: Flow;
  readonly portal: RunningPortal;
  readonly browser: Browser;
  /** Where the portal's login fields are on the phone's picture. */
  readonly boxes: Record<string, Box>;
  /** The server of the running test, if it started one. */
  readonly server: ApprovalServer | undefined;
  /** Starts the approval server with the relay on, saving each session at `storageStatePath`. */
  startServer(options: RelayServerOptions): Promise<ApprovalServer>;
  /** A login link of the running server, made now. */
  link(accountId?: string): string;
  /** A 390×844 touch phone (a new browser context) with these options on top. */
  newPhone(options?: BrowserContextOptions): Promise<Page>;
}

export interface RelayServerOptions
  extends Pick<ApprovalServerOptions, 'secret'>,
    Partial<Pick<ApprovalServerOptions, 'kv' | 'logger' | 'trustProxy'>> {
  storageStatePath: string;
  accounts?: string[];
  relay?: Partial<LoginRelayOptions>;
}

export function useRelayRig(name: string): RelayRig {
  const dir = mkdtempSync(join(tmpdir(), `jianlou-${name}-`));
  const flow = createDemoFlow({ timeoutMs: 5000 });
  let portal: RunningPortal;
  let browser: Browser;
  let boxes: Record<string, Box>;
  let server: ApprovalServer | undefined;
  let secret = '';
  let contexts: BrowserContext[] = [];

  beforeAll(async () => {
    portal = await startPortal({ port: 0, testMode: true });
    browser = await launchBrowser({ headless: true });
    boxes = await fieldBoxes(browser, `${portal.url}/login?returnUrl=%2Fcourses`);
  });
  afterEach(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    contexts = [];
    await server?.close();
    server = undefined;
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  return {
    dir,
    flow,
    get portal() {
      return portal;
    },
    get browser() {
      return browser;
    },
    get boxes() {
      return boxes;
    },
    get server() {
      return server;
    },
    async startServer(o) {
      secret = o.secret;
      server = await startApprovalServer({
        listen: '127.0.0.1:0',
        secret: o.secret,
        kv: o.kv ?? createMapKv(),
        decider: createFakeDecider(),
        ...(o.logger ? { logger: o.logger } : {}),
        ...(o.trustProxy ? { trustProxy: o.trustProxy } : {}),
        loginRelay: {
          accounts: o.accounts ?? ['mom'],
          open: (accountId) =>
            openRelaySession({
              flow,
              accountId,
              baseUrl: portal.url,
              storageStatePath: o.storageStatePath,
              browser,
              pollIntervalMs: 200,
            }),
          ...o.relay,
        },
      });
      return server;
    },
    link(accountId = 'mom') {
      if (!server) throw new Error('no server started');
      return makeLoginLink({ publicUrl: server.url, secret, accountId, now: new Date() }).url;
    },
    async newPhone(options = {}) {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        isMobile: true,
        hasTouch: true,
        ...options,
      });
      contexts.push(context);
      return context.newPage();
    },
  };
}
