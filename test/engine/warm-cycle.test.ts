import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { createRuntime, type Runtime } from '../../src/app/runtime/runtime.js';
import { loadConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log/logger.js';
import { startWorld, type World } from './world.js';

// Issue 17: in `watch` a warm cycle keeps the account's request context (one request, not a new
// context), and re-makes it when its session file changes or a check fails.
describe('issue 17: the warm cycle keeps each account’s request context between checks', () => {
  let world: World;
  let file: string;
  let rt: Runtime;

  beforeAll(async () => {
    world = await startWorld();
    file = world.writeConfig({ targets: [{ child: 'sister', courses: ['ART-101', 'ART-102'] }] });
    await world.login(file);
    rt = await createRuntime(loadConfig(file), {
      logger: createLogger({ level: 'silent' }),
      keepWarm: true,
    });
  }, 60_000);
  afterAll(async () => {
    await rt?.close();
    await world?.close();
  });

  /** Opens the account's session, runs `fn` on it, saves it when asked, and disposes it. */
  async function reuses(fn?: (s: Awaited<ReturnType<Runtime['openAccount']>>) => Promise<void>) {
    const session = await rt.openAccount('mom');
    try {
      await fn?.(session);
      return session.warmReuses;
    } finally {
      await session.dispose();
    }
  }

  it('reuses the request context across checks and across its own saves', async () => {
    const first = await runCycle(rt);
    expect(first.accounts).toMatchObject([{ outcome: 'ok' }]);
    const before = await reuses();
    const second = await runCycle(rt);
    expect(second.accounts).toMatchObject([{ outcome: 'ok' }]);
    // Two more uses of the same context: the cycle (which saved the session) and this look.
    expect(await reuses()).toBe(before + 2);
  });

  it('re-makes it when the session file changes (a new login), and the check uses the new cookies', async () => {
    await reuses();
    world.portal.admin.expireSessions();
    await world.login(file);
    // The old context's cookies are dead at the portal: only a re-made context can see the seats.
    const after = await runCycle(rt);
    expect(after.accounts).toMatchObject([{ accountId: 'mom', outcome: 'ok' }]);
    expect(await reuses()).toBe(1);
  });

  it('re-makes it after a failed check', async () => {
    expect(await reuses()).toBeGreaterThan(0);
    await reuses(async (s) => s.markFailed());
    expect(await reuses()).toBe(0);

    world.portal.admin.setFault('api', '429', { retryAfterSeconds: 1 });
    try {
      const limited = await runCycle(rt);
      expect(limited.accounts).toMatchObject([{ outcome: 'rate_limited' }]);
    } finally {
      world.portal.admin.setFault('api', 'none');
    }
    expect(await reuses()).toBe(0);
  });

  it('re-makes it after a step used the browser (its cookies are in the saved file)', async () => {
    await reuses(async (s) => {
      await s.ctx.page();
      expect(s.usedBrowser()).toBe(true);
      await s.save();
    });
    expect(await reuses()).toBe(0);
    expect(await reuses()).toBe(1);
  });

  it('a session still in use keeps working when another one of the account fails', async () => {
    const a = await rt.openAccount('mom');
    const b = await rt.openAccount('mom');
    a.markFailed();
    await a.dispose();
    await expect(rt.flow.checkSession(b.ctx)).resolves.toBe('ok');
    await b.dispose();
    expect(await reuses()).toBe(0);
  });

  it('a login saved while a check runs is not taken over by that check’s save (review)', async () => {
    await reuses();
    const running = await rt.openAccount('mom');
    // The parent logs in again (a new session) while the check is still going; the old one dies.
    world.portal.admin.expireSessions();
    await world.login(file);
    await running.save(); // nothing of its own changed: the file stays the new login
    await running.dispose();
    // The next check starts from the file's new login, not from the old cookies with the file's stamp.
    expect(await reuses()).toBe(0);
    const after = await runCycle(rt);
    expect(after.accounts).toMatchObject([{ accountId: 'mom', outcome: 'ok' }]);
  });

  it('two opens of an account at once leave one warm request context, the other disposed', async () => {
    const warm = await reuses();
    expect(warm).toBeGreaterThan(0);
    await reuses(async (s) => s.markFailed()); // nothing kept: the next two opens both make one
    const [a, b] = await Promise.all([rt.openAccount('mom'), rt.openAccount('mom')]);
    expect([a.warmReuses, b.warmReuses]).toEqual([0, 0]);
    await a.dispose();
    await b.dispose();
    // One of them is kept (reused by the next open), the other is closed, not left open forever.
    const alive = await Promise.all(
      [a, b].map((s) =>
        s.ctx.request.get('/api/session').then(
          () => true,
          () => false,
        ),
      ),
    );
    expect(alive.sort()).toEqual([false, true]);
    expect(await reuses()).toBe(1);
    expect((await runCycle(rt)).accounts).toMatchObject([{ outcome: 'ok' }]);
  });

  it('a one-shot runtime (jianlou check) keeps nothing', async () => {
    const cold = await createRuntime(loadConfig(file), { logger: createLogger({ level: 'silent' }) });
    try {
      for (let i = 0; i < 2; i += 1) {
        const s = await cold.openAccount('mom');
        expect(s.warmReuses).toBe(0);
        await expect(cold.flow.checkSession(s.ctx)).resolves.toBe('ok');
        await s.dispose();
      }
    } finally {
      await cold.close();
    }
  });
});
