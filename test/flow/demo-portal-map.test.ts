import { describe, expect, it } from 'vitest';
import { phaseOfStatus, seatState, toSchedule } from '../../flows/demo-portal/map.js';
import { safeReason } from '../../src/flow/http.js';

describe('demo-portal mapping', () => {
  it.each([
    ['open', 3, undefined, 'open'],
    ['open', 0, undefined, 'full'],
    ['open', 3, 'full', 'full'],
    ['open', null, 'open', 'open'],
    ['open', null, undefined, 'full'],
    ['lottery', 20, 'lottery', 'closed'],
    ['closed', 5, 'closed', 'closed'],
  ] as const)('phase %s with %j seats (status %j) is %s', (phase, seats, status, expected) => {
    expect(seatState(phase, seats, status)).toBe(expected);
  });

  it.each([
    ['open', 'open'],
    ['full', 'open'],
    ['closed', 'closed'],
    ['lottery', 'lottery'],
    ['报名中', undefined],
  ])('page status %s belongs to phase %s', (status, phase) => {
    expect(phaseOfStatus(status)).toBe(phase);
  });

  it('keeps a schedule only when weekday and times are usable', () => {
    expect(toSchedule(6, '09:00', '10:30')).toEqual({ weekday: 6, start: '09:00', end: '10:30' });
    expect(toSchedule(8, '09:00', '10:30')).toBeUndefined();
    expect(toSchedule(6, '9点', '10:30')).toBeUndefined();
    expect(toSchedule(undefined, '09:00', '10:30')).toBeUndefined();
  });
});

describe('safeReason', () => {
  it("keeps the first line of a Playwright error and drops the call log with the request's cookie", () => {
    const error = new Error(
      'apiRequestContext.get: Timeout 500ms exceeded.\nCall log:\n\u001b[2m  - cookie: yp_session=SECRET\u001b[22m\n',
    );
    expect(safeReason(error)).toBe('Timeout 500ms exceeded.');
  });
});
