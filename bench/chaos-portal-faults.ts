/**
 * Portal faults of `npm run chaos`, counted per kind (issue 26): a maintenance page answered with
 * HTTP 200 and with 503, "系统繁忙" with 200, cut connections (the API only, or everything), and a real
 * redesign as the control. Each round keeps one fault on for 1–3 checks in a row (a misread page
 * would then reach the second agreeing cycle that announces a redesign), then one check with the
 * portal working again, where every freed seat must be seen.
 *
 * Expected: a portal down for a while is "unavailable", never "changed" — no "portal changed" alert
 * for any of the down kinds; a redesign is announced only from its second cycle in a row on.
 */
import type { CycleResult } from '../src/app/cycle/cycle.js';
import type { Fault, FaultTarget } from '../src/portal/faults.js';

export interface FaultKind {
  name: string;
  fault: Fault;
  target: FaultTarget | 'all';
  /** Down for a while (must never be read as a redesign); false for the redesign control. */
  down: boolean;
}

export const PORTAL_FAULT_KINDS: readonly FaultKind[] = [
  { name: 'maintenance, HTTP 200', fault: 'maintenance', target: 'all', down: true },
  { name: 'maintenance, HTTP 200, API only', fault: 'maintenance', target: 'api', down: true },
  { name: 'maintenance, HTTP 503', fault: '503', target: 'all', down: true },
  { name: '系统繁忙, HTTP 200', fault: 'busy', target: 'all', down: true },
  { name: 'cut connection, API only', fault: 'cut', target: 'api', down: true },
  { name: 'cut connection, everything', fault: 'cut', target: 'all', down: true },
  { name: 'redesign (control)', fault: 'redesign', target: 'all', down: false },
];

export interface FaultKindFigures {
  kind: string;
  cycles: number;
  falseOpenings: number;
  falseFull: number;
  /** Down kinds: any "portal changed" alert. Redesign: one announced after a single cycle. */
  falseChanged: number;
  /** Freed seats a working check (during the fault or right after it) did not report open. */
  missedOpenings: number;
  crashes: number;
  /** Checks still running HANG_MS after they started (a check's own deadline is 10 s here). */
  hangs: number;
  /** Checks whose outcome was "unavailable" / "portal_changed" / "ok" (the rest: other outcomes). */
  unavailable: number;
  changed: number;
  ok: number;
  /** Redesign only: streaks of two or more cycles, and how many of them were announced. */
  streaks2: number;
  announced: number;
}

export interface PortalFaultWorld {
  setSeats(courseId: string, seats: number): void;
  setFault(target: FaultTarget | 'all', fault: Fault): void;
  /** One check of the engine (runCycle on an open runtime). */
  cycle(): Promise<CycleResult>;
  courses: readonly string[];
  random(): number;
  progress(line: string): void;
}

/** A check running this long despite its 10 s deadline hangs. */
const HANG_MS = 60_000;
const HUNG = new Error('hung');
const hung = () =>
  new Promise<never>((_, reject) => {
    setTimeout(() => reject(HUNG), HANG_MS).unref();
  });

const changedAlerts = (result: CycleResult) =>
  result.effects.filter(
    (e) => e.type === 'alert' && e.alert.kind === 'problem' && e.alert.problem === 'portal_changed',
  ).length;

/**
 * `rounds` rounds (at least two per kind), the kinds in turn, each a streak of 1–3 faulty checks and
 * one working check.
 */
export async function portalFaultKinds(world: PortalFaultWorld, rounds: number): Promise<FaultKindFigures[]> {
  const figures = PORTAL_FAULT_KINDS.map(
    (k): FaultKindFigures => ({
      kind: k.name,
      cycles: 0,
      falseOpenings: 0,
      falseFull: 0,
      falseChanged: 0,
      missedOpenings: 0,
      crashes: 0,
      hangs: 0,
      unavailable: 0,
      changed: 0,
      ok: 0,
      streaks2: 0,
      announced: 0,
    }),
  );
  const pick = <T>(items: readonly T[]) => items[Math.floor(world.random() * items.length)] as T;

  const total = Math.max(rounds, 2 * PORTAL_FAULT_KINDS.length);
  for (let round = 0; round < total; round++) {
    const index = round % PORTAL_FAULT_KINDS.length;
    const kind = PORTAL_FAULT_KINDS[index] as FaultKind;
    const out = figures[index] as FaultKindFigures;
    const truth = new Map(world.courses.map((id) => [id, pick([0, 0, 1, 3])]));
    for (const [id, seats] of truth) world.setSeats(id, seats);
    // 1, 2, 3, 1… checks in a row per kind: every kind gets a streak of two from its second round on.
    const streak = 1 + (Math.floor(round / PORTAL_FAULT_KINDS.length) % 3);
    if (!kind.down && streak >= 2) out.streaks2++;
    let announcedNow = 0;
    for (let i = 0; i <= streak; i++) {
      const faulty = i < streak;
      world.setFault('all', 'none');
      if (faulty) world.setFault(kind.target, kind.fault);
      out.cycles++;
      let result: CycleResult;
      try {
        if (process.env.CHAOS_VERBOSE) world.progress(`${kind.name}: check ${i + 1} of ${streak + 1}`);
        result = await Promise.race([world.cycle(), hung()]);
      } catch (error) {
        if (error === HUNG) {
          out.hangs++;
          world.progress(`${kind.name}: check ${i + 1} still running after ${HANG_MS / 1000} s`);
          continue;
        }
        out.crashes++;
        world.progress(
          `${kind.name}: check threw: ${error instanceof Error ? error.message : String(error)}`,
        );
        continue;
      }
      const outcome = result.accounts[0]?.outcome;
      if (outcome === 'unavailable') out.unavailable++;
      else if (outcome === 'portal_changed') out.changed++;
      else if (outcome === 'ok') out.ok++;
      const alerts = changedAlerts(result);
      if (kind.down) out.falseChanged += alerts;
      else if (faulty) {
        if (alerts > 0 && i === 0) out.falseChanged += alerts;
        announcedNow += alerts;
      }
      for (const o of result.observations) {
        const seats = truth.get(o.courseId);
        if (seats === undefined) continue;
        if (o.state === 'open' && seats === 0) out.falseOpenings++;
        if (o.state === 'full' && seats > 0) out.falseFull++;
      }
      if (outcome === 'ok') {
        for (const [id, seats] of truth) {
          const seen = result.observations.find((o) => o.courseId === id);
          if (seats > 0 && seen?.state !== 'open') out.missedOpenings++;
        }
      }
    }
    if (!kind.down && streak >= 2 && announcedNow > 0) out.announced++;
  }
  world.setFault('all', 'none');
  return figures;
}

/** The table's rows: one per kind, every column named. */
export function portalFaultRows(figures: readonly FaultKindFigures[]): [string, string][] {
  return figures.map((f) => {
    const changed =
      f.kind === 'redesign (control)'
        ? `alerts after one cycle ${f.falseChanged}, announced ${f.announced} of ${f.streaks2} streaks of 2+`
        : `false "changed" alerts ${f.falseChanged}`;
    return [
      `portal fault: ${f.kind}`,
      `${f.cycles} cycles (unavailable ${f.unavailable}, changed ${f.changed}, ok ${f.ok}) · false openings ${f.falseOpenings} · false "full" ${f.falseFull} · ${changed} · missed openings ${f.missedOpenings} · crashes ${f.crashes} · hangs ${f.hangs}`,
    ];
  });
}
