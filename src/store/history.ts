import { z } from 'zod';
import type { Observation } from '../core/types.js';
import { NS } from './namespaces.js';
import type { KvStore } from './types.js';

/**
 * Seat history, kept small on purpose: a record only when a course's seats, state or title change
 * (run-length, not a row per check), grouped in one record per course and month; and per account
 * and UTC day, how many checks ran and failed in each hour. A year of one-minute checks of 20
 * courses with an opening a day is then a few hundred records (see `npm run bench:status`).
 */

export const seatChangeSchema = z.object({
  /** ISO-8601 instant of the first check that saw this reading. */
  at: z.string(),
  seats: z.number().nullable(),
  state: z.enum(['open', 'full', 'closed', 'not_found']),
  title: z.string(),
});
/** A course's reading from `at` until the next change. */
export type SeatChange = z.infer<typeof seatChangeSchema>;

export const seatMonthSchema = z.object({
  courseId: z.string(),
  /** YYYY-MM (UTC). */
  month: z.string().regex(/^\d{4}-\d{2}$/),
  /** Oldest first. */
  changes: z.array(seatChangeSchema),
});
type MonthRecord = z.infer<typeof seatMonthSchema>;

const HOURS = 24;
const counts = z.array(z.number().int().min(0)).length(HOURS);
export const checkDaySchema = z.object({
  accountId: z.string(),
  /** YYYY-MM-DD (UTC); index i of the arrays is the UTC hour i. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  checks: counts,
  failures: counts,
});
/** Checks of one account on one UTC day, per hour. */
export type CheckDay = z.infer<typeof checkDaySchema>;

export interface HistoryRepo {
  /** Appends a change for each course whose reading differs from its last one; returns how many. */
  recordObservations(observations: Observation[], at: Date): Promise<number>;
  /** Counts checks (and failed ones) of an account in the UTC hour of `at`. */
  recordChecks(accountId: string, at: Date, tally: { checks: number; failures: number }): Promise<void>;
  /**
   * Changes per course from `since` on, oldest first, preceded by the last change before `since`
   * (the reading at the start of the window) when there is one.
   */
  changes(since: Date, courseIds?: readonly string[]): Promise<Map<string, SeatChange[]>>;
  /** Check tallies of the days that overlap [since, now]; oldest first. */
  checkDays(since: Date): Promise<CheckDay[]>;
  /** Drops changes and tallies older than `before`, but keeps each course's newest change. */
  prune(before: Date): Promise<{ changes: number; days: number }>;
}

const monthOf = (iso: string) => iso.slice(0, 7);
const dayOf = (iso: string) => iso.slice(0, 10);
const sameReading = (a: SeatChange, o: Observation) =>
  a.seats === o.seats && a.state === o.state && a.title === o.title;

export function createHistoryRepo(kv: KvStore): HistoryRepo {
  // The newest change per course. This process owns the store (the process lock), so a copy kept
  // here stays true; it is read once, on first use.
  let heads: Promise<Map<string, SeatChange>> | undefined;
  /** Today's check tallies as this repo wrote them, per `<account>/<day>`. */
  const tallies = new Map<string, CheckDay>();
  const monthKey = (courseId: string, month: string) => `${courseId}/${month}`;

  async function allMonths(): Promise<MonthRecord[]> {
    return (await kv.list(NS.seatHistory, seatMonthSchema)).map((r) => r.value);
  }
  function loadHeads(): Promise<Map<string, SeatChange>> {
    heads ??= allMonths().then((months) => {
      const map = new Map<string, SeatChange>();
      for (const m of months.sort((a, b) => a.month.localeCompare(b.month))) {
        const last = m.changes.at(-1);
        if (last) map.set(m.courseId, last);
      }
      return map;
    });
    return heads;
  }

  return {
    async recordObservations(observations, at) {
      const known = await loadHeads();
      const iso = at.toISOString();
      let written = 0;
      for (const o of observations) {
        const head = known.get(o.courseId);
        if (head && sameReading(head, o)) continue;
        const change: SeatChange = { at: iso, seats: o.seats, state: o.state, title: o.title };
        const key = monthKey(o.courseId, monthOf(iso));
        const month = (await kv.get(NS.seatHistory, key, seatMonthSchema)) ?? {
          courseId: o.courseId,
          month: monthOf(iso),
          changes: [],
        };
        month.changes.push(change);
        await kv.set(NS.seatHistory, key, month);
        known.set(o.courseId, change);
        written++;
      }
      return written;
    },

    async recordChecks(accountId, at, tally) {
      const day = dayOf(at.toISOString());
      const key = `${accountId}/${day}`;
      // Only the engine (which holds the process lock) counts checks: the day it wrote last is read
      // from the store once, then from here.
      const record = structuredClone(
        tallies.get(key) ??
          (await kv.get(NS.checkHours, key, checkDaySchema)) ?? {
            accountId,
            day,
            checks: new Array<number>(HOURS).fill(0),
            failures: new Array<number>(HOURS).fill(0),
          },
      );
      const hour = at.getUTCHours();
      record.checks[hour] = (record.checks[hour] ?? 0) + tally.checks;
      record.failures[hour] = (record.failures[hour] ?? 0) + tally.failures;
      tallies.delete(key);
      await kv.set(NS.checkHours, key, record);
      for (const k of tallies.keys()) if (!k.endsWith(`/${day}`)) tallies.delete(k);
      tallies.set(key, record);
    },

    async changes(since, courseIds) {
      const wanted = courseIds ? new Set(courseIds) : undefined;
      const sinceMs = since.getTime();
      const byCourse = new Map<string, SeatChange[]>();
      const months = (await allMonths())
        .filter((m) => !wanted || wanted.has(m.courseId))
        .sort((a, b) => a.month.localeCompare(b.month));
      for (const m of months) {
        const list = byCourse.get(m.courseId) ?? [];
        list.push(...m.changes);
        byCourse.set(m.courseId, list);
      }
      for (const [courseId, list] of byCourse) {
        const first = list.findIndex((c) => Date.parse(c.at) >= sinceMs);
        const start = first === -1 ? list.length - 1 : Math.max(0, first - 1);
        byCourse.set(courseId, list.slice(start));
      }
      return byCourse;
    },

    async checkDays(since) {
      const from = dayOf(since.toISOString());
      return (await kv.list(NS.checkHours, checkDaySchema))
        .map((r) => r.value)
        .filter((d) => d.day >= from)
        .sort((a, b) => a.day.localeCompare(b.day) || a.accountId.localeCompare(b.accountId));
    },

    async prune(before) {
      const cutoff = before.getTime();
      const newest = await loadHeads();
      let changes = 0;
      for (const m of await allMonths()) {
        const head = newest.get(m.courseId);
        const kept = m.changes.filter((c) => Date.parse(c.at) >= cutoff || sameAs(c, head));
        if (kept.length === m.changes.length) continue;
        changes += m.changes.length - kept.length;
        const key = monthKey(m.courseId, m.month);
        if (kept.length === 0) await kv.delete(NS.seatHistory, key);
        else await kv.set(NS.seatHistory, key, { ...m, changes: kept });
      }
      let days = 0;
      const lastDay = dayOf(before.toISOString());
      for (const { key, value } of await kv.list(NS.checkHours, checkDaySchema)) {
        if (value.day < lastDay && (await kv.delete(NS.checkHours, key))) days++;
      }
      return { changes, days };
    },
  };
}

function sameAs(a: SeatChange, b: SeatChange | undefined): boolean {
  return (
    b !== undefined && a.at === b.at && a.seats === b.seats && a.state === b.state && a.title === b.title
  );
}
