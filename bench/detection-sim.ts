import { cronMatches, localParts, parseCron } from '../src/core/cron-fields.js';
import { activeSurge, planSurge, type SurgeWindow } from '../src/watch/surges.js';

/**
 * Simulated detection delay: seats freed at random moments (a Poisson process) over a simulated week,
 * each detected by the first check after it. The check times come from the same code the scheduler
 * uses (cron fields, jitter; surge plans), so the figures are the schedule's, not a formula's.
 */

/** A seeded generator (mulberry32): the same figures on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Check instants (ms) in [startMs, endMs): each cron minute plus a uniform jitter of 0–jitterSeconds. */
export function cronChecks(
  cron: string,
  jitterSeconds: number,
  startMs: number,
  endMs: number,
  timeZone: string,
  random: () => number,
): number[] {
  const fields = parseCron(cron);
  if (typeof fields === 'string') throw new Error(fields);
  const out: number[] = [];
  for (let m = startMs; m < endMs; m += 60_000) {
    if (cronMatches(fields, localParts(m, timeZone))) out.push(m + random() * jitterSeconds * 1000);
  }
  return out;
}

/** Check instants inside surge windows, following planSurge() from one check to the next. */
export function surgeChecks(
  windows: SurgeWindow[],
  startMs: number,
  endMs: number,
  timeZone: string,
  random: () => number,
): number[] {
  const out: number[] = [];
  let now = startMs;
  let last: number | undefined;
  while (now < endMs) {
    const plan = planSurge({ windows, timeZone, nowMs: now, lastCheckAtMs: last, random: random() });
    if (plan.kind === 'check') {
      out.push(plan.atMs);
      last = plan.atMs;
      now = plan.atMs + 1;
    } else {
      now = plan.recheckAtMs;
      // A new window starts a fresh series (the scheduler's last check was before it).
      if (last !== undefined && activeSurge(windows, now, timeZone) === undefined) last = undefined;
    }
  }
  return out;
}

/** Poisson arrivals at `perHour` inside the intervals `[from, to)` (only when they are "in season"). */
export function poissonIn(intervals: [number, number][], perHour: number, random: () => number): number[] {
  const out: number[] = [];
  for (const [from, to] of intervals) {
    let t = from;
    for (;;) {
      t += (-Math.log(1 - random()) / perHour) * 3_600_000;
      if (t >= to) break;
      out.push(t);
    }
  }
  return out;
}

export interface DelayFigures {
  releases: number;
  meanDelaySeconds: number;
  p90DelaySeconds: number;
  checksPerHour: number;
}

/**
 * Each release is seen by the first check at or after it; checks per hour over `hours`, counting only
 * the checks inside `countIn` when given (a surge's rate, while the regular schedule also runs).
 */
export function delays(
  releases: number[],
  checks: number[],
  hours: number,
  countIn?: [number, number][],
): DelayFigures {
  const sorted = [...checks].sort((a, b) => a - b);
  const found: number[] = [];
  let i = 0;
  for (const r of [...releases].sort((a, b) => a - b)) {
    while (i < sorted.length && sorted[i]! < r) i += 1;
    if (i < sorted.length) found.push((sorted[i]! - r) / 1000);
  }
  found.sort((a, b) => a - b);
  const mean = found.reduce((a, b) => a + b, 0) / Math.max(1, found.length);
  return {
    releases: found.length,
    meanDelaySeconds: mean,
    p90DelaySeconds: found[Math.max(0, Math.ceil(found.length * 0.9) - 1)] ?? 0,
    checksPerHour:
      (countIn ? checks.filter((c) => countIn.some(([from, to]) => c >= from && c < to)) : checks).length /
      hours,
  };
}
