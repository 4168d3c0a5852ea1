import type { SeatReturn } from './seat-returns.js';

/**
 * The statistics behind learned surge windows (issue 32, src/watch/surge-learn.ts): the densest
 * cluster of returns, the window it spans, how often it came at its chances, and whether it is a
 * pattern and not chance. Pure.
 */

/** How wide a window is drawn around a cluster (minutes). */
export interface WindowOptions {
  leadMinutes: number;
  tailMinutes: number;
}

/** What a cluster needs to count as a pattern (see `LearnOptions`). */
export interface SignificanceOptions {
  minOccurrences: number;
  minShare: number;
  minLift: number;
}

export interface Occurrences {
  occurrences: number;
  chances: number;
  stopped: boolean;
}

export interface Item {
  /** Minutes into the period (or after the wave). */
  pos: number;
  /** Which day, week or wave. */
  occ: number;
  ret: SeatReturn;
}

/** The densest run of items less than `span` apart by `pos` (cyclic when `period` is given). */
export function densest(
  items: readonly Item[],
  span: number,
  period: number | undefined,
): { anchor: Item; members: Item[] } | undefined {
  const sorted = [...items].sort((a, b) => a.pos - b.pos);
  const ring =
    period === undefined ? sorted : [...sorted, ...sorted.map((i) => ({ ...i, pos: i.pos + period }))];
  let best: { anchor: Item; members: Item[]; occs: number } | undefined;
  const occCount = new Map<number, number>();
  let end = 0;
  for (let start = 0; start < sorted.length; start++) {
    const anchor = ring[start]!;
    while (end < ring.length && end < start + sorted.length && ring[end]!.pos - anchor.pos < span) {
      occCount.set(ring[end]!.occ, (occCount.get(ring[end]!.occ) ?? 0) + 1);
      end++;
    }
    const occs = occCount.size;
    const size = end - start;
    if (!best || occs > best.occs || (occs === best.occs && size > best.members.length)) {
      best = { anchor, members: ring.slice(start, end), occs };
    }
    const left = occCount.get(anchor.occ)! - 1;
    if (left === 0) occCount.delete(anchor.occ);
    else occCount.set(anchor.occ, left);
  }
  return best;
}

/** The window a cluster spans: 5th to 95th percentile of its offsets, with the lead and tail. */
export function windowOf(anchor: Item, members: readonly Item[], o: WindowOptions) {
  const offsets = members.map((m) => m.pos - anchor.pos).sort((a, b) => a - b);
  const lo = offsets[Math.floor(0.05 * (offsets.length - 1))]!;
  const hi = offsets[Math.ceil(0.95 * (offsets.length - 1))]!;
  const start = Math.floor(anchor.pos + lo - o.leadMinutes);
  return { start, duration: Math.ceil(anchor.pos + hi + o.tailMinutes - start) };
}

/** Chances (window starts inside the history), how many had a return, and whether it stopped. */
export function instances(
  startMs: number,
  periodMs: number,
  durationMs: number,
  range: { firstMs: number; nowMs: number },
  members: readonly Item[],
  stopAfter: number,
): Occurrences {
  const first = Math.ceil((range.firstMs - startMs) / periodMs);
  const last = Math.floor((range.nowMs - durationMs - startMs) / periodMs);
  const hit = new Set(members.map((m) => Math.floor((m.ret.atMs - startMs) / periodMs)));
  return tally(first, last, (k) => hit.has(k), stopAfter);
}

/** Chances `first`..`last`: how many were hit, and whether the last `stopAfter` in a row were missed. */
export function tally(
  first: number,
  last: number,
  hit: (k: number) => boolean,
  stopAfter: number,
): Occurrences {
  let occurrences = 0;
  let missedInARow = 0;
  for (let k = first; k <= last; k++) {
    if (hit(k)) {
      occurrences++;
      missedInARow = 0;
    } else missedInARow++;
  }
  return { occurrences, chances: Math.max(0, last - first + 1), stopped: missedInARow >= stopAfter };
}

/**
 * Whether a cluster is a pattern and not chance: on enough of the days (weeks, waves), and far
 * denser than the hour around it, so dense that an even rate would put that many returns in one of
 * the period's `slots` spans less than once in a hundred histories.
 */
export function significant(
  stats: { occurrences: number; chances: number },
  returns: number,
  background: number,
  slots: number,
  o: SignificanceOptions,
): boolean {
  return (
    stats.occurrences >= o.minOccurrences &&
    stats.occurrences >= o.minShare * stats.chances &&
    returns >= o.minLift * background &&
    poissonTail(returns, background) * slots < SIGNIFICANCE
  );
}

/** Chance level for a pattern over all the spans of a period (a Bonferroni bound). */
export const SIGNIFICANCE = 0.001;
/** Minutes either side of a cluster that give the rate around it. */
export const NEIGHBOURHOOD_MINUTES = 60;

/** P(X ≥ k) for X ~ Poisson(λ). */
export function poissonTail(k: number, lambda: number): number {
  // Stryker disable next-line EqualityOperator: at lambda 0 the sum below gives the same 1 or 0
  if (lambda <= 0) return k <= 0 ? 1 : 0;
  let term = Math.exp(-lambda);
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += term;
    term *= lambda / (i + 1);
  }
  return Math.max(0, 1 - below);
}

/** Returns the neighbourhood of a cluster (not in it) would put in one span, at their own rate. */
export function backgroundOf(
  items: readonly Item[],
  members: readonly Item[],
  anchor: Item,
  span: number,
  period: number | undefined,
): number {
  const inCluster = new Set(members);
  let around = 0;
  for (const i of items) {
    if (inCluster.has(i)) continue;
    let d = i.pos - anchor.pos;
    if (period !== undefined) d = (((d % period) + period + period / 2) % period) - period / 2;
    if (d > -NEIGHBOURHOOD_MINUTES && d < span + NEIGHBOURHOOD_MINUTES) around++;
  }
  return (around * span) / (2 * NEIGHBOURHOOD_MINUTES);
}

export function perCourse(members: readonly Item[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of members) out[m.ret.courseId] = (out[m.ret.courseId] ?? 0) + 1;
  return out;
}
