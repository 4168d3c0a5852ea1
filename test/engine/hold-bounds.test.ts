import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { startDaemon } from '../../src/app/process/daemon.js';
import { NS } from '../../src/store/namespaces.js';
import { passThroughProxy, until } from './proxy.js';
import { alertsIn, kinds, openRuntime, startWorld, type World } from './world.js';

/**
 * Issue 26: the holds after a check follow its deadline and a stop. The flow's hold and release send
 * one request with no timeout first (test/engine/flows/hold-no-timeout-flow.ts); a proxy in front of
 * the demo portal answers it at once, or never (a portal that hangs on the hold). Nothing may hold
 * the process, and nothing already decided may be lost: a hold cut off is due again for the next
 * run, an expired hold claimed by the sweep is recorded and told.
 */
async function holdingProxy(target: number) {
  const state = { hang: false, probes: [] as string[], closed: [] as string[] };
  const proxy = await passThroughProxy(target, (req, res) => {
    const path = req.url ?? '/';
    if (!path.startsWith('/probe/')) return false;
    state.probes.push(path);
    // The client gave up and closed its session: the hanging request goes with it.
    res.on('close', () => state.closed.push(path));
    if (!state.hang) res.writeHead(204).end();
    return true; // hanging: accepted, never answered
  });
  return { state, ...proxy };
}

const FLOW = new URL('./flows/hold-no-timeout-flow.ts', import.meta.url).pathname;
const outboxRow = z.object({
  lane: z.string(),
  status: z.string(),
  uncertain: z.boolean().optional(),
  lastError: z.string().optional(),
});
const effectRow = (value: { lane: string }) => value.lane === 'effect';

describe('issue 26: hold effects and the hold sweep follow the deadline and a stop', () => {
  let world: World;
  let proxy: Awaited<ReturnType<typeof holdingProxy>>;

  beforeAll(async () => {
    world = await startWorld();
    proxy = await holdingProxy(world.portal.port);
  });
  afterAll(async () => {
    await proxy?.close();
    await world?.close();
  });

  async function holdingCheck(name: string, cycleTimeoutSeconds: number) {
    world.portal.admin.reset();
    proxy.state.hang = true;
    proxy.state.probes.length = 0;
    const file = world.writeConfig(
      {
        flow: FLOW,
        baseUrl: proxy.url,
        cycleTimeoutSeconds,
        targets: [{ child: 'sister', courses: ['ART-101'], autoHold: true }],
      },
      name,
    );
    await world.login(file);
    world.portal.admin.setSeats('ART-101', 1);
    return file;
  }

  /** The hold effect as the outbox has it, and what the store and the portal say of the hold. */
  async function afterwards(rt: Awaited<ReturnType<typeof openRuntime>>) {
    const rows = await rt.kv.list(NS.outbox, outboxRow);
    return {
      effects: rows.map((r) => r.value).filter(effectRow),
      holds: (await rt.repos.holds.list()).map((h) => [h.courseId, h.status]),
      decided: kinds(await alertsIn(rt)),
      carts: world.portal.admin.state().carts.map((c) => [c.courseId, c.studentId]),
    };
  }

  it('a hold the portal never answers ends the check at its deadline; the next run redoes it', async () => {
    const file = await holdingCheck('hold-deadline.yaml', 10);
    const rt = await openRuntime(file);
    try {
      const result = await runCycle(rt);
      expect(result.effects.map((e) => e.type)).toContain('hold');
      expect(proxy.state.probes).toEqual(['/probe/hold']);
      // The abandoned request ends when its session closes: still nothing recorded as failed.
      await new Promise((resolve) => setTimeout(resolve, 300));
      const cut = await afterwards(rt);
      expect(cut.effects).toMatchObject([{ status: 'pending', uncertain: true }]);
      expect(cut.effects[0]?.lastError).toContain('interrupted');
      expect(cut.holds).toEqual([]);
      expect(cut.decided).not.toContain('hold_failed');

      // The portal answers again: the next run holds the seat, once.
      proxy.state.hang = false;
      await runCycle(rt);
      const redone = await afterwards(rt);
      expect(redone.holds).toEqual([['ART-101', 'held']]);
      expect(redone.carts).toEqual([['ART-101', 'S001']]);
      expect(redone.decided).toContain('hold_made');
      expect(redone.decided).not.toContain('hold_failed');
      expect(redone.effects.every((e) => e.status === 'done')).toBe(true);
    } finally {
      await rt.close();
    }
  }, 120_000);

  it('a stop during a hold the portal never answers ends the check long before its deadline', async () => {
    // 900 s: only the stop can end this check within the test's time.
    const file = await holdingCheck('hold-stop.yaml', 900);
    const rt = await openRuntime(file);
    try {
      const stop = new AbortController();
      const cycle = runCycle(rt, { signal: stop.signal });
      await until('the hold to reach the portal', () => proxy.state.probes.length > 0);
      stop.abort();
      await cycle;
      await new Promise((resolve) => setTimeout(resolve, 300));
      const cut = await afterwards(rt);
      expect(cut.effects).toMatchObject([{ status: 'pending', uncertain: true }]);
      expect(cut.holds).toEqual([]);
      expect(cut.decided).not.toContain('hold_failed');
    } finally {
      await rt.close();
    }
  }, 120_000);

  /** A watch whose sweep is releasing an expired hold at a portal that never answers. */
  async function sweepingWatch(name: string, cycleTimeoutSeconds: number) {
    world.portal.admin.reset();
    proxy.state.hang = true;
    proxy.state.probes.length = 0;
    proxy.state.closed.length = 0;
    // A cron that does not fire: only the sweep runs.
    const file = world.writeConfig(
      { flow: FLOW, baseUrl: proxy.url, cycleTimeoutSeconds, cron: '0 0 1 1 *' },
      name,
    );
    await world.login(file);
    const rt = await openRuntime(file);
    const heldAt = new Date(Date.now() - 30 * 60_000);
    await rt.repos.holds.create({
      id: 'h-expired',
      accountId: 'mom',
      targetId: 'sister-ART-101',
      childId: 'sister',
      courseId: 'ART-101',
      title: '少儿国画（初级）',
      createdAt: heldAt.toISOString(),
      status: 'held',
      portal: {
        id: 'cart-expired',
        courseId: 'ART-101',
        studentId: 'S001',
        heldAt: heldAt.toISOString(),
        expiresAt: new Date(heldAt.getTime() + 15 * 60_000).toISOString(),
      },
    });
    const daemon = await startDaemon(rt, { checkAtStart: false, tickMs: 100, alertOut: () => {} });
    await until('the release to reach the portal', () => proxy.state.probes.includes('/probe/release'));
    return { rt, daemon };
  }

  it('watch stopping while the sweep releases at a hanging portal ends within the sweep’s bound', async () => {
    // The bound is the check's (10 s here): stop() no longer waits for the portal for ever.
    const { rt, daemon } = await sweepingWatch('sweep-bound.yaml', 10);
    try {
      await daemon.stop();
      expect((await rt.repos.holds.get('h-expired'))?.status).toBe('expired');
      expect(kinds(await alertsIn(rt))).toContain('hold_result');
      // The release's session was closed when it was given up, not left open until the process ends.
      await until(
        'the hanging release to be closed',
        () => proxy.state.closed.includes('/probe/release'),
        15_000,
      );
    } finally {
      await rt.close();
    }
  }, 120_000);

  it('watch stopped while the sweep releases an expired hold at a hanging portal: recorded expired and told', async () => {
    // 900 s: only abort() (the second signal) can end the sweep within the test's time.
    const { rt, daemon } = await sweepingWatch('sweep-stop.yaml', 900);
    try {
      daemon.abort();
      await daemon.stop();
      const record = await rt.repos.holds.get('h-expired');
      expect(record?.status).toBe('expired');
      expect(kinds(await alertsIn(rt))).toContain('hold_result');
    } finally {
      await rt.close();
    }
  }, 120_000);
});
