import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntimeSender } from '../../src/app/alerts/notify.js';
import { buildStatusReport, type StatusReport } from '../../src/app/status/status.js';
import { ensureStatusLink, statusUrlOf, verifyStatusToken } from '../../src/approve/status-link.js';
import { renderStatus } from '../../src/cli/status.js';
import { statusLinkCommand } from '../../src/cli/status-link.js';
import { parseConfig } from '../../src/config/load.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { createRepositories } from '../../src/store/repositories.js';
import { type CliWorld, ROBOT_KEY, startWorld } from './harness.js';

describe('jianlou status', () => {
  let world: CliWorld;

  beforeAll(async () => {
    world = await startWorld();
    await world.login();
  });
  afterAll(async () => {
    await world?.close();
  });

  /** What `status` prints, built in-process (the CLI runs below cover the command itself). */
  function status(): Promise<{ report: StatusReport; text: string }> {
    return world.withRuntime(async (rt) => {
      const report = await buildStatusReport(rt, await createRuntimeSender(rt).channelStatus());
      return { report, text: renderStatus(report, { locale: 'en' }).join('\n') };
    });
  }

  it('before any check, shows every course unseen and the account not checked yet', async () => {
    const r = { stdout: (await status()).text };
    expect(r.stdout).toMatch(/1\. ART-101\s+unseen/);
    expect(r.stdout).toMatch(/2\. ART-102\s+unseen/);
    expect(r.stdout).toContain('mom: session UNCHECKED — not checked yet');
    expect(r.stdout).toContain('last check: never');
  });

  it('after a check, shows the seats last seen and the hold waiting for a decision', async () => {
    world.portal.admin.setSeats('ART-101', 1);
    await world.check();
    const r = await world.cli('status');
    expect(r.code).toBe(0);
    // The world's config says `locale: zh`: the command speaks Chinese (English: the in-process runs).
    expect(r.stdout).toContain('姐姐（sister）');
    expect(r.stdout).toMatch(/1\. ART-101\s+有名额\s+余位\s+1/);
    expect(r.stdout).toMatch(/2\. ART-102\s+已满\s+余位\s+0/);
    expect(r.stdout).toMatch(/提醒：2 条，最近一条 已保留 ART-101 于 .* — 已发出/);
    expect(r.stdout).toMatch(/保留 ART-101 保留中 保留到 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/);
    expect(r.stdout).toContain('→ jianlou holds approve hold/sister-ART-101/ART-101/');
    expect(r.stdout).toContain('mom：登录状态正常');
    expect(r.stdout).toMatch(/上次检查：正常，.*，用时 \d+ ms/);
    expect(r.stdout).toContain('最晚的 cookie');
    expect(r.stdout).toContain('企业微信群机器人：正常');
    expect(r.stdout).toContain('待发队列：0 条消息');
    expect(r.stdout).not.toContain('发送失败');
    expect(r.stdout + r.stderr).not.toContain(ROBOT_KEY);
  });

  it('--json gives a stable object for scripts', async () => {
    const r = await world.cli('status', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(Object.keys(report).sort()).toEqual(
      [
        'accounts',
        'approval',
        'channels',
        'configFile',
        'generatedAt',
        'heldBack',
        'history',
        'outbox',
        'schedule',
        'targets',
        'timezone',
      ].sort(),
    );
    expect(report.timezone).toBe('Asia/Shanghai');
    const [sister, brother] = report.targets;
    expect(sister).toMatchObject({
      id: 'sister-ART-101',
      child: { id: 'sister', name: '姐姐' },
      autoHold: true,
      alerts: { count: 2, pending: 0, last: { kind: 'hold_made', courseId: 'ART-101', delivery: 'sent' } },
    });
    expect(sister.courses.map((c: { courseId: string }) => c.courseId)).toEqual(['ART-101', 'ART-102']);
    expect(sister.courses[0]).toMatchObject({
      courseId: 'ART-101',
      seats: 1,
      state: 'open',
      title: '少儿国画（初级）',
    });
    expect(Date.parse(sister.courses[0].seenAt)).not.toBeNaN();
    expect(sister.holds).toHaveLength(1);
    expect(sister.holds[0]).toMatchObject({
      courseId: 'ART-101',
      status: 'held',
      orderId: null,
      decidedBy: null,
    });
    expect(Date.parse(sister.holds[0].expiresAt)).not.toBeNaN();
    expect(brother).toMatchObject({ id: 'brother-SWIM-201', holds: [], alerts: { count: 0, last: null } });
    expect(report.accounts).toEqual([
      expect.objectContaining({
        id: 'mom',
        health: 'ok',
        advice: null,
        storageState: expect.objectContaining({ present: true, newestCookieExpiresAt: expect.any(String) }),
        lastRun: expect.objectContaining({ outcome: 'ok', durationMs: expect.any(Number) }),
        // Issue 17: one check so far, which sent its requests (courses, orders, cart) to the portal.
        lastHour: { checks: 1, requests: expect.any(Number) },
      }),
    ]);
    expect(report.accounts[0].lastHour.requests).toBeGreaterThanOrEqual(1);
    expect(report.schedule).toEqual({
      cron: '*/2 7-22 * * *',
      nextCheckAt: expect.any(String),
      surges: [],
      suggestions: [],
      learned: expect.objectContaining({
        enabled: false,
        maxRequestsPerHour: 120,
        usualTimes: [],
        windows: [],
      }),
    });
    // The cron's next firing, by the one cron dialect: an even minute after the report was made.
    const next = Date.parse(report.schedule.nextCheckAt);
    expect(next).toBeGreaterThan(Date.parse(report.generatedAt));
    expect(new Date(next).getUTCMinutes() % 2).toBe(0);
    expect(report.channels).toEqual([
      expect.objectContaining({ id: 'wecom', label: 'WeCom robot', state: 'ok', pending: 0 }),
    ]);
    expect(report.outbox).toEqual({ messages: 0, effects: 0 });
    expect(report.approval).toEqual({ listen: '127.0.0.1:0', publicUrl: 'http://127.0.0.1:8787' });
    // Seen open at the first check is not a seat that came back: no opening in the history yet.
    expect(report.history.courses).toEqual([
      { courseId: 'ART-101', openings14d: 0, lastOpeningAt: null },
      { courseId: 'ART-102', openings14d: 0, lastOpeningAt: null },
      { courseId: 'SWIM-201', openings14d: 0, lastOpeningAt: null },
    ]);
    expect(r.stdout).not.toContain(ROBOT_KEY);
  });

  // Two child processes (each a Node start with tsx): slow on a loaded machine, so a longer timeout.
  it('status --link prints a signed link (a QR code only on a terminal), in the config language; --rotate replaces it and the old one is refused', {
    timeout: 120_000,
  }, async () => {
    const secret = '0123456789abcdef0123456789abcdef';
    const first = await world.cli('status', '--link');
    expect(first.code).toBe(0);
    const url = /http:\/\/127\.0\.0\.1:8787\/s\/\S+/.exec(first.stdout)?.[0];
    expect(url).toBeDefined();
    // Piped (not a terminal): the link alone, no QR code drawn; the words are the config's language (zh).
    expect(first.stdout).not.toMatch(/[▀▄█]/);
    expect(first.stdout).toContain('状态页链接：');
    expect(first.stdout).toContain('只发给家里人');
    expect(first.stdout).not.toMatch(/Status page link|share it with/);
    // On a terminal the QR code is drawn under the link.
    const written: string[] = [];
    await statusLinkCommand(world.configFile, {}, { write: (t) => written.push(t), isTTY: true });
    const onTerminal = written.join('');
    expect(onTerminal).toContain(url);
    expect(onTerminal).toMatch(/[▀▄█]{5,}/);
    expect(first.stdout + first.stderr).not.toContain(secret);
    // Asking again gives the same link: it does not expire.
    const again = await world.withRuntime(async (rt) =>
      statusUrlOf('http://127.0.0.1:8787', await ensureStatusLink(rt.kv, rt.now()), secret),
    );
    expect(again).toBe(url);
    const rotated = await world.cli('status', '--link', '--rotate', '--json');
    expect(rotated.code).toBe(0);
    const fresh = JSON.parse(rotated.stdout) as { url: string; rotated: boolean };
    expect(fresh).toMatchObject({ rotated: true });
    expect(fresh.url).not.toBe(url);
    const verdicts = await world.withRuntime(async (rt) => [
      await verifyStatusToken(url!.split('/s/')[1]!, secret, rt.kv),
      await verifyStatusToken(fresh.url.split('/s/')[1]!, secret, rt.kv),
    ]);
    expect(verdicts).toMatchObject([{ ok: false, reason: 'rotated' }, { ok: true }]);
  });

  it('shows a robot that answered 93000 as BROKEN, with the fix and the alerts held back', async () => {
    world.sink.setMode('93000');
    try {
      world.portal.admin.setSeats('SWIM-201', 2);
      await world.check();
    } finally {
      world.sink.setMode('ok');
    }
    const { text, report } = await status();
    const r = { stdout: text };
    expect(r.stdout).toMatch(
      /WeCom robot BROKEN since \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \(errcode 93000\): fix notify\.wecom\.webhook, then run jianlou doctor --send/,
    );
    expect(r.stdout).toMatch(/alerts are NOT reaching the parents; [1-9]\d* waiting in the outbox/);
    expect(r.stdout).toMatch(/1\. SWIM-201\s+open\s+seats\s+2/);
    const json = JSON.parse(JSON.stringify(report));
    expect(json.channels[0]).toMatchObject({ id: 'wecom', state: 'broken', broken: { errcode: 93000 } });
    expect(json.outbox.messages).toBeGreaterThan(0);
    // SWIM-201 was full at the first check and open now: one opening in the seat history.
    expect(json.history.courses.find((c: { courseId: string }) => c.courseId === 'SWIM-201')).toMatchObject({
      openings14d: 1,
      lastOpeningAt: expect.any(String),
    });
  });
});

describe('buildStatusReport: session health per account', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-status-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const yaml = [
    'store: memory://',
    'portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:9" }',
    'accounts: [{ id: mom, storageState: mom.json }]',
    'children: [{ id: sister, name: 姐姐, account: mom, studentId: S001 }]',
    'targets: [{ child: sister, courses: [ART-101] }]',
  ].join('\n');
  const config = parseConfig(yaml, join(dir, 'jianlou.yaml'), {});
  const sessionFile = join(dir, 'mom.json');
  const t0 = new Date('2026-07-01T02:00:00Z');

  async function healthAfter(run: { outcome: 'ok' | 'session_expired' | 'unavailable'; at: Date } | null) {
    const repos = createRepositories(await createMemoryStore());
    if (run) {
      await repos.runs.add({
        accountId: 'mom',
        startedAt: run.at.toISOString(),
        durationMs: 300,
        outcome: run.outcome,
        courses: ['ART-101'],
      });
    }
    const report = await buildStatusReport({ config, repos, now: () => new Date(t0.getTime() + 60_000) }, []);
    return report.accounts[0];
  }

  it('an account without a saved session needs a login', async () => {
    await expect(healthAfter(null)).resolves.toMatchObject({
      health: 'needs_login',
      advice: 'no saved session — run: jianlou login mom',
      storageState: { present: false },
    });
  });

  it('a session the portal rejected at the last check needs a login, until a newer session is saved', async () => {
    writeFileSync(sessionFile, JSON.stringify({ cookies: [], origins: [] }));
    // The file was written now, after this old failed run: a fresh login the next check will judge.
    await expect(healthAfter({ outcome: 'session_expired', at: t0 })).resolves.toMatchObject({
      health: 'unchecked',
    });
    const future = new Date(Date.now() + 3_600_000);
    await expect(healthAfter({ outcome: 'session_expired', at: future })).resolves.toMatchObject({
      health: 'needs_login',
      advice: 'the portal logged this account out — run: jianlou login mom',
    });
    await expect(healthAfter({ outcome: 'unavailable', at: future })).resolves.toMatchObject({
      health: 'problem',
    });
  });

  it('reports the newest cookie expiry and treats a file of expired cookies as logged out', async () => {
    const soon = Date.parse('2026-07-01T03:00:00Z') / 1000;
    writeFileSync(
      sessionFile,
      JSON.stringify({
        cookies: [
          {
            name: 'a',
            value: 'x',
            domain: 'h',
            path: '/',
            expires: soon,
            httpOnly: true,
            secure: false,
            sameSite: 'Lax',
          },
          {
            name: 'b',
            value: 'y',
            domain: 'h',
            path: '/',
            expires: -1,
            httpOnly: true,
            secure: false,
            sameSite: 'Lax',
          },
        ],
        origins: [],
      }),
    );
    const ok = await healthAfter({ outcome: 'ok', at: t0 });
    expect(ok).toMatchObject({
      health: 'ok',
      storageState: { newestCookieExpiresAt: '2026-07-01T03:00:00.000Z' },
    });
    expect(JSON.stringify(ok)).not.toContain('"x"');
    const past = Date.parse('2026-07-01T01:00:00Z') / 1000;
    writeFileSync(
      sessionFile,
      JSON.stringify({
        cookies: [
          {
            name: 'a',
            value: 'x',
            domain: 'h',
            path: '/',
            expires: past,
            httpOnly: true,
            secure: false,
            sameSite: 'Lax',
          },
        ],
        origins: [],
      }),
    );
    await expect(healthAfter({ outcome: 'ok', at: t0 })).resolves.toMatchObject({ health: 'needs_login' });
  });
});

describe('buildStatusReport: surges and the windows the seat history suggests (issue 17)', () => {
  const yaml = [
    'store: memory://',
    'timezone: Asia/Shanghai',
    'portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:9" }',
    'accounts: [{ id: mom, storageState: mom.json }]',
    'children: [{ id: sister, name: 姐姐, account: mom, studentId: S001 }]',
    'targets: [{ child: sister, courses: [ART-101] }]',
    'schedule:',
    '  surges:',
    '    - { name: 付款截止, cron: "55 11 * * *", durationMinutes: 40, everySeconds: 10 }',
    '    - { from: "2026-07-20 09:00", to: "2026-07-20 10:00" }',
  ].join('\n');
  const config = parseConfig(yaml, '/x/jianlou.yaml', {});

  it('shows each surge with its requests an hour, the one in force, and suggests the busy hours', async () => {
    const repos = createRepositories(await createMemoryStore());
    const seen = (seats: number) => [
      {
        courseId: 'ART-101',
        title: '国画',
        seats,
        state: seats > 0 ? ('open' as const) : ('full' as const),
        url: 'u',
      },
    ];
    // Openings at 12:xx Shanghai time on three days (04:xx UTC), and one at 08:xx.
    for (const [day, hour] of [
      [1, 4],
      [2, 4],
      [3, 4],
      [4, 0],
    ] as const) {
      await repos.history.recordObservations(seen(0), new Date(Date.UTC(2026, 6, day, hour, 0)));
      await repos.history.recordObservations(seen(1), new Date(Date.UTC(2026, 6, day, hour, 10)));
    }
    for (const minute of [0, 10, 20]) {
      await repos.runs.add({
        accountId: 'mom',
        startedAt: new Date(Date.UTC(2026, 6, 5, 3, 50 + minute / 10)).toISOString(),
        durationMs: 20,
        outcome: 'ok',
        courses: ['ART-101'],
        requests: 3,
      });
    }
    const now = new Date(Date.UTC(2026, 6, 5, 4, 0)); // 12:00 in Shanghai
    const report = await buildStatusReport({ config, repos, now: () => now }, []);

    expect(report.accounts[0]?.lastHour).toEqual({ checks: 3, requests: 9 });
    expect(report.schedule.surges).toEqual([
      {
        name: '付款截止',
        everySeconds: 10,
        requestsPerHour: 360,
        activeNow: true,
        endsAt: '2026-07-05T04:35:00.000Z',
      },
      {
        name: '2026-07-20 09:00 – 2026-07-20 10:00',
        everySeconds: 20,
        requestsPerHour: 180,
        activeNow: false,
        endsAt: null,
      },
    ]);
    expect(report.schedule.suggestions).toEqual([
      expect.objectContaining({
        startHour: 12,
        hours: 1,
        openings: 3,
        window: expect.objectContaining({ cron: '55 11 * * *' }),
      }),
    ]);
    const text = renderStatus(report, { locale: 'en' }).join('\n');
    expect(text).toContain('surge 付款截止: every 10 s (≈360 requests/hour per account) — IN FORCE until');
    expect(text).toContain(
      '12:00–13:00  3 opening(s), 75% of all → { cron: "55 11 * * *", durationMinutes: 65, everySeconds: 15 }',
    );
    expect(text).toContain('last hour: 3 check(s), 9 request(s) to the portal');
  });
});
