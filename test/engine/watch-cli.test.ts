import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, type Exited, startJianlou, startWorld, type World } from './world.js';

/** Child processes each start Node, tsx and Chromium: generous on a busy machine. */
const SLOW = 90_000;

async function until(what: string, ok: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('jianlou watch, as a process', () => {
  let world: World;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    world = await startWorld();
  });
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await world?.close();
  });

  it('checks once at start, then stops cleanly with exit 0 on SIGTERM', { timeout: SLOW }, async () => {
    const file = world.writeConfig({ cron: '* * * * *' });
    await world.login(file);
    world.portal.admin.setSeats('ART-102', 2);

    child = startJianlou(file, ['watch']);
    const exited: Promise<Exited> = collect(child);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });

    // The first check ran and its opening alert went out through the sender.
    await until('the opening alert at the sink', () => world.sink.received().length > 0);
    expect(world.sink.received()).toHaveLength(1);
    expect(world.sink.received()[0]?.summary).toContain('创意儿童画');
    const listening = /"url":"(http:\/\/127\.0\.0\.1:(\d+))".*approval server listening/.exec(stderr);
    expect(Number(listening?.[2])).toBeGreaterThan(0);

    child.kill('SIGTERM');
    // A hang detector, not a timing assertion: stopping waits for nothing once the outbox is empty.
    const result = await Promise.race([
      exited,
      new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error('watch did not exit within 15 s of SIGTERM')), 15_000),
      ),
    ]);
    expect(result.signal).toBeNull();
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('signal received');
    expect(result.stderr).toContain('stopped cleanly');
  });
});
