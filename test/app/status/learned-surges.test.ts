import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createSurgeLearner, learnedCheckAllowedAt } from '../../../src/app/status/learned-surges.js';
import { parseConfig } from '../../../src/config/load.js';
import { createLogger } from '../../../src/log/logger.js';
import { createMemoryStore } from '../../../src/store/memory.js';
import { createRepositories } from '../../../src/store/repositories.js';

const DAY = 86_400_000;
const config = parseConfig(
  [
    'store: memory://',
    'timezone: Asia/Shanghai',
    'portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:9" }',
    'accounts: [{ id: mom, storageState: mom.json }, { id: dad, storageState: dad.json }]',
    'children: [{ id: sister, name: 姐姐, account: mom, studentId: S001 }]',
    'targets: [{ child: sister, courses: [ART-101] }]',
    'schedule: { cron: "* * * * *", learn: true, maxRequestsPerHour: 100 }',
  ].join('\n'),
  '/x/jianlou.yaml',
  {},
);

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
  await repos.history.recordObservations(seen(0), new Date('2026-07-01T12:00:00Z'));
  for (let d = 0; d < 10; d++) {
    const midnight = Date.parse('2026-07-01T16:00:30Z') + d * DAY;
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
  return { repos, lines, logger };
}

describe('the learner in watch (schedule.learn, issue 32)', () => {
  it('learns the windows at start and logs each with why, once', async () => {
    const { repos, lines, logger } = await world();
    const now = new Date('2026-07-11T04:00:00Z');
    const learner = createSurgeLearner({ config, repos, now: () => now, logger });
    expect(learner.windows()).toEqual([]);
    await learner.start();
    learner.stop();
    expect(learner.windows()).toEqual([
      { name: 'learned daily 58 23 * * *', cron: '58 23 * * *', durationMinutes: 4, everySeconds: 10 },
    ]);
    await learner.refresh();
    const said = lines.filter((l) => l.includes('learned surge window learned daily'));
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('seats came back between 23:58 and 00:02 on 10 of 10 days');
  });

  it('the budget guard: the busiest account of the last hour decides, with the median requests of a check', async () => {
    const { repos } = await world();
    const now = Date.parse('2026-07-11T04:00:00Z');
    const run = (accountId: string, minutesAgo: number, requests: number) =>
      repos.runs.add({
        accountId,
        startedAt: new Date(now - minutesAgo * 60_000).toISOString(),
        durationMs: 10,
        outcome: 'ok',
        courses: ['ART-101'],
        requests,
      });
    await run('mom', 50, 40);
    await run('mom', 10, 40);
    await run('dad', 30, 95);
    const rt = { config, repos, now: () => new Date(now) };
    // dad's 95 + 5 fits 100 exactly; 6 more does not until his check is an hour old.
    await expect(learnedCheckAllowedAt(rt, 5)).resolves.toBe(now);
    await expect(learnedCheckAllowedAt(rt, 6)).resolves.toBe(now + 30 * 60_000);
  });
});
