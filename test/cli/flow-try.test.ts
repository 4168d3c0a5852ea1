import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, startWorld } from './harness.js';

// Issue 14, wall 7: the inner loop of writing a flow — one read-only try against the live portal.
describe('jianlou flow try', () => {
  let world: CliWorld;

  beforeAll(async () => {
    // r3c-texts3: flow try reads its English lines (the default zh prints them in Chinese: tools-locale.test.ts).
    world = await startWorld({ locale: 'en' });
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

  it('names a schedule that means nothing as a contract problem, exit 1 (issue 27 item 5)', async () => {
    // The demo flow, with the weekday a flow gets from JavaScript's getDay() for a Sunday.
    const demo = new URL('../../flows/demo-portal.ts', import.meta.url).pathname;
    writeFileSync(
      join(world.dir, 'sunday-zero.ts'),
      `import demo from ${JSON.stringify(demo)};
export default {
  ...demo,
  name: 'sunday-zero',
  async observe(ctx, courses) {
    const seen = await demo.observe(ctx, courses);
    return seen.map((o) => (o.courseId === 'SWIM-201' ? { ...o, schedule: { weekday: 0, start: '10:00', end: '11:00' } } : o));
  },
};
`,
    );
    const config = readFileSync(world.configFile, 'utf8');
    writeFileSync(world.configFile, config.replace('flow: demo-portal,', 'flow: ./sunday-zero.ts,'));
    try {
      const r = await world.cli('flow', 'try');
      expect(r.code, r.stderr).toBe(1);
      expect(r.stdout).toContain(
        'contract problem: SWIM-201: schedule {"weekday":0,"start":"10:00","end":"11:00"}: weekday 0 is not 1 (Monday) … 7 (Sunday) (docs/schedules.md)',
      );
      // The other courses' schedules are shown as parents read them (in English here).
      expect(r.stdout).toMatch(/ART-101 .* Sat 09:00-10:30/);
    } finally {
      writeFileSync(world.configFile, config);
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
