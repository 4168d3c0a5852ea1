/**
 * The engine's checks under portal faults (`npm run chaos`, in-process runCycle against the demo
 * portal): session expiries, randomized faults, and faults counted per kind
 * (bench/chaos-portal-faults.ts).
 */
import { setTimeout as wait } from 'node:timers/promises';
import { runCycle } from '../src/app/cycle/cycle.js';
import type { Fault, FaultTarget } from '../src/portal/faults.js';
import { type FaultKindFigures, portalFaultKinds } from './chaos-portal-faults.js';
import { type ChaosWorld, COURSES, choices } from './chaos-world.js';

export interface ExpiryFigures {
  rounds: number;
  detected: number;
  missed: number;
  misread: number;
}

/** `n` checks right after the portal expired every session (random seats, sometimes slow). */
export async function expiries(world: ChaosWorld, n: number, random: () => number): Promise<ExpiryFigures> {
  const { pick } = choices(random);
  const { portal } = world;
  const out = { rounds: 0, detected: 0, missed: 0, misread: 0 };
  const file = world.writeConfig();
  await world.login(file);
  const rt = await world.openRuntime(file);
  try {
    for (let i = 0; i < n; i++) {
      for (const id of COURSES) portal.admin.setSeats(id, pick([0, 0, 1, 2]));
      portal.admin.setFault('all', pick(['none', 'none', 'slow'] as const), { delayMs: 300 });
      portal.admin.expireSessions();
      const result = await runCycle(rt);
      out.rounds++;
      const outcome = result.accounts[0]?.outcome;
      if (outcome === 'session_expired') out.detected++;
      else out.missed++;
      // Anything observed through an expired session is a misreading (it would be taken as the truth).
      if (result.observations.length > 0) out.misread++;
      portal.admin.setFault('all', 'none');
      await world.login(file);
    }
  } finally {
    await rt.close();
  }
  return out;
}

const FAULT_MIX: readonly { fault: Fault; target: FaultTarget | 'all' }[] = [
  { fault: 'none', target: 'all' },
  { fault: 'none', target: 'all' },
  { fault: 'none', target: 'all' },
  { fault: 'slow', target: 'api' },
  { fault: '500', target: 'api' },
  { fault: '500', target: 'all' },
  { fault: '429', target: 'api' },
  { fault: 'redesign', target: 'api' },
  { fault: 'redesign', target: 'all' },
  { fault: 'hang', target: 'api' },
  { fault: 'hang', target: 'all' },
  // Down for a while (maintenance 200/503, busy, cut): counted per kind in bench/chaos-portal-faults.ts.
];

export interface FaultCycleFigures {
  cycles: number;
  falseOpenings: number;
  missedOpenings: number;
  falseFull: number;
  crashes: number;
  failedChecks: number;
}

/** `n` checks, each under one fault drawn from FAULT_MIX, with random seats as the truth. */
export async function faultCycles(
  world: ChaosWorld,
  n: number,
  random: () => number,
  progress: (line: string) => void,
): Promise<FaultCycleFigures> {
  const { pick } = choices(random);
  const { portal } = world;
  const out = { cycles: 0, falseOpenings: 0, missedOpenings: 0, falseFull: 0, crashes: 0, failedChecks: 0 };
  const file = world.writeConfig({ cycleTimeoutSeconds: 10 });
  await world.login(file);
  const rt = await world.openRuntime(file);
  try {
    for (let i = 0; i < n; i++) {
      const truth = new Map(COURSES.map((id) => [id, pick([0, 0, 1, 3])]));
      for (const [id, seats] of truth) portal.admin.setSeats(id, seats);
      const { fault, target } = pick(FAULT_MIX);
      portal.admin.setFault(target, fault, { retryAfterSeconds: 1, delayMs: 400 });
      out.cycles++;
      try {
        const result = await runCycle(rt);
        const outcome = result.accounts[0]?.outcome;
        if (outcome !== 'ok') out.failedChecks++;
        for (const o of result.observations) {
          const seats = truth.get(o.courseId as (typeof COURSES)[number]);
          if (seats === undefined) continue;
          if (o.state === 'open' && seats === 0) out.falseOpenings++;
          if (o.state === 'full' && seats > 0) out.falseFull++;
        }
        // A check that worked and did not see a seat that was there missed an opening.
        if (outcome === 'ok') {
          for (const [id, seats] of truth) {
            const seen = result.observations.find((o) => o.courseId === id);
            if (seats > 0 && seen?.state !== 'open') out.missedOpenings++;
          }
        }
        if (result.rateLimitedMs !== undefined) await wait(Math.min(result.rateLimitedMs, 2_500) + 50);
      } catch (error) {
        out.crashes++;
        progress(`cycle ${i} threw: ${error instanceof Error ? error.message : String(error)}`);
      }
      portal.admin.setFault('all', 'none');
    }
  } finally {
    await rt.close();
  }
  return out;
}

/** Portal faults counted per kind (maintenance 200/503, busy, cut, redesign): `n` rounds in all. */
export async function faultKinds(
  world: ChaosWorld,
  n: number,
  random: () => number,
  progress: (line: string) => void,
): Promise<FaultKindFigures[]> {
  const { portal } = world;
  const file = world.writeConfig({ cycleTimeoutSeconds: 10 });
  await world.login(file);
  const rt = await world.openRuntime(file);
  try {
    return await portalFaultKinds(
      {
        setSeats: (id, seats) => portal.admin.setSeats(id, seats),
        setFault: (target, fault) => portal.admin.setFault(target, fault, { retryAfterSeconds: 1 }),
        cycle: () => runCycle(rt),
        courses: COURSES,
        random,
        progress,
      },
      n,
    );
  } finally {
    await rt.close();
  }
}
