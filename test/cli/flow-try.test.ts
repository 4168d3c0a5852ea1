import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, startWorld } from './harness.js';

// Issue 14, wall 7: the inner loop of writing a flow — one read-only try against the live portal.
describe('jianlou flow try', () => {
  let world: CliWorld;

  beforeAll(async () => {
    world = await startWorld();
    await world.login();
  });
  afterAll(async () => {
    await world?.close();
  });

  it("prints checkSession and a table of what observe saw for the targets' courses, holding nothing", async () => {
    world.portal.admin.setSeats('ART-101', 2);
    const r = await world.cli('flow', 'try');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`flow demo-portal against ${world.portal.url}`);
    expect(r.stdout).toMatch(/checkSession: ok \(\d+ ms\)/);
    expect(r.stdout).toMatch(/course +state +seats +title/);
    expect(r.stdout).toMatch(/ART-101 +open +2 +\S+/);
    expect(r.stdout).toMatch(/SWIM-201 +full +0 /);
    expect(world.portal.admin.state().carts).toEqual([]);
  });

  it('classifies a changed portal with the next step, exit 1', async () => {
    world.portal.admin.setFault('all', 'redesign');
    try {
      const r = await world.cli('flow', 'try');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('observe failed [portal_changed]');
      expect(r.stdout).toContain('fix the JSON paths / selectors it names');
    } finally {
      world.portal.admin.setFault('all', 'none');
    }
  });

  it('an expired session says to log in, exit 3', async () => {
    world.portal.admin.expireSessions();
    const r = await world.cli('flow', 'try', '--json');
    expect(r.code).toBe(3);
    const result = JSON.parse(r.stdout) as {
      accounts: { session: unknown; observe: { failure: unknown } }[];
    };
    expect(result.accounts[0]?.session).toMatchObject({ ok: true, state: 'expired' });
    expect(result.accounts[0]?.observe.failure).toMatchObject({ kind: 'session_expired' });
    expect(JSON.stringify(result)).toContain('jianlou login mom');
  });
});
