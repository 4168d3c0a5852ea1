import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { alertsIn, type EngineRuntime, kinds, openRuntime, startWorld, type World } from './world.js';

/** What the engine remembers about the courses: must not move when a check fails. */
async function memory(rt: EngineRuntime) {
  const state = await rt.watchState.load();
  const observations = (await rt.repos.observations.list()).sort((a, b) =>
    a.courseId.localeCompare(b.courseId),
  );
  return { courses: state?.courses, targets: state?.targets, observations };
}

describe('account problems, end to end against the demo portal', () => {
  let world: World;
  let file: string;
  let rt: EngineRuntime;
  let n = 0;

  beforeAll(async () => {
    world = await startWorld();
    // One session for every test; the session test logs in again after expiring it.
    await world.login(world.writeConfig());
  });
  afterAll(async () => {
    await world?.close();
  });

  // Each test: a fresh store, no faults, one seat open and already announced.
  beforeEach(async () => {
    world.portal.admin.setFault('all', 'none');
    world.portal.admin.setSeats('ART-101', 3);
    n += 1;
    file = world.writeConfig({}, `problems-${n}.yaml`);
    rt = await openRuntime(file);
    const first = await runCycle(rt);
    expect(first.accounts.map((a) => a.outcome)).toEqual(['ok']);
    expect(kinds(await alertsIn(rt))).toEqual(['opening']);
  });
  afterEach(async () => {
    await rt?.close();
  });

  it('announces an expired session once, reads nothing as full, and says recovered after a new login', async () => {
    const before = await memory(rt);
    world.portal.admin.setSeats('ART-101', 0);
    world.portal.admin.expireSessions();

    const expired = await runCycle(rt);
    expect(expired.accounts).toMatchObject([{ accountId: 'mom', outcome: 'session_expired' }]);
    expect(expired.observations).toEqual([]);
    expect(kinds(await alertsIn(rt))).toEqual(['opening', 'problem:session_expired']);
    expect((await alertsIn(rt))[1]).toMatchObject({ kind: 'problem', accountId: 'mom', reminder: false });
    expect(await memory(rt)).toEqual(before);

    const still = await runCycle(rt);
    expect(still.accounts[0]?.outcome).toBe('session_expired');
    expect(still.effects).toEqual([]);
    expect(await memory(rt)).toEqual(before);

    await world.login(file);
    const back = await runCycle(rt);
    expect(back.accounts[0]?.outcome).toBe('ok');
    expect(kinds(await alertsIn(rt))).toEqual(['opening', 'problem:session_expired', 'recovered']);
    expect((await alertsIn(rt))[2]).toMatchObject({ kind: 'recovered', problem: 'session_expired' });
    // Now the seat really is gone, and that is read as such.
    expect((await rt.watchState.load())?.courses['ART-101']).toMatchObject({ state: 'full', seats: 0 });
  });

  it('reports a redesigned portal as portal_changed, never as 0 seats', async () => {
    const before = await memory(rt);
    world.portal.admin.setFault('all', 'redesign');

    const changed = await runCycle(rt);
    expect(changed.accounts).toMatchObject([{ accountId: 'mom', outcome: 'portal_changed' }]);
    expect(changed.observations).toEqual([]);
    expect(kinds(await alertsIn(rt))).toEqual(['opening', 'problem:portal_changed']);
    expect(await memory(rt)).toEqual(before);
    expect((await rt.repos.observations.get('ART-101'))?.observation).toMatchObject({
      state: 'open',
      seats: 3,
    });

    await runCycle(rt);
    expect(kinds(await alertsIn(rt))).toEqual(['opening', 'problem:portal_changed']);

    // src/browser/settings.ts retains a trace of a failed check, readable by its owner only.
    const traces = readdirSync(join(world.dir, 'traces')).filter((f) => f.endsWith('-mom.zip'));
    expect(traces.length).toBeGreaterThanOrEqual(1);
    expect(statSync(join(world.dir, 'traces', traces[0]!)).mode & 0o777).toBe(0o600);
  });

  it('reads the course pages when the JSON API answers 500, and logs why', async () => {
    world.portal.admin.setFault('api', '500');

    const fallback = await runCycle(rt);
    expect(fallback.accounts).toMatchObject([{ accountId: 'mom', outcome: 'ok' }]);
    expect(fallback.observations.find((o) => o.courseId === 'ART-101')).toMatchObject({
      state: 'open',
      seats: 3,
    });
    expect(rt.logs.join('')).toContain('reading the course pages instead');
    expect(kinds(await alertsIn(rt))).toEqual(['opening']);
  });

  it('reports a 429 as rate_limited with the Retry-After, and alerts nobody', async () => {
    const before = await memory(rt);
    world.portal.admin.setFault('all', '429', { retryAfterSeconds: 42 });

    const limited = await runCycle(rt);
    expect(limited.accounts).toMatchObject([
      { accountId: 'mom', outcome: 'rate_limited', retryAfterMs: 42_000 },
    ]);
    expect(limited.rateLimitedMs).toBe(42_000);
    expect(limited.effects).toEqual([]);
    expect(kinds(await alertsIn(rt))).toEqual(['opening']);
    expect(await memory(rt)).toEqual(before);
    expect((await rt.repos.runs.recent('mom', 1))[0]?.outcome).toBe('rate_limited');

    // The pause is remembered in the store: the next cycle leaves the portal alone even though
    // the portal would answer now (a cron or serverless check is a new process each time).
    world.portal.admin.setFault('all', 'none');
    const paused = await runCycle(rt);
    expect(paused.accounts).toMatchObject([{ accountId: 'mom', outcome: 'rate_limited', durationMs: 0 }]);
    expect(paused.accounts[0]?.retryAfterMs).toBeGreaterThan(30_000);
    expect(paused.observations).toEqual([]);
  });
});
