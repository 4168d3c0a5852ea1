import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { learnedStatus } from '../../../src/app/status/learned-status.js';
import {
  createSurgeLearner,
  LEARN_DAYS,
  learnedCheckAllowedAt,
  learnFromHistory,
  portalKey,
  RELEARN_MS,
} from '../../../src/app/status/learned-surges.js';
import { parseConfig } from '../../../src/config/load.js';
import { createLogger } from '../../../src/log/logger.js';
import { createMemoryStore } from '../../../src/store/memory.js';
import { createRepositories } from '../../../src/store/repositories.js';

/** The store side of learned windows (learned-surges.ts) and what status shows (learned-status.ts). */
const DAY = 86_400_000;
const configOf = (
  extra: string[] = [],
  schedule = 'schedule: { cron: "* * * * *", learn: true, maxRequestsPerHour: 100 }',
) =>
  parseConfig(
    [
      'store: memory://',
      'timezone: Asia/Shanghai',
      'portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:9" }',
      'accounts: [{ id: mom, storageState: mom.json }, { id: dad, storageState: dad.json }]',
      'children: [{ id: sister, name: 姐姐, account: mom, studentId: S001 }]',
      'targets: [{ child: sister, courses: [ART-101] }]',
      schedule,
      ...extra,
    ].join('\n'),
    '/x/jianlou.yaml',
    {},
  );
const config = configOf();
/** The 10 nights 2026-07-02 … 07-11 00:00:30 Shanghai; "now" is 07-11 12:00 Shanghai. */
const NOW = Date.parse('2026-07-11T04:00:00Z');

async function world(nights = 10, firstNight = Date.parse('2026-07-01T16:00:30Z')) {
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
  await repos.history.recordObservations(seen(0), new Date(firstNight - 4 * 3_600_000));
  for (let d = 0; d < nights; d++) {
    const midnight = firstNight + d * DAY;
    await repos.history.recordObservations(seen(1), new Date(midnight));
    await repos.history.recordObservations(seen(0), new Date(midnight + 120_000));
  }
  const lines: string[] = [];
  const logger = createLogger({
    destination: new Writable({
      write: (chunk, _e, done) => {
        lines.push(String(chunk));
        done();
      },
    }),
  });
  const run = (accountId: string, minutesAgo: number, requests: number | undefined, outcome = 'ok') =>
    repos.runs.add({
      accountId,
      startedAt: new Date(NOW - minutesAgo * 60_000).toISOString(),
      durationMs: 10,
      outcome: outcome as 'ok',
      courses: ['ART-101'],
      ...(requests === undefined ? {} : { requests }),
    });
  return { repos, lines, logger, run };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('portalKey', () => {
  it('the host of the base URL (with its port), or the text when it is no URL', () => {
    expect(portalKey({ portal: { baseUrl: 'https://xk.example.cn:8443/app' } } as never)).toBe(
      'xk.example.cn:8443',
    );
    expect(portalKey({ portal: { baseUrl: 'not a url' } } as never)).toBe('not a url');
  });
});

describe('learnFromHistory', () => {
  it('the median requests of the good checks of every account; 1 without any', async () => {
    const { repos, run } = await world();
    const rt = { config, repos, now: () => new Date(NOW) };
    expect((await learnFromHistory(rt)).requestsPerCheck).toBe(1);
    await run('mom', 50, 9);
    await run('mom', 40, 0);
    await run('mom', 30, undefined);
    await run('dad', 20, 3);
    await run('dad', 10, 500, 'error');
    expect((await learnFromHistory(rt)).requestsPerCheck).toBe(9);
    await run('dad', 5, 5);
    expect((await learnFromHistory(rt)).requestsPerCheck).toBe(5);
  });

  it('reads four weeks of history, under the portal host, and says the usual times', async () => {
    const { repos } = await world();
    const learning = await learnFromHistory({ config, repos, now: () => new Date(NOW) });
    expect(learning.learned.patterns.map((p) => [p.kind, p.portal, p.startMinute])).toEqual([
      ['daily', '127.0.0.1:9', 1438],
    ]);
    expect(learning.usualTimes).toEqual(['00:00']);
    expect(learning.afterWaveMinutes).toEqual([]);
    expect(learning.proposal.windows).toHaveLength(1);
    const later = await learnFromHistory({
      config,
      repos,
      now: () => new Date(NOW + (LEARN_DAYS + 1) * DAY),
    });
    expect(later.learned.returns.total).toBe(0);
    expect(later.learned.patterns).toEqual([]);
  });
});

describe('learnedCheckAllowedAt', () => {
  it('a run without a request count counts as one check of perCheck requests', async () => {
    const { repos, run } = await world();
    await run('mom', 30, undefined);
    const rt = { config, repos, now: () => new Date(NOW) };
    await expect(learnedCheckAllowedAt(rt, 50)).resolves.toBe(NOW);
    await expect(learnedCheckAllowedAt(rt, 51)).resolves.toBe(NOW + 30 * 60_000);
    await run('dad', 45, 20);
    await run('dad', 15, 70);
    // dad: 90 in the last hour; 10 more fit, 11 wait until his older check is an hour old.
    await expect(learnedCheckAllowedAt(rt, 10)).resolves.toBe(NOW);
    await expect(learnedCheckAllowedAt(rt, 11)).resolves.toBe(NOW + 15 * 60_000);
  });
});

describe('createSurgeLearner', () => {
  it('before learning: no windows and any time allowed; after: the budget guard decides', async () => {
    const { repos, logger, run } = await world();
    await run('mom', 30, 100);
    const learner = createSurgeLearner({ config, repos, now: () => new Date(NOW), logger });
    await expect(learner.allowedAt(123)).resolves.toBe(123);
    await learner.refresh();
    await expect(learner.allowedAt(123)).resolves.toBe(NOW + 30 * 60_000);
  });

  it('says when a window ended, and a dropped pattern once', async () => {
    const { repos, lines, logger } = await world();
    let now = NOW;
    const tight = configOf([], 'schedule: { cron: "* * * * *", learn: true, maxRequestsPerHour: 61 }');
    const learner = createSurgeLearner({ config: tight, repos, now: () => new Date(now), logger });
    await learner.refresh();
    await learner.refresh();
    const dropped = lines.filter((l) => l.includes('learned pattern not used'));
    expect(dropped).toHaveLength(1);
    expect(dropped[0]).toContain('seats came back between 23:58 and 00:02');
    const open = createSurgeLearner({ config, repos, now: () => new Date(now), logger });
    await open.refresh();
    expect(open.windows()).toHaveLength(1);
    now = NOW + (LEARN_DAYS + 1) * DAY;
    await open.refresh();
    expect(open.windows()).toEqual([]);
    expect(lines.filter((l) => l.includes('learned surge window ended or dropped'))).toHaveLength(1);
  });

  it('start learns now and again every few minutes until stop; a failure is a warning', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { repos, lines, logger } = await world();
    let calls = 0;
    let fail = false;
    const changes = repos.history.changes.bind(repos.history);
    repos.history.changes = (since, ids) => {
      calls++;
      return fail ? Promise.reject(new Error('disk gone')) : changes(since, ids);
    };
    const learner = createSurgeLearner({ config, repos, now: () => new Date(NOW), logger });
    await learner.start();
    expect(calls).toBe(1);
    expect(learner.windows()).toHaveLength(1);
    fail = true;
    await vi.advanceTimersByTimeAsync(RELEARN_MS);
    expect(calls).toBe(2);
    expect(lines.filter((l) => l.includes('learning surge windows failed'))).toHaveLength(1);
    learner.stop();
    await vi.advanceTimersByTimeAsync(3 * RELEARN_MS);
    expect(calls).toBe(2);
    const broken = createSurgeLearner({ config, repos, now: () => new Date(NOW), logger });
    await broken.start();
    broken.stop();
    expect(lines.filter((l) => l.includes('learning surge windows failed'))).toHaveLength(2);
    expect(broken.windows()).toEqual([]);
  });
});

describe('learnedStatus', () => {
  it('what status shows: settings, the sentence, the counts, each window and whether it runs now', async () => {
    const { repos } = await world();
    const zh = await learnedStatus({ config, repos, now: () => new Date(NOW) }, new Date(NOW));
    expect(zh).toMatchObject({
      enabled: true,
      maxRequestsPerHour: 100,
      usualTimes: ['00:00'],
      afterWaveMinutes: [],
      summary: '名额通常在00:00 前后空出来。',
      returns: { total: 10 },
      dropped: [],
    });
    expect(zh.windows).toEqual([
      {
        key: expect.any(String),
        name: 'learned daily 58 23 * * *',
        cron: '58 23 * * *',
        durationMinutes: 4,
        from: null,
        to: null,
        everySeconds: 10,
        requestsPerHour: expect.any(Number),
        explanation: expect.stringContaining('10 天在 23:58 到 00:02 之间有名额空出来'),
        activeNow: false,
      },
    ]);
    // 2026-07-11 23:59 Shanghai: inside the window.
    const atNight = Date.parse('2026-07-11T15:59:00Z');
    const night = await learnedStatus({ config, repos, now: () => new Date(NOW) }, new Date(atNight));
    expect(night.windows[0]?.activeNow).toBe(true);
    const off = configOf(
      ['locale: en'],
      'schedule: { cron: "* * * * *", learn: false, maxRequestsPerHour: 61 }',
    );
    const en = await learnedStatus({ config: off, repos, now: () => new Date(NOW) }, new Date(NOW));
    expect(en).toMatchObject({ enabled: false, maxRequestsPerHour: 61, windows: [] });
    expect(en.summary).toBe('Seats usually come back around 00:00.');
    expect(en.dropped).toEqual([
      {
        explanation: expect.stringContaining('seats came back between 23:58 and 00:02'),
        reason: 'no room in 61 requests/hour beside the cron',
      },
    ]);
  });
});
