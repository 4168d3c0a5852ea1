import { type CronFields, localParts, parseCron } from '../core/cron-fields.js';
import type { Learned, OneOffWindow, ReturnPattern } from './surge-learn.js';
import { SURGE_FLOOR_SECONDS, type SurgeWindow } from './surges.js';

/**
 * Learned patterns → surge windows the scheduler can run (issue 32), within the parent's request
 * budget (`schedule.maxRequestsPerHour`), each with the facts that say why (the catalogue words them:
 * `cli.tools.surges` in src/i18n/tools-cli*.ts). Pure.
 */

export interface BudgetOptions {
  /** The regular schedule (its checks in the hour count against the budget). */
  cron: string;
  maxRequestsPerHour: number;
  /** Portal requests one check sends (the runs say; 1 for an API flow). */
  requestsPerCheck?: number;
  /** More requests per seat that comes back (the check that sees it and the one after read orders and cart). */
  extraPerReturn?: number;
}

export interface LearnedWindow {
  /** Stable id: `daily@600`, `weekly@1200`, `after-wave@58`, `wave@<ISO>+58`. */
  key: string;
  window: SurgeWindow;
  /** Requests an hour this window may cost at most (its checks, the cron beside it, the returns). */
  requestsPerHour: number;
  /** Why: the pattern it comes from. */
  pattern: ReturnPattern;
  /** A one-off window: the local `YYYY-MM-DD HH:MM` of the opening wave that raised it. */
  waveAt?: string;
}

/** Why a pattern is not used, as data. */
export type DropReason =
  /** No seat came back at its last chances (waves, for after-wave); `lastAt` local `YYYY-MM-DD HH:MM`. */
  | { code: 'stopped'; lastAt: string }
  /** Its checks do not fit the budget beside the cron. */
  | { code: 'no_room'; maxRequestsPerHour: number };

export interface Proposal {
  /** Windows to run: repeating ones (cron) and one-off ones (from/to) raised by a wave just seen. */
  windows: LearnedWindow[];
  /** Patterns given up, with why: stopped happening, or no budget left for them. */
  dropped: { pattern: ReturnPattern; reason: DropReason }[];
}

const DEFAULT_REQUESTS_PER_CHECK = 1;
const DEFAULT_EXTRA_PER_RETURN = 4;

/** Cron checks in each local minute of the day, ignoring its day fields. */
function cronMinutes(fields: CronFields): number[] {
  return Array.from({ length: 1440 }, (_, m) =>
    fields.hour.has(Math.floor(m / 60)) && fields.minute.has(m % 60) ? fields.second.size : 0,
  );
}

/**
 * The slowest interval (seconds, at least the 10 s floor) that keeps the hour around a window of
 * `duration` minutes starting at local minute `start` within the budget; undefined when even the
 * regular schedule's interval does not fit (the window would not be faster than the cron).
 */
export function budgetedEverySeconds(
  start: number,
  duration: number,
  expectedReturns: number,
  minutes: readonly number[],
  o: Required<BudgetOptions>,
): { everySeconds: number; requestsPerHour: number } | undefined {
  // The busiest clock hour the window touches: cron checks outside the window + the window's own.
  let worst = 0;
  let fastest = SURGE_FLOOR_SECONDS;
  for (let h = Math.floor(start / 60); h * 60 < start + duration; h++) {
    const inside = Math.min(start + duration, (h + 1) * 60) - Math.max(start, h * 60);
    let cronOutside = 0;
    for (let m = h * 60; m < (h + 1) * 60; m++) {
      const inWindow = m >= start && m < start + duration;
      if (!inWindow) cronOutside += minutes[m % 1440] ?? 0;
    }
    const spare =
      o.maxRequestsPerHour - cronOutside * o.requestsPerCheck - expectedReturns * o.extraPerReturn;
    const checks = Math.floor(spare / o.requestsPerCheck);
    // Stryker disable next-line EqualityOperator: no check left gives an infinite interval, refused below
    if (checks <= 0) return undefined;
    fastest = Math.max(fastest, Math.ceil((inside * 60) / checks));
    worst = Math.max(worst, cronOutside);
  }
  // A window only helps when it checks more often than the cron did (once a minute at best).
  if (fastest >= 60) return undefined;
  const checks = Math.ceil((Math.min(duration, 60) * 60) / fastest);
  return {
    everySeconds: fastest,
    requestsPerHour: (worst + checks) * o.requestsPerCheck + expectedReturns * o.extraPerReturn,
  };
}

const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60) % 24).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
function cronOf(p: ReturnPattern): string {
  const start = p.startMinute % 1440;
  const weekday = p.kind === 'weekly' ? String(Math.floor(p.startMinute / 1440)) : '*';
  return `${start % 60} ${Math.floor(start / 60)} * * ${weekday}`;
}

/** Local `YYYY-MM-DD HH:MM` of an instant (the form `schedule.surges[].from` takes). */
export function localDateTime(ms: number, timeZone: string): string {
  const p = localParts(ms, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${p.year}-${two(p.month)}-${two(p.day)} ${two(p.hour)}:${two(p.minute)}`;
}

/** Surge windows for what was learned, slowest first to fit the budget; stopped patterns dropped. */
export function proposeWindows(learned: Learned, timeZone: string, options: BudgetOptions): Proposal {
  const o: Required<BudgetOptions> = {
    requestsPerCheck: DEFAULT_REQUESTS_PER_CHECK,
    extraPerReturn: DEFAULT_EXTRA_PER_RETURN,
    ...options,
  };
  const fields = parseCron(o.cron, { seconds: true });
  // Stryker disable next-line ArrayDeclaration: an empty array reads as 0 checks a minute too
  const minutes = typeof fields === 'string' ? new Array<number>(1440).fill(0) : cronMinutes(fields);
  const windows: LearnedWindow[] = [];
  const dropped: Proposal['dropped'] = [];
  const noRoom: DropReason = { code: 'no_room', maxRequestsPerHour: o.maxRequestsPerHour };
  // Returns one occurrence brings, with room for a busy one (mean + 2 standard deviations, Poisson).
  const perOccurrence = (p: ReturnPattern) => {
    const mean = p.returns / Math.max(1, p.occurrences);
    return Math.ceil(mean + 2 * Math.sqrt(mean));
  };
  for (const p of learned.patterns) {
    if (p.stopped) {
      dropped.push({ pattern: p, reason: { code: 'stopped', lastAt: localDateTime(p.lastAtMs, timeZone) } });
      continue;
    }
    if (p.kind === 'after-wave') continue;
    const fit = budgetedEverySeconds(p.startMinute % 1440, p.durationMinutes, perOccurrence(p), minutes, o);
    if (!fit) {
      dropped.push({ pattern: p, reason: noRoom });
      continue;
    }
    windows.push({
      key: `${p.kind}@${p.startMinute}`,
      window: {
        name: `learned ${p.kind} ${cronOf(p)}`,
        cron: cronOf(p),
        durationMinutes: p.durationMinutes,
        everySeconds: fit.everySeconds,
      },
      requestsPerHour: fit.requestsPerHour,
      pattern: p,
    });
  }
  for (const w of learned.oneOff) {
    const fit = oneOffFit(w, minutes, timeZone, perOccurrence(w.pattern), o);
    const key = `wave@${new Date(w.waveAtMs).toISOString()}+${w.pattern.startMinute}`;
    if (!fit) {
      dropped.push({ pattern: w.pattern, reason: noRoom });
      continue;
    }
    windows.push({
      key,
      window: {
        name: `after the ${localDateTime(w.waveAtMs, timeZone).slice(11)} wave`,
        from: localDateTime(w.fromMs, timeZone),
        to: localDateTime(w.toMs + 59_999, timeZone),
        everySeconds: fit.everySeconds,
      },
      requestsPerHour: fit.requestsPerHour,
      pattern: w.pattern,
      waveAt: localDateTime(w.waveAtMs, timeZone),
    });
  }
  return { windows, dropped };
}

function oneOffFit(
  w: OneOffWindow,
  minutes: readonly number[],
  timeZone: string,
  expectedReturns: number,
  o: Required<BudgetOptions>,
) {
  const p = localParts(w.fromMs, timeZone);
  const duration = Math.ceil((w.toMs - w.fromMs) / 60_000);
  return budgetedEverySeconds(p.hour * 60 + p.minute, duration, expectedReturns, minutes, o);
}

/**
 * The local times of day seats usually come back ("10:00", "00:00"), busiest first: the daily
 * patterns still happening, rounded to the quarter hour they start in (after their lead).
 */
export function usualTimes(learned: Learned, leadMinutes = 2): string[] {
  const out: string[] = [];
  for (const p of [...learned.patterns].sort((a, b) => b.returns - a.returns)) {
    if (p.stopped || p.kind !== 'daily') continue;
    const at = hhmm(Math.round(((p.startMinute + leadMinutes) % 1440) / 15) * 15);
    if (!out.includes(at)) out.push(at);
  }
  return out;
}

/** The delays after an opening wave that still hold, in minutes ("60"). */
export function usualLags(learned: Learned, leadMinutes = 2): number[] {
  return learned.patterns
    .filter((p) => p.kind === 'after-wave' && !p.stopped)
    .map((p) => Math.round((p.startMinute + leadMinutes) / 5) * 5);
}

/** One check the schedule ran and the portal requests it sent. */
export interface SpentCheck {
  atMs: number;
  requests: number;
}

/**
 * The budget's own guard for learned windows: the earliest instant from `nowMs` at which one more
 * check (`cost` requests) keeps the trailing hour within `maxRequestsPerHour` — now, or when enough
 * of the oldest checks of the hour have aged out. `recent` is oldest first.
 */
export function budgetAllowsAt(
  recent: readonly SpentCheck[],
  nowMs: number,
  maxRequestsPerHour: number,
  cost: number,
): number {
  const hour = recent.filter((c) => c.atMs > nowMs - 3_600_000 && c.atMs <= nowMs);
  let spent = hour.reduce((n, c) => n + c.requests, 0);
  if (spent + cost <= maxRequestsPerHour) return nowMs;
  for (const c of hour) {
    spent -= c.requests;
    if (spent + cost <= maxRequestsPerHour) return c.atMs + 3_600_000;
  }
  return nowMs + 3_600_000;
}
