import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, startWorld } from '../cli/harness.js';
import { strayCjk } from './cjk.js';

/** Issue 12: with `locale: en`, what parents read from the CLI and the group is English. */
describe('locale: en from the outside (check, status, holds, doctor, login, alerts)', () => {
  let world: CliWorld;
  const loginLines: string[] = [];
  /** Names and titles from the config and the portal (they stay as they are). */
  const known = ['姐姐', '弟弟'];

  beforeAll(async () => {
    world = await startWorld({ locale: 'en', brotherAutoHold: true });
    await world.login((line) => loginLines.push(line));
    for (const c of world.portal.admin.state().courses) known.push(c.title);
    world.portal.admin.setSeats('ART-101', 1);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('every line a parent reads has no CJK besides portal and config names', async () => {
    const outputs: Record<string, string> = { login: loginLines.join('\n') };
    const json = await world.cli('check', '--dry-run', '--json');
    for (const o of JSON.parse(json.stdout).observations as Record<string, string | undefined>[]) {
      for (const v of [o.title, o.campus, o.teacher]) if (v) known.push(v);
    }
    for (const args of [['check', '--dry-run'], ['check'], ['status'], ['holds'], ['doctor']]) {
      const r = await world.cli(...args);
      outputs[args.join(' ')] = `${r.stdout}\n${r.stderr}`;
    }
    const holds = await world.withRuntime((rt) => rt.repos.holds.list({ status: ['held'] }));
    expect(holds.length).toBeGreaterThan(0);
    const approve = await world.cli('holds', 'approve', holds[0]!.id);
    expect(approve.stdout).toContain('approved:');
    outputs['holds approve'] = `${approve.stdout}\n${approve.stderr}`;
    outputs['holds again'] = (await world.cli('holds', 'approve', holds[0]!.id)).stderr;
    outputs.alerts = JSON.stringify(world.sink.received(), null, 1);
    expect(world.sink.received().length).toBeGreaterThan(1);

    const stray = Object.entries(outputs).flatMap(([what, text]) =>
      strayCjk(text, known).map((line) => `${what}: ${line}`),
    );
    expect(stray).toEqual([]);
    expect(outputs.login).toContain('Logging in account "mom"');
  }, 180_000);
});
