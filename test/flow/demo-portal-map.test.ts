import { describe, expect, it } from 'vitest';
import { phaseOfStatus, seatState, toObservation, toSchedule } from '../../flows/demo-portal/map.js';
import { PortalChangedError } from '../../src/core/errors.js';
import { safeReason } from '../../src/flow/http.js';

describe('demo-portal mapping', () => {
  it.each([
    ['open', 3, undefined, 'open'],
    ['open', 0, undefined, 'full'],
    ['open', 3, 'full', 'full'],
    ['open', null, 'open', 'open'],
    ['open', null, 'full', 'full'],
    ['lottery', 20, 'lottery', 'closed'],
    ['closed', 5, 'closed', 'closed'],
  ] as const)('phase %s with %j seats (status %j) is %s', (phase, seats, status, expected) => {
    expect(seatState(phase, seats, status)).toBe(expected);
  });

  it('an open course with neither a seat count nor a status word is a portal change, never full', () => {
    expect(() => seatState('open', null, undefined, 'course C1')).toThrow(PortalChangedError);
    expect(() => seatState('open', null, undefined, 'course C1')).toThrow(/course C1.*seats.*no status word/);
    expect(() => seatState('open', null, '报名中')).toThrow(/unknown status word "报名中"/);
  });

  it('toObservation names the course when its seats cannot be read', () => {
    const facts = {
      id: 'C9',
      title: '书法',
      seats: null,
      phase: 'open' as const,
      url: 'http://x/courses/C9',
    };
    expect(() => toObservation(facts)).toThrow(PortalChangedError);
    expect(() => toObservation(facts)).toThrow(/course C9 \(http:\/\/x\/courses\/C9\).*never read as full/);
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
