import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { until } from './proxy.js';
import { collect, jianlou, openRuntime, startJianlou, useLoggedInWorld } from './world.js';

/** Browser processes whose parent is `pid` (tsx's esbuild service is another child). */
function browsersOf(pid: number): string[] {
  try {
    return execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(pid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /chrom/i.test(l));
  } catch {
    return []; // ps exits 1 when there are none
  }
}

describe('issue 11: check stops delivering on SIGTERM, browser already closed', () => {
  const world = useLoggedInWorld();

  it('leaves the alert in the outbox when SIGTERM comes during a 45009 wait; the next run sends it', async () => {
    world.portal.admin.setSeats('ART-101', 1);
    world.sink.setMode('45009');
    const file = world.writeConfig({}, 'sigterm.yaml');
    const child = startJianlou(file, ['check']);
    let output = '';
    child.stdout?.on('data', (d: Buffer) => {
      output += d.toString('utf8');
    });
    child.stderr?.on('data', (d: Buffer) => {
      output += d.toString('utf8');
    });
    const exited = collect(child);
    await until('the robot to answer 45009', () => output.includes('45009'));
    // Waiting out the robot's limit: the cycle's effects are done, so no browser is left open.
    expect(browsersOf(child.pid!)).toEqual([]);
    world.sink.setMode('ok');
    child.kill('SIGTERM');
    const result = await exited;
    const exitedAt = Date.now();
    expect(result.signal).toBeNull();
    // It stopped before the moment it had said it would try again (its own log line says when).
    const retryAt = /"until":"([^"]+)"/.exec(output)?.[1];
    expect(retryAt).toBeDefined();
    expect(exitedAt).toBeLessThan(new Date(retryAt!).getTime());
    expect(result.stdout).toContain('留在待发队列里下次再发：1 条');
    // Nothing went out after the signal, though the robot would have taken it.
    expect(world.sink.received()).toEqual([]);

    const rt = await openRuntime(file);
    try {
      expect(await rt.repos.outbox.open('message')).toHaveLength(1);
    } finally {
      await rt.close();
    }
    const next = await jianlou(file, ['check']);
    expect(next.stdout).toContain('已发到群里：1 条');
    expect(world.sink.received()).toHaveLength(1);
  }, 120_000);
});

describe('issue 11: exit 4 after a 429 says when checks resume', () => {
  const world = useLoggedInWorld();

  it('prints the time the pause ends, on this run and on a run during the pause', async () => {
    world.portal.admin.setFault('all', '429', { retryAfterSeconds: 600 });
    const file = world.writeConfig({}, 'paused.yaml');
    try {
      const first = await jianlou(file, ['check']);
      expect(first.code).toBe(4);
      const until = /检查暂停到 (\S+)，/.exec(first.stdout)?.[1];
      expect(until).toBeDefined();
      const end = new Date(until!).getTime();
      // Retry-After 600 s: the pause ends about ten minutes from now, not at once.
      expect(end).toBeGreaterThan(Date.now() + 500_000);
      const second = await jianlou(file, ['check']);
      expect(second.code).toBe(4);
      expect(second.stdout).toContain('检查暂停到');
    } finally {
      world.portal.admin.setFault('all', 'none');
    }
  }, 120_000);
});
