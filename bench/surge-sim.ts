import { cronMatches, localParts, parseCron, parseLocalDateTime } from '../src/core/cron-fields.js';
import { enToolsCli } from '../src/i18n/tools-cli-en.js';
import type { CourseHistory, SeatReading } from '../src/watch/seat-returns.js';
import { learnSurges } from '../src/watch/surge-learn.js';
import { budgetAllowsAt, proposeWindows } from '../src/watch/surge-plan.js';
import { planSurge, SURGE_IDLE_RECHECK_MS, type SurgeWindow } from '../src/watch/surges.js';
import { cronChecks, poissonIn, seeded } from './detection-sim.js';

/**
 * Issue 32's simulated week: seats freed with structure (a payment deadline 60 min after each opening
 * wave, a nightly batch at 00:00, Poisson noise) or without (Poisson only), found by the plain
 * schedule, a hand-written 20 s surge, or the windows the learner finds in three weeks of history
 * before it. Check times come from the scheduler's own code (cron fields, planSurge, the budget
 * guard); the learner reads a seat history built from what the plain schedule's checks saw.
 */

export const TZ = 'Asia/Shanghai';
const DAY = 86_400_000;
const MIN = 60_000;
/** Monday 2026-07-06 00:00 in Shanghai: the measured week; the three weeks before it train. */
export const WEEK_START = Date.parse('2026-07-06T00:00:00+08:00');
const TRAIN_START = WEEK_START - 21 * DAY;
const WEEK_END = WEEK_START + 7 * DAY;
/** Watched courses the seats come back to; wave courses are others (a new batch opening). */
const COURSES = 8;

export const PLAIN_CRON = '* * * * *';
export const JITTER_SECONDS = 20;
export const BUDGET = 120;
/** Portal requests per check, and more per freed seat for the check that sees it and the one after. */
export const REQUESTS_PER_CHECK = 1;
export const EXTRA_PER_RELEASE = 2;
/** Structured weeks: releases without a pattern an hour between 07:00 and 23:00 (about a quarter of all). */
export const NOISE_PER_HOUR = 0.25;

export interface Release {
  atMs: number;
  course: number;
  kind: 'deadline' | 'nightly' | 'noise';
}

/** A seeded Poisson count. */
function poissonCount(mean: number, random: () => number): number {
  let k = 0;
  let p = Math.exp(-mean);
  let s = p;
  const u = random();
  while (u > s) {
    k += 1;
    p *= mean / k;
    s += p;
  }
  return k;
}

function activeHours(from: number, to: number): [number, number][] {
  const out: [number, number][] = [];
  for (let d = from; d < to; d += DAY) out.push([d + 7 * 3_600_000, d + 23 * 3_600_000]);
  return out;
}

/** Waves (09:00 on weekdays, some days one more at an odd time) and the releases, for [from, to). */
export function structured(from: number, to: number, seed: number): { waves: number[]; releases: Release[] } {
  const random = seeded(seed);
  const waves: number[] = [];
  const releases: Release[] = [];
  const course = () => Math.floor(random() * COURSES);
  for (let d = from; d < to; d += DAY) {
    const weekday = new Date(d + 8 * 3_600_000).getUTCDay();
    if (weekday !== 0 && weekday !== 6) waves.push(d + 9 * 60 * MIN);
    if (random() < 0.3) waves.push(d + (10 * 60 + Math.floor(random() * 600)) * MIN);
    const nightly = poissonCount(4, random);
    for (let i = 0; i < nightly; i++)
      releases.push({ atMs: d + random() * 60_000, course: course(), kind: 'nightly' });
  }
  for (const w of waves) {
    const n = poissonCount(6, random);
    for (let i = 0; i < n; i++)
      releases.push({ atMs: w + 60 * MIN + random() * 90_000, course: course(), kind: 'deadline' });
  }
  for (const atMs of poissonIn(activeHours(from, to), NOISE_PER_HOUR, random))
    releases.push({ atMs, course: course(), kind: 'noise' });
  return { waves: waves.sort((a, b) => a - b), releases: releases.sort((a, b) => a.atMs - b.atMs) };
}

/** Poisson releases only, 4 an hour between 07:00 and 23:00 (issue 17's week). */
export function unstructured(
  from: number,
  to: number,
  seed: number,
): { waves: number[]; releases: Release[] } {
  const random = seeded(seed);
  return {
    waves: [],
    releases: poissonIn(activeHours(from, to), 4, random).map((atMs) => ({
      atMs,
      course: Math.floor(random() * COURSES),
      kind: 'noise' as const,
    })),
  };
}

const firstAtOrAfter = (sorted: readonly number[], t: number): number | undefined => {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < t) lo = mid + 1;
    else hi = mid;
  }
  return sorted[lo];
};

/**
 * The seat history the checks at `checks` would have written: each watched course full, a freed seat
 * open from the first check after it until the first check after it was taken (2 min later), and the
 * wave courses closed → open at each wave → full 5 min later → closed.
 */
export function historyFrom(
  world: { waves: number[]; releases: Release[] },
  checks: readonly number[],
  from: number,
): CourseHistory[] {
  const reading = (at: number, state: SeatReading['state'], seats: number | null): SeatReading => ({
    at: new Date(at).toISOString(),
    state,
    seats,
  });
  const histories: CourseHistory[] = [];
  for (let c = 0; c < COURSES; c++) {
    const changes: SeatReading[] = [reading(from, 'full', 0)];
    let openUntil = 0;
    for (const r of world.releases.filter((x) => x.course === c)) {
      const seen = firstAtOrAfter(checks, r.atMs);
      const gone = firstAtOrAfter(checks, r.atMs + 2 * MIN);
      if (seen === undefined || gone === undefined || seen >= gone || seen < openUntil) continue;
      changes.push(reading(seen, 'open', 1), reading(gone, 'full', 0));
      openUntil = gone;
    }
    histories.push({ portal: 'demo', courseId: `C${c}`, changes });
  }
  const wave: SeatReading[] = [reading(from, 'closed', null)];
  for (const w of world.waves) {
    const seen = firstAtOrAfter(checks, w);
    const full = firstAtOrAfter(checks, w + 5 * MIN);
    const closed = firstAtOrAfter(checks, w + 40 * MIN);
    if (seen === undefined || full === undefined || closed === undefined) continue;
    wave.push(reading(seen, 'open', 20), reading(full, 'full', 0), reading(closed, 'closed', null));
  }
  histories.push({ portal: 'demo', courseId: 'W', changes: wave });
  return histories;
}

/** What checks cost: one request each, and the check that sees freed seats reads orders and cart (twice over). */
export interface Spent {
  atMs: number;
  requests: number;
}

function spender(releases: readonly Release[]): (atMs: number) => Spent {
  const times = releases.map((r) => r.atMs).sort((a, b) => a - b);
  let i = 0;
  return (atMs) => {
    let found = 0;
    while (i < times.length && times[i]! <= atMs) {
      found++;
      i++;
    }
    return { atMs, requests: REQUESTS_PER_CHECK + 2 * EXTRA_PER_RELEASE * found };
  };
}

/**
 * Checks in [from, to): the cron (standing aside inside a surge) and the surge windows' own, each
 * surge check of a budgeted window only when the trailing hour's requests leave room for it.
 */
export function scheduleChecks(input: {
  windows: readonly SurgeWindow[];
  budgeted: ReadonlySet<SurgeWindow>;
  releases: readonly Release[];
  from: number;
  to: number;
  seed: number;
}): Spent[] {
  const { windows, from, to } = input;
  const spans = spansOf(windows, from, to);
  const inSpan = (t: number) => spans.some((s) => t >= s.from && t < s.to);
  const cron = cronChecks(PLAIN_CRON, JITTER_SECONDS, from, to, TZ, seeded(input.seed)).filter(
    (c) => !inSpan(c),
  );
  const spend = spender(input.releases);
  if (windows.length === 0) return cron.map(spend);
  const random = seeded(input.seed + 1);
  const spent: Spent[] = [];
  let cronIndex = 0;
  let now = from;
  let last: number | undefined;
  while (now < to) {
    if (!inSpan(now)) {
      // Outside every window the scheduler only looks again every 15 s (a range: at its start).
      last = undefined;
      const next = spans.find((s) => s.from > now);
      if (!next) break;
      now = next.range ? next.from : next.from + random() * SURGE_IDLE_RECHECK_MS;
      continue;
    }
    const plan = planSurge({ windows, timeZone: TZ, nowMs: now, lastCheckAtMs: last, random: random() });
    const next = plan.kind === 'check' ? plan.atMs : plan.recheckAtMs;
    while (cronIndex < cron.length && cron[cronIndex]! < Math.min(next, to))
      spent.push(spend(cron[cronIndex++]!));
    if (plan.kind === 'check') {
      const budgeted = input.budgeted.has(windows[plan.surge.index]!);
      const allowed = budgeted ? budgetAllowsAt(spent, plan.atMs, BUDGET, REQUESTS_PER_CHECK) : plan.atMs;
      if (allowed > plan.atMs) {
        now = Math.min(allowed, plan.surge.endsAtMs);
        continue;
      }
      if (plan.atMs < to) spent.push(spend(plan.atMs));
      last = plan.atMs;
      now = plan.atMs + 1;
    } else now = plan.recheckAtMs;
  }
  while (cronIndex < cron.length) spent.push(spend(cron[cronIndex++]!));
  return spent.sort((a, b) => a.atMs - b.atMs);
}

/** Where the windows are in force in [from, to), oldest first (one pass over the minutes). */
function spansOf(windows: readonly SurgeWindow[], from: number, to: number) {
  const spans: { from: number; to: number; range: boolean }[] = [];
  for (const w of windows) {
    if (w.from !== undefined && w.to !== undefined) {
      const a = parseLocalDateTime(w.from, TZ);
      const b = parseLocalDateTime(w.to, TZ);
      if (a !== undefined && b !== undefined) spans.push({ from: a, to: b, range: true });
    }
  }
  const crons = windows.flatMap((w) => {
    const fields = w.cron === undefined ? undefined : parseCron(w.cron);
    return fields && typeof fields !== 'string' ? [{ fields, ms: (w.durationMinutes ?? 0) * MIN }] : [];
  });
  if (crons.length > 0) {
    for (let m = from - DAY; m < to; m += MIN) {
      const parts = localParts(m, TZ);
      for (const c of crons)
        if (cronMatches(c.fields, parts)) spans.push({ from: m, to: m + c.ms, range: false });
    }
  }
  return spans.filter((s) => s.to > from).sort((a, b) => a.from - b.from);
}

export interface SurgeRow {
  releases: 'structured' | 'unstructured';
  schedule: 'plain' | 'hand-written 20 s surge' | 'learned';
  meanDelaySeconds: number;
  p90DelaySeconds: number;
  /** Mean delay of the releases that follow a pattern (deadline, nightly); NaN when none. */
  patternedMeanSeconds: number;
  noiseMeanSeconds: number;
  /** Requests of one account in its busiest clock hour, and on average over the week. */
  busiestHourRequests: number;
  meanRequestsPerHour: number;
  /** What the learner proposed (explanations), for the report. */
  windows: string[];
}

const HAND_WRITTEN: SurgeWindow[] = [
  { name: 'deadline', cron: '55 9 * * *', durationMinutes: 65, everySeconds: 20 },
  { name: 'nightly', cron: '55 23 * * *', durationMinutes: 65, everySeconds: 20 },
];

function figures(releases: readonly Release[], spent: readonly Spent[]) {
  const checks = spent.map((s) => s.atMs).sort((a, b) => a - b);
  const delayOf = (r: Release) => ((firstAtOrAfter(checks, r.atMs) ?? WEEK_END) - r.atMs) / 1000;
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : Number.NaN);
  const all = releases.map(delayOf).sort((a, b) => a - b);
  const hours = new Map<number, number>();
  for (const s of spent) {
    const h = Math.floor(s.atMs / 3_600_000);
    hours.set(h, (hours.get(h) ?? 0) + s.requests);
  }
  return {
    meanDelaySeconds: mean(all),
    p90DelaySeconds: all[Math.max(0, Math.ceil(all.length * 0.9) - 1)] ?? 0,
    patternedMeanSeconds: mean(releases.filter((r) => r.kind !== 'noise').map(delayOf)),
    noiseMeanSeconds: mean(releases.filter((r) => r.kind === 'noise').map(delayOf)),
    busiestHourRequests: Math.max(...hours.values()),
    meanRequestsPerHour: spent.reduce((n, s) => n + s.requests, 0) / (7 * 24),
  };
}

/** Windows the learner proposes at `nowMs` from the history the plain schedule wrote. */
function learnedAt(
  world: { waves: number[]; releases: Release[] },
  checks: readonly number[],
  nowMs: number,
) {
  const histories = historyFrom(world, checks, TRAIN_START);
  const learned = learnSurges({ histories, nowMs, timeZone: TZ });
  return proposeWindows(learned, TZ, {
    cron: PLAIN_CRON,
    maxRequestsPerHour: BUDGET,
    requestsPerCheck: REQUESTS_PER_CHECK,
    extraPerReturn: 2 * EXTRA_PER_RELEASE,
  });
}

/** The three schedules on one kind of releases: train three weeks, measure the fourth. */
export function runWeek(kind: SurgeRow['releases'], seed: number): SurgeRow[] {
  const make = kind === 'structured' ? structured : unstructured;
  const train = make(TRAIN_START, WEEK_START, seed);
  const week = make(WEEK_START, WEEK_END, seed + 1);
  const trainChecks = cronChecks(PLAIN_CRON, JITTER_SECONDS, TRAIN_START, WEEK_START, TZ, seeded(seed + 2));
  const weekPlain = cronChecks(PLAIN_CRON, JITTER_SECONDS, WEEK_START, WEEK_END, TZ, seeded(seed + 3));
  const repeating = learnedAt(train, trainChecks, WEEK_START).windows.filter((w) => w.window.cron);
  // Each opening wave of the week raises its one-off window once the plain schedule has seen it.
  const oneOff = new Map<string, (typeof repeating)[number]>();
  for (const w of week.waves) {
    const seenAt = firstAtOrAfter(weekPlain, w) ?? WEEK_END;
    const sofar = {
      waves: [...train.waves, ...week.waves.filter((x) => x <= w)],
      releases: [...train.releases, ...week.releases.filter((r) => r.atMs < seenAt)],
    };
    for (const p of learnedAt(sofar, [...trainChecks, ...weekPlain], seenAt).windows) {
      if (p.window.from) oneOff.set(p.key, p);
    }
  }
  const learned = [...repeating, ...oneOff.values()];
  const schedules: [SurgeRow['schedule'], SurgeWindow[], Set<SurgeWindow>][] = [
    ['plain', [], new Set()],
    ['hand-written 20 s surge', HAND_WRITTEN, new Set()],
    ['learned', learned.map((l) => l.window), new Set(learned.map((l) => l.window))],
  ];
  return schedules.map(([schedule, windows, budgeted]) => ({
    releases: kind,
    schedule,
    ...figures(
      week.releases,
      scheduleChecks({
        windows,
        budgeted,
        releases: week.releases,
        from: WEEK_START,
        to: WEEK_END,
        seed: seed + 3,
      }),
    ),
    windows:
      schedule === 'learned'
        ? [
            ...repeating.map((l) => `${l.window.name}: ${enToolsCli.surges.pattern(l.pattern)}`),
            `${oneOff.size} one-off window(s) after the week's waves`,
          ]
        : [],
  }));
}
