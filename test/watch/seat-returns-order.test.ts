import { describe, expect, it } from 'vitest';
import type { SeatState } from '../../src/core/types.js';
import { openingWaves, seatReturns, WAVE_GAP_MS } from '../../src/watch/seat-returns.js';

/** seat-returns.ts beyond the ordered cases: readings in any order, 0 seats on a closed course. */
const T = Date.parse('2026-07-06T00:00:00Z');
const at = (min: number, state: SeatState, seats: number | null) => ({
  at: new Date(T + min * 60_000).toISOString(),
  state,
  seats,
});

describe('a return needs a course that was taken', () => {
  it('0 seats on a closed or unlisted course is not "taken": seats after it are an opening, not a return', () => {
    const changes = [at(0, 'closed', 0), at(1, 'open', 2), at(2, 'not_found', 0), at(3, 'open', 1)];
    expect(seatReturns([{ portal: 'p', courseId: 'A', changes }])).toEqual([]);
    expect(openingWaves([{ portal: 'p', courseId: 'A', changes }])).toEqual([
      { atMs: T + 60_000, portal: 'p', courses: 2 },
    ]);
  });
});

describe('opening waves from courses in any order', () => {
  it('the openings of a portal are chained by time, not by the order of the courses', () => {
    const gap = WAVE_GAP_MS / 60_000;
    const course = (id: string, min: number) => ({
      portal: 'p',
      courseId: id,
      changes: [at(0, 'closed', null), at(min, 'open', 1)],
    });
    const waves = openingWaves([course('late', 40 + gap), course('B', 35), course('A', 30), course('C', 40)]);
    expect(waves.map((w) => [(w.atMs - T) / 60_000, w.courses])).toEqual([
      [30, 3],
      [40 + gap, 1],
    ]);
  });
});
