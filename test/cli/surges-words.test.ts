import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, startWorld } from './harness.js';

const DAY = 86_400_000;
const cjk = /[\u3000-\u9fff\uff00-\uffef]/;

// r4-surges-import (issue 29): why a learned window runs, and why a pattern is not used, said in the
// config's language by `surges suggest` (the YAML's comments) and `status`; --json stays English.
describe('learned surge windows explained in the config language', () => {
  let world: CliWorld;
  const setLocale = (locale: 'zh' | 'en') =>
    writeFileSync(
      world.configFile,
      readFileSync(world.configFile, 'utf8').replace(/^locale: \w+$/m, `locale: ${locale}`),
    );

  beforeAll(async () => {
    world = await startWorld();
    // The cron checks every 2 min from 07:00 to 22:59 (30 an hour): 31 requests an hour leave room at
    // midnight, none at 10:00.
    writeFileSync(
      world.configFile,
      readFileSync(world.configFile, 'utf8').replace(
        'schedule: { cron: "*/2 7-22 * * *", jitterSeconds: 0 }',
        'schedule: { cron: "*/2 7-22 * * *", jitterSeconds: 0, maxRequestsPerHour: 31 }',
      ),
    );
    // Ten nights a seat of ART-101 came back at 00:00 Shanghai (16:00 UTC), and ten mornings one of
    // SWIM-201 at 10:00 (02:00 UTC), up to yesterday.
    const seen = (courseId: string, seats: number) => [
      {
        courseId,
        title: courseId,
        seats,
        state: seats > 0 ? ('open' as const) : ('full' as const),
        url: 'u',
      },
    ];
    const lastMidnight = Math.floor((Date.now() - 16 * 3_600_000) / DAY) * DAY + 16 * 3_600_000 - DAY;
    await world.withRuntime(async (rt) => {
      const first = lastMidnight - 10 * DAY;
      for (const course of ['ART-101', 'SWIM-201']) {
        await rt.repos.history.recordObservations(seen(course, 0), new Date(first));
      }
      for (let d = 9; d >= 0; d--) {
        for (const [course, at] of [
          ['ART-101', lastMidnight - d * DAY + 30_000],
          ['SWIM-201', lastMidnight - d * DAY + 10 * 3_600_000 + 30_000],
        ] as const) {
          await rt.repos.history.recordObservations(seen(course, 1), new Date(at));
          await rt.repos.history.recordObservations(seen(course, 0), new Date(at + 120_000));
        }
      }
    });
  }, 120_000);
  afterAll(async () => {
    await world?.close();
  });

  it('surges suggest and status say why in Chinese under zh', async () => {
    setLocale('zh');
    const suggest = await world.cli('surges', 'suggest');
    expect(suggest.code).toBe(0);
    const comments = suggest.stdout.split('\n').filter((l) => l.trimStart().startsWith('#'));
    expect(comments.join('\n')).toMatch(
      /# \d+ 天里有 10 天在 23:58 到 00:02 之间有名额空出来（共 10 个名额；ART-101）/,
    );
    expect(comments.join('\n')).toMatch(
      /# 没有采用：\d+ 天里有 10 天在 09:58 到 10:02 之间有名额空出来（共 10 个名额；SWIM-201） — 每小时 31 次请求里，除去 cron 的检查已经没有余量。/,
    );
    for (const line of comments) expect(line, line).not.toMatch(/seats came back|no room|return\(s\)/);
    const status = await world.cli('status');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/原因：\d+ 天里有 10 天在 23:58 到 00:02 之间有名额空出来/);
    expect(status.stdout).toMatch(/不用：\d+ 天里有 10 天在 09:58 到 10:02 之间.* — 每小时 31 次请求里/);
    expect(status.stdout).not.toMatch(/seats came back|no room/);
  }, 300_000);

  it('in English under en; --json stays English', async () => {
    setLocale('en');
    const suggest = await world.cli('surges', 'suggest');
    expect(suggest.stdout).toMatch(
      /# seats came back between 23:58 and 00:02 on 10 of \d+ days \(10 return\(s\); ART-101\)/,
    );
    expect(suggest.stdout).toContain('— no room in 31 requests/hour beside the cron.');
    expect(suggest.stdout).not.toMatch(cjk);
    const status = await world.cli('status');
    expect(status.stdout).toMatch(/because seats came back between 23:58 and 00:02/);
    setLocale('zh');
    const json = JSON.parse((await world.cli('surges', 'suggest', '--json')).stdout);
    expect(json.proposal.windows[0].explanation).toMatch(/^seats came back between 23:58 and 00:02/);
    expect(json.proposal.dropped[0].reason).toBe('no room in 31 requests/hour beside the cron');
  }, 300_000);
});
