import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { passThroughProxy, until } from './proxy.js';
import { alertsIn, collect, kinds, openRuntime, startJianlou, startWorld, type World } from './world.js';

/** The proxy tells the test which requests go by, so a signal lands at a known step of the check. */
const watchingProxy = (target: number, onRequest: (method: string, path: string) => void) =>
  passThroughProxy(target, (req) => {
    onRequest(req.method ?? 'GET', req.url ?? '/');
    return false;
  });

/** What the store says after a run: the account's last outcome, the alerts decided, the holds. */
async function recorded(file: string) {
  const rt = await openRuntime(file);
  try {
    return {
      outcome: (await rt.repos.runs.latest()).get('mom')?.outcome,
      decided: kinds(await alertsIn(rt)),
      holds: (await rt.repos.holds.list()).map((h) => [h.courseId, h.status]),
    };
  } finally {
    await rt.close();
  }
}

describe('issue 18: SIGTERM lets the running check and its hold finish', () => {
  let world: World;
  let proxy: Awaited<ReturnType<typeof watchingProxy>>;
  const seen: string[] = [];

  beforeAll(async () => {
    world = await startWorld();
    await world.login(world.writeConfig());
    proxy = await watchingProxy(world.portal.port, (method, path) => seen.push(`${method} ${path}`));
  });
  afterAll(async () => {
    world.portal.admin.setFault('all', 'none');
    await proxy?.close();
    await world?.close();
  });

  it('a check signalled while the portal is slow completes, exits 0 and records no problem', async () => {
    world.portal.admin.reset();
    await world.login(world.writeConfig());
    world.portal.admin.setSeats('ART-101', 1);
    world.portal.admin.setFault('all', 'slow', { delayMs: 3_000 });
    seen.length = 0;
    const file = world.writeConfig({ baseUrl: proxy.url }, 'slow-check.yaml');
    const child = startJianlou(file, ['check']);
    const exited = collect(child);
    // The check has asked the slow portal for the seats: stop it now, mid-request.
    await until('the check to ask the portal', () => seen.some((r) => r.startsWith('GET /api/')));
    child.kill('SIGTERM');
    const result = await exited;
    world.portal.admin.setFault('all', 'none');

    expect(result.signal).toBeNull();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('账号 mom：正常');
    expect(result.stdout).toMatch(/ART-101\s+有名额/);
    expect(result.stderr).not.toContain('has been closed');
    const after = await recorded(file);
    expect(after.outcome).toBe('ok');
    expect(after.decided).toContain('opening');
    expect(after.decided.filter((k) => k.startsWith('problem:'))).toEqual([]);
  }, 120_000);

  it('a hold signalled while its POST is at the portal completes and is recorded as held', async () => {
    world.portal.admin.reset();
    await world.login(world.writeConfig());
    world.portal.admin.setSeats('ART-101', 1);
    world.portal.admin.setFault('api', 'slow', { delayMs: 1_500 });
    seen.length = 0;
    const file = world.writeConfig(
      { baseUrl: proxy.url, targets: [{ child: 'sister', courses: ['ART-101'], autoHold: true }] },
      'slow-hold.yaml',
    );
    const child = startJianlou(file, ['check']);
    const exited = collect(child);
    await until('the hold to reach the portal', () => seen.includes('POST /api/cart'));
    child.kill('SIGTERM');
    const result = await exited;
    world.portal.admin.setFault('all', 'none');

    expect(result.signal).toBeNull();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('已为 sister 保留 ART-101（账号 mom）');
    // The hold went through, was proven in the cart and is on record for the approval links.
    expect(world.portal.admin.state().carts).toMatchObject([{ courseId: 'ART-101', studentId: 'S001' }]);
    const after = await recorded(file);
    expect(after.holds).toEqual([['ART-101', 'held']]);
    expect(after.decided).toContain('hold_made');
    expect(after.decided.filter((k) => k.startsWith('problem:') || k === 'hold_failed')).toEqual([]);
  }, 120_000);

  it('watch signalled during its first, slow check finishes it, records it and exits 0', async () => {
    world.portal.admin.reset();
    await world.login(world.writeConfig());
    world.portal.admin.setSeats('ART-102', 2);
    world.portal.admin.setFault('all', 'slow', { delayMs: 3_000 });
    seen.length = 0;
    const file = world.writeConfig({ baseUrl: proxy.url, cron: '0 0 1 1 *' }, 'slow-watch.yaml');
    const child = startJianlou(file, ['watch']);
    const exited = collect(child);
    await until('the check to ask the portal', () => seen.some((r) => r.startsWith('GET /api/')));
    child.kill('SIGTERM');
    const result = await exited;
    world.portal.admin.setFault('all', 'none');

    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('stopped cleanly');
    const after = await recorded(file);
    expect(after.outcome).toBe('ok');
    expect(after.decided).toContain('opening');
    expect(after.decided.filter((k) => k.startsWith('problem:'))).toEqual([]);
  }, 120_000);

  it('a second SIGTERM cuts the check short: exit 1, and no failed run or problem is recorded', async () => {
    world.portal.admin.reset();
    await world.login(world.writeConfig());
    world.portal.admin.setFault('all', 'slow', { delayMs: 20_000 });
    seen.length = 0;
    const file = world.writeConfig({ baseUrl: proxy.url }, 'twice.yaml');
    const child = startJianlou(file, ['check']);
    const exited = collect(child);
    await until('the check to ask the portal', () => seen.some((r) => r.startsWith('GET /api/')));
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.kill('SIGTERM');
    const result = await exited;
    world.portal.admin.setFault('all', 'none');

    expect(result.signal).toBeNull();
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('账号 mom：被中止');
    const rt = await openRuntime(file);
    try {
      expect((await rt.repos.runs.latest()).get('mom')).toBeUndefined();
      expect(await alertsIn(rt)).toEqual([]);
    } finally {
      await rt.close();
    }
  }, 120_000);

  it('a cycle we cut short (the second signal) records no run and no problem', async () => {
    world.portal.admin.reset();
    await world.login(world.writeConfig());
    world.portal.admin.setFault('all', 'slow', { delayMs: 3_000 });
    seen.length = 0;
    const rt = await openRuntime(world.writeConfig({ baseUrl: proxy.url }, 'cut-short.yaml'));
    try {
      const stop = new AbortController();
      const cycle = runCycle(rt, { signal: stop.signal });
      await until('the check to ask the portal', () => seen.some((r) => r.startsWith('GET /api/')));
      stop.abort();
      const result = await cycle;
      expect(result.accounts).toMatchObject([{ accountId: 'mom', outcome: 'interrupted' }]);
      expect(result.effects).toEqual([]);
      expect((await rt.repos.runs.latest()).get('mom')).toBeUndefined();
      expect(await alertsIn(rt)).toEqual([]);
    } finally {
      world.portal.admin.setFault('all', 'none');
      await rt.close();
    }
  }, 120_000);
});
