/**
 * The status page over 14 days of synthetic history (3 children, 8 courses), and its README
 * pictures at a 390-px phone and a desktop width. The tests take them into test-results/screenshots/;
 * `npm run pictures` (scripts/status-pictures.ts) into docs/screenshots/. One code path.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import type { Runtime } from '../../src/app/runtime/runtime.js';
import { buildStatusPageData } from '../../src/app/status/status-page-data.js';
import { makeLoginLink } from '../../src/approve/login-tokens.js';
import { type ApprovalServer, startApprovalServer } from '../../src/approve/server.js';
import { ensureStatusLink, statusUrlOf } from '../../src/approve/status-link.js';
import type { HoldView } from '../../src/approve/types.js';
import { holdKindOf } from '../../src/flow/types.js';
import { createFakeDecider, sampleView } from '../approve/fake-decider.js';
import { fillSynthetic, SYNTHETIC_SECRET, syntheticWorld } from './synthetic.js';

export const STATUS_NOW = new Date('2026-07-15T12:00:00Z'); // 20:00 in Shanghai

/**
 * An approval server serving the status page of a synthetic store; a fake decider for its hold.
 * With `flow`, the page and the hold's view follow that flow's hold kind (the default: a cart).
 */
export async function startStatusWorld(locale: 'zh' | 'en', options: { flow?: Runtime['flow'] } = {}) {
  const world = await syntheticWorld({ children: 3, courses: 8, locale, now: STATUS_NOW });
  const filled = await fillSynthetic(world, { days: 14, now: STATUS_NOW });
  const held = await world.repos.holds.get(filled.heldHoldId);
  const view: HoldView = sampleView({
    holdId: filled.heldHoldId,
    hold: held!.portal!,
    observation: { ...sampleView().observation, courseId: held!.courseId, title: held!.title! },
    ...(options.flow ? { holdKind: holdKindOf(options.flow) } : {}),
  });
  const decider = createFakeDecider(view);
  // As the engine's runtime does: a fresh re-login link per account, on this server.
  const loginLink = (accountId: string) =>
    makeLoginLink({ publicUrl: server.publicUrl, secret: SYNTHETIC_SECRET, accountId, now: STATUS_NOW }).url;
  const server: ApprovalServer = await startApprovalServer({
    listen: '127.0.0.1:0',
    secret: SYNTHETIC_SECRET,
    kv: world.kv,
    locale,
    decider,
    now: () => STATUS_NOW,
    timeZone: 'Asia/Shanghai',
    status: {
      load: () =>
        buildStatusPageData({ ...world, loginLink, ...(options.flow ? { flow: options.flow } : {}) }, []),
    },
  });
  const link = await ensureStatusLink(world.kv, STATUS_NOW);
  const url = statusUrlOf(server.publicUrl, link, SYNTHETIC_SECRET);
  return { world, filled, decider, server, url, linkId: link.id };
}

/** status-phone.png (390 px, first two screens) and status-desktop.png (1280 px, whole page). */
export async function statusPictures(browser: Browser, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const { world, server, url } = await startStatusWorld('zh');
  const files: string[] = [];
  try {
    for (const [name, width, height, fullPage] of [
      ['status-phone.png', 390, 1600, false],
      ['status-desktop.png', 1280, 900, true],
    ] as const) {
      const context = await browser.newContext({
        viewport: { width, height },
        locale: 'zh-CN',
        deviceScaleFactor: 1,
      });
      try {
        const page = await context.newPage();
        await page.goto(url);
        const path = join(dir, name);
        await page.screenshot({ path, fullPage });
        files.push(path);
      } finally {
        await context.close();
      }
    }
  } finally {
    await server.close();
    await world.close();
  }
  return files;
}
