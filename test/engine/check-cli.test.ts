import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';
import { jianlou, openRuntime, startWorld, type World } from './world.js';

/** Child processes each start Node, tsx and Chromium: generous on a busy machine. */
const SLOW = 90_000;

/** A port nothing listens on (bound once, then freed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('jianlou check, as a process', () => {
  let world: World;
  let broken: RunningPortal;

  beforeAll(async () => {
    world = await startWorld();
    broken = await startPortal({ port: 0, testMode: true });
    broken.admin.setFault('all', '500');
    await world.login(world.writeConfig());
    // The same session with every cookie value replaced: a session the portal no longer knows.
    const saved = JSON.parse(readFileSync(join(world.dir, 'storage-state/mom.json'), 'utf8')) as {
      cookies: { value: string }[];
    };
    for (const c of saved.cookies) c.value = 'stale-session-0000';
    writeFileSync(join(world.dir, 'storage-state/stale.json'), JSON.stringify(saved));
  });
  afterAll(async () => {
    await broken?.close();
    await world?.close();
  });

  it('exits 0 ok, 2 bad config, 3 missing or expired session, 4 portal closed or failing', {
    timeout: SLOW,
  }, async () => {
    const bad = join(world.dir, 'bad.yaml');
    writeFileSync(bad, 'portal: { flow: demo-portal, baseUrl: not-a-url }\naccounts: []\n');
    const [ok, badConfig, missing, expired, closed, failing] = await Promise.all([
      jianlou(world.writeConfig({}, 'ok.yaml'), ['check', '--json']),
      jianlou(bad, ['check']),
      jianlou(world.writeConfig({ storageState: 'storage-state/nobody.json' }, 'missing.yaml'), ['check']),
      jianlou(world.writeConfig({ storageState: 'storage-state/stale.json' }, 'expired.yaml'), ['check']),
      jianlou(world.writeConfig({ baseUrl: `http://127.0.0.1:${await closedPort()}` }, 'closed.yaml'), [
        'check',
      ]),
      jianlou(world.writeConfig({ baseUrl: broken.url }, 'failing.yaml'), ['check']),
    ]);

    expect(ok.code, ok.stderr).toBe(0);
    const report = JSON.parse(ok.stdout) as Record<string, unknown>;
    expect(Object.keys(report).sort()).toEqual(
      [
        'accounts',
        'delivery',
        'dryRun',
        'durationMs',
        'effects',
        'exitCode',
        'observations',
        'startedAt',
      ].sort(),
    );
    expect(report).toMatchObject({
      accounts: [{ accountId: 'mom', outcome: 'ok', courses: ['ART-101', 'ART-102'] }],
      effects: [],
      dryRun: false,
      exitCode: 0,
      delivery: { sent: 0, failed: 0 },
    });
    expect(report.observations).toEqual([
      expect.objectContaining({ courseId: 'ART-101', state: 'full', seats: 0, title: '少儿国画（初级）' }),
      expect.objectContaining({ courseId: 'ART-102', state: 'full', seats: 0 }),
    ]);
    expect(Number.isNaN(Date.parse(report.startedAt as string))).toBe(false);

    expect(badConfig.code).toBe(2);
    expect(badConfig.stderr).toContain('portal.baseUrl');

    expect(missing.code, missing.stderr).toBe(3);
    expect(missing.stdout).toContain('jianlou login mom');
    expect(expired.code, expired.stderr).toBe(3);
    expect(expired.stdout).toContain('账号 mom：登录已失效');

    expect(closed.code, closed.stderr).toBe(4);
    expect(closed.stdout).toContain('账号 mom：连不上报名网站');
    expect(failing.code, failing.stderr).toBe(4);
    expect(failing.stdout).toContain('账号 mom：连不上报名网站');
    // Only the two session problems are news (a portal outage is announced once it lasts).
    expect(world.sink.received().map((m) => m.summary)).toEqual([
      expect.stringContaining('登录'),
      expect.stringContaining('登录'),
    ]);
  });

  it('--dry-run holds nothing, sends nothing, stores nothing, and prints what it would do', {
    timeout: SLOW,
  }, async () => {
    const statePath = join(world.dir, 'storage-state/mom.json');
    const sessionBefore = readFileSync(statePath, 'utf8');
    world.sink.clear();
    world.portal.admin.setSeats('ART-101', 1);
    const file = world.writeConfig(
      { targets: [{ child: 'sister', courses: ['ART-101', 'ART-102'], autoHold: true }] },
      'dry.yaml',
    );

    const dry = await jianlou(file, ['check', '--dry-run']);

    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toMatch(/ART-101\s+有名额\s+余位\s+1/);
    expect(dry.stdout).toContain('本会发提醒：空出名额 ART-101');
    expect(dry.stdout).toContain('dry-run');
    expect(dry.stdout).not.toContain('did ');
    expect(world.portal.admin.state().carts).toEqual([]);
    expect(world.sink.received()).toEqual([]);
    expect(readFileSync(statePath, 'utf8')).toBe(sessionBefore);
    const rt = await openRuntime(file);
    try {
      expect(await rt.watchState.load()).toBeUndefined();
      expect(await rt.repos.observations.list()).toEqual([]);
      expect(await rt.repos.runs.latest()).toEqual(new Map());
      expect(await rt.repos.alerts.list()).toEqual([]);
      expect(await rt.repos.outbox.open('message')).toEqual([]);
      expect(await rt.repos.outbox.open('effect')).toEqual([]);
      expect(await rt.repos.holds.list()).toEqual([]);
    } finally {
      await rt.close();
    }
  });
});
