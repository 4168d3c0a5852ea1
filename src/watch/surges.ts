import { cronMatches, localParts, parseCron, parseLocalDateTime } from '../core/cron-fields.js';

/**
 * Surges (issue 17): windows in which checks run every few seconds instead of on the cron, because
 * seats come back in bursts at known times (unpaid lottery winners cancelled at a payment deadline,
 * a refund window closing). Pure: time and randomness come in as arguments.
 */

/** The config's `schedule.surges[i]`: a date-time range, or a cron and a duration. */
export interface SurgeWindow {
  name?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  cron?: string | undefined;
  durationMinutes?: number | undefined;
  everySeconds: number;
}

/** No surge checks more often than this, whatever the config says (politeness). */
export const SURGE_FLOOR_SECONDS = 10;
/** Each interval is the configured one ± this share, so checks do not line up on round seconds. */
export const SURGE_JITTER_SHARE = 0.2;

export interface ActiveSurge {
  index: number;
  name: string;
  everySeconds: number;
  startedAtMs: number;
  endsAtMs: number;
}

function nameOf(w: SurgeWindow): string {
  return w.name ?? (w.cron ? `${w.cron} for ${w.durationMinutes} min` : `${w.from} – ${w.to}`);
}

/** The window `nowMs` falls in (the one with the shortest interval when several overlap). */
export function activeSurge(
  windows: readonly SurgeWindow[],
  nowMs: number,
  timeZone: string,
): ActiveSurge | undefined {
  let best: ActiveSurge | undefined;
  windows.forEach((w, index) => {
    const span = spanAt(w, nowMs, timeZone);
    if (!span) return;
    const found = { index, name: nameOf(w), everySeconds: w.everySeconds, ...span };
    if (!best || found.everySeconds < best.everySeconds) best = found;
  });
  return best;
}

function spanAt(
  w: SurgeWindow,
  nowMs: number,
  timeZone: string,
): { startedAtMs: number; endsAtMs: number } | undefined {
  if (w.from !== undefined && w.to !== undefined) {
    const from = parseLocalDateTime(w.from, timeZone);
    const to = parseLocalDateTime(w.to, timeZone);
    // Stryker disable next-line ConditionalExpression,LogicalOperator: a comparison with undefined is false, so the line below gives undefined too
    if (from === undefined || to === undefined) return undefined;
    return nowMs >= from && nowMs < to ? { startedAtMs: from, endsAtMs: to } : undefined;
  }
  if (w.cron === undefined || w.durationMinutes === undefined) return undefined;
  const fields = parseCron(w.cron);
  if (typeof fields === 'string') return undefined;
  // The newest minute at which the cron fired within the duration before now (minute resolution).
  const thisMinute = Math.floor(nowMs / 60_000) * 60_000;
  for (let back = 0; back < w.durationMinutes; back++) {
    const at = thisMinute - back * 60_000;
    if (cronMatches(fields, localParts(at, timeZone))) {
      return { startedAtMs: at, endsAtMs: at + w.durationMinutes * 60_000 };
    }
  }
  return undefined;
}

/** The wait before the next surge check: `everySeconds` ± 20 %, never under the 10-second floor. */
export function surgeIntervalMs(everySeconds: number, random: number): number {
  const base = Math.max(SURGE_FLOOR_SECONDS, everySeconds) * 1000;
  const jittered = base * (1 - SURGE_JITTER_SHARE + 2 * SURGE_JITTER_SHARE * random);
  return Math.round(Math.max(SURGE_FLOOR_SECONDS * 1000, jittered));
}

export type SurgePlan =
  | { kind: 'check'; atMs: number; surge: ActiveSurge }
  | { kind: 'idle'; recheckAtMs: number };

/** How often the schedule looks again whether a surge began, outside one. */
export const SURGE_IDLE_RECHECK_MS = 15_000;

/**
 * When the next surge check is due: inside a window, one interval after the last check (at once if
 * that is past), never after the window ends; outside, look again shortly (or when a range starts).
 */
export function planSurge(input: {
  windows: readonly SurgeWindow[];
  timeZone: string;
  nowMs: number;
  lastCheckAtMs: number | undefined;
  random: number;
}): SurgePlan {
  const { windows, timeZone, nowMs } = input;
  const surge = activeSurge(windows, nowMs, timeZone);
  if (surge) {
    const due =
      input.lastCheckAtMs === undefined
        ? nowMs
        : input.lastCheckAtMs + surgeIntervalMs(surge.everySeconds, input.random);
    const atMs = Math.max(nowMs, due);
    if (atMs < surge.endsAtMs) return { kind: 'check', atMs, surge };
  }
  let recheckAtMs = nowMs + SURGE_IDLE_RECHECK_MS;
  for (const w of windows) {
    const from = w.from === undefined ? undefined : parseLocalDateTime(w.from, timeZone);
    // Stryker disable next-line EqualityOperator,ConditionalExpression: a range starting now is in force (handled above); one at the recheck time gives the same time; `undefined > n` is false
    if (from !== undefined && from > nowMs && from < recheckAtMs) recheckAtMs = from;
  }
  // Stryker disable next-line EqualityOperator,ConditionalExpression: a surge in force ends after now; an end at the recheck time gives the same time
  if (surge && surge.endsAtMs > nowMs && surge.endsAtMs < recheckAtMs) recheckAtMs = surge.endsAtMs;
  return { kind: 'idle', recheckAtMs };
}

/** Requests an hour one account makes at `everySeconds` (one request per check). */
export function requestsPerHour(everySeconds: number): number {
  return Math.round(3600 / Math.max(SURGE_FLOOR_SECONDS, everySeconds));
}

export interface SurgeSuggestion {
  /** Local hour the window starts (0–23) and how many hours it spans. */
  startHour: number;
  hours: number;
  openings: number;
  /** Share of all openings seen (0–1). */
  share: number;
  /** A ready-to-paste `schedule.surges` entry. */
  window: { cron: string; durationMinutes: number; everySeconds: number };
}

/**
 * Windows worth a surge, from when openings were seen (openings by local hour of day): hours with
 * at least `minOpenings` and at least twice the average hour, adjacent hours joined, best first,
 * at most `max`. Each starts five minutes before its hour (the burst often begins on the hour).
 */
export function suggestSurges(
  byHour: readonly number[],
  options: { minOpenings?: number; max?: number; everySeconds?: number } = {},
): SurgeSuggestion[] {
  const total = byHour.reduce((a, b) => a + b, 0);
  if (total === 0) return [];
  const minOpenings = options.minOpenings ?? 2;
  const average = total / 24;
  const hot = byHour.map((n) => n >= minOpenings && n >= 2 * average);
  const runs: { startHour: number; hours: number; openings: number }[] = [];
  // Stryker disable next-line EqualityOperator: hour 24 does not exist, so it is never hot
  for (let h = 0; h < 24; h++) {
    if (!hot[h]) continue;
    const last = runs.at(-1);
    if (last && last.startHour + last.hours === h) {
      last.hours += 1;
      last.openings += byHour[h] ?? 0;
    } else runs.push({ startHour: h, hours: 1, openings: byHour[h] ?? 0 });
  }
  const everySeconds = Math.max(SURGE_FLOOR_SECONDS, options.everySeconds ?? 15);
  return runs
    .sort(
      (a, b) =>
        b.openings - a.openings ||
        // Stryker disable next-line ArithmeticOperator: runs are built in hour order and sort is stable, so ties stay in hour order anyway
        a.startHour - b.startHour,
    )
    .slice(0, options.max ?? 3)
    .map((r) => {
      const startMinute = r.startHour * 60 - 5;
      const at = (startMinute + 1440) % 1440;
      return {
        ...r,
        share: r.openings / total,
        window: {
          cron: `${at % 60} ${Math.floor(at / 60)} * * *`,
          durationMinutes: r.hours * 60 + 5,
          everySeconds,
        },
      };
    });
}
