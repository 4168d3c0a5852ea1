import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSurgeLearner, learnFromHistory, RELEARN_MS } from '../../../src/app/status/learned-surges.js';
import { parseConfig } from '../../../src/config/load.js';
import { createLogger } from '../../../src/log/logger.js';
import { createMemoryStore } from '../../../src/store/memory.js';
import { createRepositories } from '../../../src/store/repositories.js';

/**
 * What the learner in `watch` logs (learned-surges.ts): each line under the `surges` part with the
 * fields an operator reads (the window and its request rate, the key of what ended or was not used,
 * the error of a failed learning).
 */

const DAY = 86_400_000;
const NOW = Date.parse('2026-07-11T04:00:00Z');
const configOf = (maxRequestsPerHour: number) =>
  parseConfig(
    [
      'store: memory://',
      'timezone: Asia/Shanghai',
      'portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:9" }',
      'accounts: [{ id: mom, storageState: mom.json }]',
      'children: [{ id: sister, name: 姐姐, account: mom, studentId: S001 }]',
      'targets: [{ child: sister, courses: [ART-101] }]',
      `schedule: { cron: "* * * * *", learn: true, maxRequestsPerHour: ${maxRequestsPerHour} }`,
    ].join('\n'),
    '/x/jianlou.yaml',
    {},
  );

/** Ten nights of seats coming back at 00:00 Shanghai, and a logger whose JSON lines are kept. */
async function world() {
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
  const first = Date.parse('2026-07-01T16:00:30Z');
  await repos.history.recordObservations(seen(0), new Date(first - 4 * 3_600_000));
  for (let d = 0; d < 10; d++) {
    await repos.history.recordObservations(seen(1), new Date(first + d * DAY));
    await repos.history.recordObservations(seen(0), new Date(first + d * DAY + 120_000));
  }
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({
    destination: new Writable({
      write: (chunk, _e, done) => {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        done();
      },
    }),
  });
  const said = (start: string) => lines.filter((l) => String(l.msg).startsWith(start));
  return { repos, logger, said };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('the requests of one check', () => {
  it('only good checks that sent requests count: not failed ones, not ones of 0 requests', async () => {
    const { repos } = await world();
    const run = (minutesAgo: number, requests: number, outcome = 'ok') =>
      repos.runs.add({
        accountId: 'mom',
        startedAt: new Date(NOW - minutesAgo * 60_000).toISOString(),
        durationMs: 10,
        outcome: outcome as 'ok',
        courses: ['ART-101'],
        requests,
      });
    const rt = { config: configOf(100), repos, now: () => new Date(NOW) };
    await run(50, 0);
    await run(40, 0);
    await run(30, 7);
    expect((await learnFromHistory(rt)).requestsPerCheck).toBe(7);
    await run(20, 500, 'error');
    await run(10, 500, 'error');
    expect((await learnFromHistory(rt)).requestsPerCheck).toBe(7);
  });
});

describe('what the learner logs', () => {
  it('a learned window with its window and request rate, an ended one with its key', async () => {
    const { repos, logger, said } = await world();
    let now = NOW;
    const learner = createSurgeLearner({ config: configOf(100), repos, now: () => new Date(now), logger });
    const learning = await learner.refresh();
    await learner.refresh();
    const w = learning.proposal.windows[0];
    expect(said('learned surge window learned daily')).toEqual([
      expect.objectContaining({ part: 'surges', window: w?.window, requestsPerHour: w?.requestsPerHour }),
    ]);
    now = NOW + 30 * DAY;
    await learner.refresh();
    expect(said('learned surge window ended or dropped')).toEqual([
      expect.objectContaining({ part: 'surges', key: w?.key }),
    ]);
  });

  it('a pattern not used, with its key; a failed learning with its error', async () => {
    const { repos, logger, said } = await world();
    const learner = createSurgeLearner({ config: configOf(61), repos, now: () => new Date(NOW), logger });
    const learning = await learner.refresh();
    const d = learning.proposal.dropped[0];
    expect(said('learned pattern not used')).toEqual([
      expect.objectContaining({ part: 'surges', key: `${d?.pattern.kind}@${d?.pattern.startMinute}` }),
    ]);
    repos.history.changes = () => Promise.reject(new Error('disk gone'));
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    await learner.start();
    await vi.advanceTimersByTimeAsync(RELEARN_MS);
    learner.stop();
    const failed = expect.objectContaining({
      part: 'surges',
      err: expect.objectContaining({ message: 'disk gone' }),
    });
    expect(said('learning surge windows failed')).toEqual([failed, failed]);
  });
});
