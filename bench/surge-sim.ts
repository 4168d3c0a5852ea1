import { enToolsCli } from '../src/i18n/tools-cli-en.js';
import { learnSurges } from '../src/watch/surge-learn.js';
import { proposeWindows } from '../src/watch/surge-plan.js';
import type { SurgeWindow } from '../src/watch/surges.js';
import { cronChecks, seeded } from './detection-sim.js';
import { type Spent, scheduleChecks } from './surge-schedule.js';
import {
  BUDGET,
  EXTRA_PER_RELEASE,
  firstAtOrAfter,
  historyFrom,
  JITTER_SECONDS,
  PLAIN_CRON,
  REQUESTS_PER_CHECK,
  type Release,
  structured,
  TRAIN_START,
  TZ,
  unstructured,
  WEEK_END,
  WEEK_START,
} from './surge-world.js';

/**
 * Issue 32's simulated week: seats freed with structure (a payment deadline 60 min after each opening
 * wave, a nightly batch at 00:00, Poisson noise) or without (Poisson only), found by the plain
 * schedule, a hand-written 20 s surge, or the windows the learner finds in three weeks of history
 * before it. Check times come from the scheduler's own code (cron fields, planSurge, the budget
 * guard); the learner reads a seat history built from what the plain schedule's checks saw.
 */

export { BUDGET, PLAIN_CRON };

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
