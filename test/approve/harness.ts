import type { Page, Response as PwResponse } from 'playwright';
import {
  type ApprovalServer,
  type ApprovalServerOptions,
  startApprovalServer,
} from '../../src/approve/server.js';
import { makeApprovalLinks } from '../../src/approve/tokens.js';
import type { ApprovalLogger, HoldView } from '../../src/approve/types.js';
import { createFakeDecider, type FakeDecider, NOW, sampleView } from './fake-decider.js';
import { createMapKv } from './map-kv.js';

export const SECRET = 'test-secret-0123456789abcdef';

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  obj: object;
  msg?: string;
}

export function recordingLogger(): ApprovalLogger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at =
    (level: LogLine['level']) =>
    (obj: object, msg?: string): void => {
      lines.push({ level, obj, ...(msg === undefined ? {} : { msg }) });
    };
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

export interface Harness {
  server: ApprovalServer;
  decider: FakeDecider;
  kv: ReturnType<typeof createMapKv>;
  logger: ReturnType<typeof recordingLogger>;
  links(holdId?: string): { approveUrl: string; releaseUrl: string };
  close(): Promise<void>;
}

/** An approval server on 127.0.0.1:0 with a fake decider, a Map store and a frozen clock. */
export async function startHarness(
  options: { views?: HoldView[] } & Partial<
    Pick<ApprovalServerOptions, 'locale' | 'rateLimit' | 'trustProxy'>
  > = {},
): Promise<Harness> {
  const decider = createFakeDecider(...(options.views ?? [sampleView()]));
  const kv = createMapKv();
  const logger = recordingLogger();
  const server = await startApprovalServer({
    listen: '127.0.0.1:0',
    secret: SECRET,
    kv,
    decider,
    logger,
    now: () => NOW,
    locale: options.locale ?? 'zh',
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
  });
  return {
    server,
    decider,
    kv,
    logger,
    links: (holdId = 'CART-1001') =>
      makeApprovalLinks({
        publicUrl: server.publicUrl,
        secret: SECRET,
        holdId,
        expiresAt: new Date(NOW.getTime() + 30 * 60_000),
        now: NOW,
      }),
    close: () => server.close(),
  };
}

/** Presses a form button and waits until the page the POST answered with has loaded. */
export async function submit(page: Page, name: string, how: 'click' | 'tap' = 'click'): Promise<PwResponse> {
  const loaded = page.waitForEvent('load');
  const response = page.waitForResponse((r) => r.request().method() === 'POST');
  await page.getByRole('button', { name })[how]();
  const res = await response;
  await loaded;
  return res;
}
