import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildStatusReport } from '../../src/app/status/status.js';
import { parseConfig } from '../../src/config/load.js';
import type { Observation } from '../../src/core/types.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { createRepositories } from '../../src/store/repositories.js';
import { createStateRepo } from '../../src/store/state.js';
import { watchStateSchema } from '../../src/watch/decide.js';

// Issue 17: a warm cycle does not write a reading that did not change, so "last seen" is the last
// successful check of the account that read the course, when that is newer than the reading.
describe('status: when a course was last seen', () => {
  const config = parseConfig(
    [
      'store: memory://',
      'portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:9" }',
      'accounts: [{ id: mom, storageState: mom.json }]',
      'children: [{ id: sister, name: 姐姐, account: mom, studentId: S001 }]',
      'targets: [{ child: sister, courses: [ART-101, ART-102] }]',
    ].join('\n'),
    join('/srv/jl', 'jianlou.yaml'),
    {},
  );
  const at = (minute: number) => new Date(Date.UTC(2026, 6, 1, 2, minute));
  const full = (courseId: string): Observation => ({
    courseId,
    title: courseId,
    seats: 0,
    state: 'full',
    url: `http://127.0.0.1:9/courses/${courseId}`,
  });

  async function seenAt(runs: { minute: number; outcome: 'ok' | 'unavailable'; courses: string[] }[]) {
    const kv = createMemoryStore();
    const repos = createRepositories(kv);
    await repos.observations.save('mom', [full('ART-101'), full('ART-102')], at(0));
    // The same readings again: not rewritten (the record keeps minute 0).
    await repos.observations.save('mom', [full('ART-101'), full('ART-102')], at(1));
    for (const r of runs) {
      await repos.runs.add({
        accountId: 'mom',
        startedAt: at(r.minute).toISOString(),
        durationMs: 10,
        outcome: r.outcome,
        courses: r.courses,
      });
    }
    const watchState = createStateRepo(kv, 'watch', watchStateSchema);
    const report = await buildStatusReport({ config, repos, watchState, now: () => at(30) }, []);
    return Object.fromEntries(report.targets[0]!.courses.map((c) => [c.courseId, c.seenAt]));
  }

  it('an unchanged reading is not written again', async () => {
    const repos = createRepositories(createMemoryStore());
    await repos.observations.save('mom', [full('ART-101')], at(0));
    await repos.observations.save('mom', [full('ART-101')], at(1));
    expect((await repos.observations.get('ART-101'))?.at).toBe(at(0).toISOString());
    await repos.observations.save('mom', [{ ...full('ART-101'), seats: 1, state: 'open' }], at(2));
    expect((await repos.observations.get('ART-101'))?.at).toBe(at(2).toISOString());
  });

  it('is the last successful check that read the course, not a failed one after it', async () => {
    expect(
      await seenAt([
        { minute: 5, outcome: 'ok', courses: ['ART-101', 'ART-102'] },
        { minute: 9, outcome: 'unavailable', courses: ['ART-101', 'ART-102'] },
      ]),
    ).toEqual({ 'ART-101': at(5).toISOString(), 'ART-102': at(5).toISOString() });
  });

  it('a check that did not read the course does not count; without any run the reading’s own time', async () => {
    expect(await seenAt([{ minute: 5, outcome: 'ok', courses: ['ART-102'] }])).toEqual({
      'ART-101': at(0).toISOString(),
      'ART-102': at(5).toISOString(),
    });
    expect(await seenAt([])).toEqual({ 'ART-101': at(0).toISOString(), 'ART-102': at(0).toISOString() });
  });
});
