import { describe, expect, it } from 'vitest';
import {
  coursePageUrl,
  notFound,
  phaseOfStatus,
  seatState,
  toObservation,
  toSchedule,
} from '../../flows/demo-portal/map.js';

/**
 * The edges of the demo flow's mapping: which slots count as a schedule (a wrong one makes a false
 * clash or hides a real one), the exact operator message when a reading cannot be made, the optional
 * fields of an observation, and the course page URL.
 */

describe('demo-portal mapping edges', () => {
  it('toSchedule() takes weekdays 1–7 and HH:MM times only', () => {
    const rows: [number | undefined, string | undefined, string | undefined, boolean][] = [
      [1, '09:00', '10:00', true],
      [7, '09:00', '10:00', true],
      [0, '09:00', '10:00', false],
      [8, '09:00', '10:00', false],
      [1.5, '09:00', '10:00', false],
      [undefined, '09:00', '10:00', false],
      [6, undefined, '10:00', false],
      [6, '09:00', undefined, false],
      [6, '', '10:00', false],
      [6, '9:00', '10:00', false],
      [6, '09:00', '10:00 pm', false],
      [6, 'at 09:00', '10:00', false],
      [6, '09:00 am', '10:00', false],
      [6, '09:00', 'to 10:00', false],
    ];
    for (const [weekday, start, end, ok] of rows) {
      expect({ weekday, start, end, schedule: toSchedule(weekday, start, end) }).toEqual({
        weekday,
        start,
        end,
        schedule: ok ? { weekday, start, end } : undefined,
      });
    }
  });

  it('an open course without a count or a known status word names itself and the fix', () => {
    expect(() => seatState('open', null, undefined, 'course ART-101')).toThrow(
      'course ART-101 is in the open phase but has no seat count (seats / 余位) and no status word — the portal has changed; update the flow (never read as full)',
    );
    expect(() => seatState('open', null, 'maybe')).toThrow(
      'a course is in the open phase but has no seat count (seats / 余位) and an unknown status word "maybe" — the portal has changed; update the flow (never read as full)',
    );
  });

  it('lottery and closed phases are closed whatever the count; the status words map to phases', () => {
    expect(seatState('lottery', 5, 'open')).toBe('closed');
    expect(seatState('closed', 5, 'open')).toBe('closed');
    expect(['open', 'full', 'closed', 'lottery', 'other'].map(phaseOfStatus)).toEqual([
      'open',
      'open',
      'closed',
      'lottery',
      undefined,
    ]);
  });

  it('toObservation() keeps the optional fields it is given, a fee of 0 included, and no others', () => {
    const base = {
      id: 'ART-101',
      title: '少儿美术',
      seats: 2,
      phase: 'open' as const,
      url: 'http://127.0.0.1:4173/courses/ART-101',
    };
    expect(toObservation(base)).toEqual({
      courseId: 'ART-101',
      title: '少儿美术',
      seats: 2,
      state: 'open',
      phase: 'open',
      url: 'http://127.0.0.1:4173/courses/ART-101',
    });
    expect(
      toObservation({
        ...base,
        schedule: { weekday: 6, start: '09:00', end: '10:30' },
        campus: '本部',
        teacher: '王老师',
        fee: 0,
      }),
    ).toEqual({
      courseId: 'ART-101',
      title: '少儿美术',
      seats: 2,
      state: 'open',
      phase: 'open',
      url: 'http://127.0.0.1:4173/courses/ART-101',
      schedule: { weekday: 6, start: '09:00', end: '10:30' },
      campus: '本部',
      teacher: '王老师',
      fee: 0,
    });
    expect(() => toObservation({ ...base, seats: null })).toThrow(
      'course ART-101 (http://127.0.0.1:4173/courses/ART-101) is in the open phase',
    );
  });

  it('a course not found, and the course page URL with the id encoded', () => {
    expect(notFound('ART-9', 'http://x/courses/ART-9')).toEqual({
      courseId: 'ART-9',
      title: '',
      seats: null,
      state: 'not_found',
      url: 'http://x/courses/ART-9',
    });
    expect(coursePageUrl('http://127.0.0.1:4173', 'ART 1/2')).toBe(
      'http://127.0.0.1:4173/courses/ART%201%2F2',
    );
  });
});
