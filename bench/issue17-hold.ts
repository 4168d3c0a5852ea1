import { performance } from 'node:perf_hooks';
import type { Runtime } from '../src/app/runtime/runtime.js';
import type { Flow } from '../src/flow/types.js';

/** Sets a course's free seats on the demo portal (its test switch). */
export async function setSeats(portalUrl: string, courseId: string, seats: number): Promise<void> {
  const res = await fetch(`${portalUrl}/__admin/seats`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ courseId, seats }),
  });
  if (!res.ok) throw new Error(`__admin/seats answered HTTP ${res.status}`);
}

/** Wraps the runtime's flow: the moment observe returned the open course, and the listHolds that proved it. */
export function timeHold(rt: Runtime, courseId: string): { elapsedMs(): number | undefined } {
  const flow = rt.flow;
  let seenAt: number | undefined;
  let holdReturned = false;
  let provenAt: number | undefined;
  const wrapped: Flow = {
    ...flow,
    async observe(ctx, courses) {
      const seen = await flow.observe(ctx, courses);
      if (seenAt === undefined && seen.some((o) => o.courseId === courseId && o.state === 'open')) {
        seenAt = performance.now();
      }
      return seen;
    },
    async hold(ctx, course, child) {
      const held = await flow.hold!(ctx, course, child);
      holdReturned = true;
      return held;
    },
    async listHolds(ctx) {
      const holds = await flow.listHolds!(ctx);
      if (holdReturned && provenAt === undefined && holds.some((h) => h.courseId === courseId)) {
        provenAt = performance.now();
      }
      return holds;
    },
  };
  rt.flow = wrapped;
  return {
    elapsedMs: () => (seenAt !== undefined && provenAt !== undefined ? provenAt - seenAt : undefined),
  };
}
