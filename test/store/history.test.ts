import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openingHistogram, openingsOf, summariseHistory } from '../../src/app/status/history-summary.js';
import type { Observation } from '../../src/core/types.js';
import { checkDaySchema, createHistoryRepo, type SeatChange } from '../../src/store/history.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { NS } from '../../src/store/namespaces.js';
import { createSqliteStore } from '../../src/store/sqlite.js';
import type { KvStore } from '../../src/store/types.js';

const t = (day: number, hour = 0, minute = 0) => new Date(Date.UTC(2026, 6, day, hour, minute));
const obs = (
  courseId: string,
  seats: number | null,
  state: Observation['state'] = seats ? 'open' : 'full',
) => ({
  courseId,
  title: `title ${courseId}`,
  seats,
  state,
  url: `http://p/${courseId}`,
});

for (const backend of ['memory', 'sqlite'] as const) {
  describe(`seat history on the ${backend} store`, () => {
    let dir: string;
    let kv: KvStore;
    const open = () =>
      backend === 'memory'
        ? Promise.resolve(createMemoryStore())
        : createSqliteStore(join(dir, 'history.sqlite'));

    beforeEach(async () => {
      dir = await mkdtemp(join(tmpdir(), 'jianlou-history-'));
      kv = await open();
    });
    afterEach(async () => {
      await kv.close();
      await rm(dir, { recursive: true, force: true });
    });

    it('writes a record only when seats, state or title change (run-length, not a row per check)', async () => {
      const history = createHistoryRepo(kv);
      const written: number[] = [];
      for (let minute = 0; minute < 30; minute++) {
        written.push(await history.recordObservations([obs('A', 0), obs('B', 2)], t(1, 8, minute)));
      }
      written.push(await history.recordObservations([obs('A', 1), obs('B', 2)], t(1, 9)));
      written.push(await history.recordObservations([{ ...obs('A', 1), title: 'renamed' }], t(1, 10)));
      written.push(await history.recordObservations([obs('A', null, 'closed')], t(1, 11)));
      expect(written.reduce((a, b) => a + b, 0)).toBe(5);
      const changes = await history.changes(t(1));
      expect(changes.get('A')?.map((c) => [c.at, c.seats, c.state, c.title])).toEqual([
        [t(1, 8).toISOString(), 0, 'full', 'title A'],
        [t(1, 9).toISOString(), 1, 'open', 'title A'],
        [t(1, 10).toISOString(), 1, 'open', 'renamed'],
        [t(1, 11).toISOString(), null, 'closed', 'title A'],
      ]);
      expect(changes.get('B')).toHaveLength(1);
    });

    it('a window starts with the reading in force at its start', async () => {
      const history = createHistoryRepo(kv);
      await history.recordObservations([obs('A', 0)], t(1));
      await history.recordObservations([obs('A', 1)], t(5));
      await history.recordObservations([obs('A', 0)], t(5, 1));
      const changes = await history.changes(t(3), ['A']);
      expect(changes.get('A')?.map((c) => c.at)).toEqual([t(1), t(5), t(5, 1)].map((d) => d.toISOString()));
      expect((await history.changes(t(6), ['A'])).get('A')?.map((c) => c.at)).toEqual([
        t(5, 1).toISOString(),
      ]);
    });

    it('counts checks and failures per UTC hour, one record per account and day', async () => {
      const history = createHistoryRepo(kv);
      await history.recordChecks('mom', t(1, 8, 1), { checks: 1, failures: 0 });
      await history.recordChecks('mom', t(1, 8, 59), { checks: 1, failures: 1 });
      await history.recordChecks('mom', t(1, 9, 0), { checks: 1, failures: 0 });
      await history.recordChecks('dad', t(2, 0, 0), { checks: 2, failures: 0 });
      const days = await history.checkDays(t(1));
      expect(days.map((d) => [d.accountId, d.day])).toEqual([
        ['mom', '2026-07-01'],
        ['dad', '2026-07-02'],
      ]);
      expect(days[0]?.checks[8]).toBe(2);
      expect(days[0]?.failures[8]).toBe(1);
      expect(days[0]?.checks[9]).toBe(1);
      expect(await kv.list(NS.checkHours, checkDaySchema)).toHaveLength(2);
    });

    it('prunes what is older than the retention but keeps each course its newest reading', async () => {
      const history = createHistoryRepo(kv);
      await history.recordObservations([obs('A', 0), obs('B', 0)], t(1));
      await history.recordObservations([obs('A', 1)], t(2));
      await history.recordObservations([obs('A', 0)], t(20));
      await history.recordChecks('mom', t(1, 8), { checks: 5, failures: 0 });
      await history.recordChecks('mom', t(20, 8), { checks: 5, failures: 0 });
      expect(await history.prune(t(10))).toEqual({ changes: 2, days: 1 });
      const all = await history.changes(t(1));
      expect(all.get('A')?.map((c) => c.at)).toEqual([t(20).toISOString()]);
      expect(all.get('B')?.map((c) => c.at)).toEqual([t(1).toISOString()]);
      expect((await history.checkDays(t(1))).map((d) => d.day)).toEqual(['2026-07-20']);
    });

    it('what is read back is parsed: a damaged month record is skipped, not trusted', async () => {
      const history = createHistoryRepo(kv);
      await history.recordObservations([obs('A', 0)], t(1));
      await kv.set(NS.seatHistory, 'B/2026-07', { courseId: 'B', month: '2026-07', changes: [{ at: 5 }] });
      const changes = await history.changes(t(1));
      expect([...changes.keys()]).toEqual(['A']);
    });

    if (backend === 'sqlite') {
      it('a new process continues the run from the stored readings (no duplicate record)', async () => {
        await createHistoryRepo(kv).recordObservations([obs('A', 0)], t(1));
        await kv.close();
        kv = await open();
        const again = createHistoryRepo(kv);
        expect(await again.recordObservations([obs('A', 0)], t(1, 0, 1))).toBe(0);
        expect(await again.recordObservations([obs('A', 1)], t(1, 0, 2))).toBe(1);
      });
    }
  });
}

describe('openings in the history', () => {
  const c = (
    at: Date,
    seats: number | null,
    state: SeatChange['state'] = seats ? 'open' : 'full',
  ): SeatChange => ({
    at: at.toISOString(),
    seats,
    state,
    title: 'x',
  });

  it.each([
    ['full → open is an opening', [c(t(1), 0), c(t(2), 1)], 1],
    ['a course first seen open is not one', [c(t(1), 2)], 0],
    ['more seats while open is not one', [c(t(1), 0), c(t(2), 1), c(t(3), 2)], 1],
    ['closed → open counts', [c(t(1), null, 'closed'), c(t(2), 1)], 1],
    ['open with 0 seats is not open', [c(t(1), 0), c(t(2), 0, 'open')], 0],
    ['two openings', [c(t(1), 0), c(t(2), 1), c(t(3), 0), c(t(4), 1)], 2],
  ])('%s', (_name, changes, expected) => {
    expect(openingsOf(changes)).toHaveLength(expected);
  });

  it('summarises per course: openings in 14 days and the newest one', () => {
    const now = t(30);
    const changes = new Map([['A', [c(t(1), 0), c(t(2), 1), c(t(3), 0), c(t(25), 1), c(t(25, 1), 0)]]]);
    expect(summariseHistory(['A', 'B'], changes, now)).toEqual([
      { courseId: 'A', openings14d: 1, lastOpeningAt: t(25).toISOString() },
      { courseId: 'B', openings14d: 0, lastOpeningAt: null },
    ]);
  });

  it('counts by local hour and weekday in the configured zone', () => {
    // 2026-07-06 is a Monday; 23:30 UTC is 07:30 on Tuesday in Shanghai.
    const { byHour, byWeekday } = openingHistogram([Date.UTC(2026, 6, 6, 23, 30)], 'Asia/Shanghai');
    expect(byHour[7]).toBe(1);
    expect(byWeekday[1]).toBe(1);
    expect(byHour.reduce((a, b) => a + b)).toBe(1);
  });
});
