import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import demo from '../../flows/demo-portal.js';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { createHoldDecider } from '../../src/app/holds/hold-decisions.js';
import type { Flow } from '../../src/flow/types.js';
import { openRuntime, startWorld, type World } from './world.js';

/** The demo flow, with a hold and a confirm that leave something in the browser, as real sites do. */
const flow: Flow = {
  ...demo,
  async hold(ctx, course, child) {
    const made = await demo.hold!(ctx, course, child);
    await ctx.context.addCookies([{ name: 'cart_token', value: `held-${course.id}`, url: ctx.baseUrl }]);
    const page = await ctx.page();
    await page.goto(`${ctx.baseUrl}/cart`);
    await page.evaluate((id) => localStorage.setItem('jl-cart', id), course.id);
    return made;
  },
  async confirm(ctx, held) {
    const order = await demo.confirm!(ctx, held);
    await ctx.context.addCookies([{ name: 'order_seen', value: order.id, url: ctx.baseUrl }]);
    return order;
  },
};

interface Saved {
  cookies: { name: string; value: string }[];
  origins: { origin: string; localStorage: { name: string; value: string }[] }[];
}

describe('issue 18: what a hold or a decision changes in the browser reaches storage-state/', () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('the cookie and localStorage item a hold set are saved, then the cookie the confirm set', async () => {
    const file = world.writeConfig({ targets: [{ child: 'sister', courses: ['ART-101'], autoHold: true }] });
    await world.login(file);
    world.portal.admin.setSeats('ART-101', 1);
    const path = join(world.dir, 'storage-state', 'mom.json');
    const saved = () => JSON.parse(readFileSync(path, 'utf8')) as Saved;
    const sessionCookies = saved().cookies.map((c) => c.name);
    const rt = await openRuntime(file);
    try {
      const withFlow = { ...rt, flow };
      await runCycle(withFlow);
      const [held] = await rt.repos.holds.list();
      expect(held?.status).toBe('held');

      const afterHold = saved();
      expect(afterHold.cookies).toContainEqual(
        expect.objectContaining({ name: 'cart_token', value: 'held-ART-101' }),
      );
      expect(afterHold.origins).toContainEqual({
        origin: world.portal.url,
        localStorage: [{ name: 'jl-cart', value: 'ART-101' }],
      });
      // Merged, not replaced: the login is still there, and the file stays private.
      expect(afterHold.cookies.map((c) => c.name)).toEqual(expect.arrayContaining(sessionCookies));
      expect(statSync(path).mode & 0o777).toBe(0o600);

      const decided = await createHoldDecider(withFlow).decide(held!.id, 'approve', { via: 'cli' });
      expect(decided.outcome).toBe('approved');
      const afterConfirm = saved();
      expect(afterConfirm.cookies).toContainEqual(expect.objectContaining({ name: 'order_seen' }));
      expect(afterConfirm.cookies).toContainEqual(expect.objectContaining({ name: 'cart_token' }));
      expect(statSync(path).mode & 0o777).toBe(0o600);
    } finally {
      await rt.close();
    }
  });
});
