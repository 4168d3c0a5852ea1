import { describe, expect, it } from 'vitest';
import type { SeatState } from '../../src/core/types.js';
import { openingWaves, seatReturns, WAVE_GAP_MS } from '../../src/watch/seat-returns.js';

/** Reading returns and waves from the history (src/watch/seat-returns.ts), state by state. */
const T = Date.parse('2026-07-06T00:00:00Z');
const at = (min: number, state: SeatState, seats: number | null) => ({
  at: new Date(T + min * 60_000).toISOString(),
  state,
  seats,
});

describe('seatReturns', () => {
  it('a return is taken (full, or open with 0) followed by seats (open with more than 0, or unknown)', () => {
    const changes = [
      at(0, 'full', 0),
      at(1, 'open', 2),
      at(2, 'open', 0),
      at(3, 'open', null),
      at(4, 'open', 1),
      at(5, 'full', 0),
      at(6, 'open', 0),
      at(7, 'closed', null),
      at(8, 'open', 3),
      at(9, 'full', null),
      at(10, 'not_found', null),
      at(11, 'open', 1),
    ];
    expect(seatReturns([{ portal: 'p', courseId: 'A', changes }]).map((r) => (r.atMs - T) / 60_000)).toEqual([
      1, 3,
    ]);
  });

  it('sorted by time across courses, each with its portal and course', () => {
    const returns = seatReturns([
      { portal: 'p', courseId: 'A', changes: [at(0, 'full', 0), at(5, 'open', 1)] },
      { portal: 'q', courseId: 'B', changes: [at(0, 'full', 0), at(2, 'open', 1)] },
      { portal: 'p', courseId: 'C', changes: [] },
    ]);
    expect(returns).toEqual([
      { atMs: T + 2 * 60_000, portal: 'q', courseId: 'B' },
      { atMs: T + 5 * 60_000, portal: 'p', courseId: 'A' },
    ]);
  });
});

describe('openingWaves', () => {
  it('an opening is unlisted (closed, not found) followed by listed (open or full)', () => {
    const changes = [
      at(0, 'closed', null),
      at(1, 'full', 0),
      at(100, 'not_found', null),
      at(200, 'open', 5),
      at(300, 'open', 0),
      at(400, 'closed', null),
      at(500, 'closed', null),
    ];
    expect(openingWaves([{ portal: 'p', courseId: 'A', changes }]).map((w) => (w.atMs - T) / 60_000)).toEqual(
      [1, 200],
    );
  });

  it('openings less than the gap apart are one wave, counted per course; the gap itself starts a new one', () => {
    const gap = WAVE_GAP_MS / 60_000;
    const course = (id: string, min: number, portal = 'p') => ({
      portal,
      courseId: id,
      changes: [at(0, 'closed', null), at(min, 'open', 1)],
    });
    const waves = openingWaves([
      course('A', 30),
      course('B', 30 + gap - 1),
      course('C', 30 + 2 * gap - 1),
      course('D', 200, 'q'),
      course('E', 100),
    ]);
    expect(waves.map((w) => [w.portal, (w.atMs - T) / 60_000, w.courses])).toEqual([
      ['p', 30, 2],
      ['p', 30 + 2 * gap - 1, 1],
      ['p', 100, 1],
      ['q', 200, 1],
    ]);
  });
});
