import { cronMatches, localParts, parseCron, parseLocalDateTime } from '../src/core/cron-fields.js';
import { budgetAllowsAt } from '../src/watch/surge-plan.js';
import { planSurge, SURGE_IDLE_RECHECK_MS, type SurgeWindow } from '../src/watch/surges.js';
import { cronChecks, seeded } from './detection-sim.js';
import {
  BUDGET,
  DAY,
  EXTRA_PER_RELEASE,
  JITTER_SECONDS,
  MIN,
  PLAIN_CRON,
  REQUESTS_PER_CHECK,
  type Release,
  TZ,
} from './surge-world.js';

/** Issue 32's simulated week: when the scheduler's own code (cron fields, planSurge, the budget guard) checks. */

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
