/** Summary figures of one series of timed runs (milliseconds). */
export interface Summary {
  n: number;
  medianMs: number;
  /** Nearest-rank p90: with 7 runs it is the slowest run. */
  p90Ms: number;
  minMs: number;
  maxMs: number;
  runsMs: number[];
}

export function summarize(runsMs: readonly number[]): Summary {
  if (runsMs.length === 0) throw new Error('summarize: no runs to summarize');
  const sorted = [...runsMs].sort((a, b) => a - b);
  const at = (i: number) => sorted[Math.min(sorted.length - 1, Math.max(0, i))]!;
  const mid = sorted.length / 2;
  const median = sorted.length % 2 === 1 ? at(Math.floor(mid)) : (at(mid - 1) + at(mid)) / 2;
  return {
    n: sorted.length,
    medianMs: median,
    p90Ms: at(Math.ceil(0.9 * sorted.length) - 1),
    minMs: at(0),
    maxMs: at(sorted.length - 1),
    runsMs: [...runsMs],
  };
}

/** How many times slower `slow` is than `fast`, by median. */
export function ratio(slow: Summary, fast: Summary): number {
  return fast.medianMs > 0 ? slow.medianMs / fast.medianMs : Number.POSITIVE_INFINITY;
}
