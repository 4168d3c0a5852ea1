import { describe, expect, it } from 'vitest';
import {
  dayNumber,
  minutesOf,
  scheduleMeaning,
  scheduleProblem,
  schedulesClash,
  shareADay,
  weekdayOf,
} from '../../src/core/schedule.js';
import type { Schedule } from '../../src/core/types.js';

/**
 * Issue 27 item 5: a schedule is a weekly class (maybe over a term), every day of a date range (or
 * listed weekdays in it), or one date; two schedules clash iff some day belongs to both and their
 * times overlap. Dates below are real: 2027-01-16 and 2027-01-23 are Saturdays.
 */

const t = { start: '09:00', end: '10:30' };
const sat16: Schedule = { ...t, date: '2027-01-16' };
const sat23: Schedule = { ...t, date: '2027-01-23' };
/** As the spa flow gives it (and every flow before dates had ranges): weekday beside the date. */
const sat16Old: Schedule = { ...t, weekday: 6, date: '2027-01-16' };
const sat23Old: Schedule = { ...t, weekday: 6, date: '2027-01-23' };
const weeklySat: Schedule = { ...t, weekday: 6 };
const weeklySun: Schedule = { ...t, weekday: 7 };
/** Spring term: Saturdays from 6 March to 12 June 2027. */
const springSat: Schedule = { ...t, weekday: 6, from: '2027-03-06', until: '2027-06-12' };
/** Winter holiday course: every day 18–24 January 2027 (Mon–Sun). */
const winterWeek: Schedule = { ...t, from: '2027-01-18', until: '2027-01-24' };
/** Holiday course on Mon/Wed/Fri only, 18–29 January 2027. */
const winterMWF: Schedule = { ...t, from: '2027-01-18', until: '2027-01-29', weekdays: [1, 3, 5] };

describe('the calendar arithmetic', () => {
  it.each([
    ['2027-01-16', 6],
    ['2027-01-17', 7],
    ['2027-01-18', 1],
    ['1970-01-01', 4],
    ['1969-12-29', 1],
    ['2028-02-29', 2],
  ])('%s is weekday %i', (date, weekday) => {
    expect(weekdayOf(date)).toBe(weekday);
  });

  it.each(['2027-02-29', '2027-13-01', '2027-00-10', '2027-1-16', '16/01/2027', ''])(
    '"%s" is not a calendar date',
    (date) => {
      expect(dayNumber(date)).toBeUndefined();
      expect(weekdayOf(date)).toBeUndefined();
    },
  );

  it('numbers consecutive days consecutively across a month and a year end', () => {
    expect((dayNumber('2027-03-01') ?? 0) - (dayNumber('2027-02-28') ?? 0)).toBe(1);
    expect((dayNumber('2027-01-01') ?? 0) - (dayNumber('2026-12-31') ?? 0)).toBe(1);
  });

  it.each([
    ['09:00', 540],
    ['9:05', 545],
    ['00:00', 0],
    ['24:00', 1440],
    ['23:59', 1439],
  ])('time %s is minute %i', (time, minutes) => {
    expect(minutesOf(time)).toBe(minutes);
  });

  it.each(['24:01', '09:60', '9', '09:0', '0900', 'nine'])('"%s" is not a time', (time) => {
    expect(minutesOf(time)).toBeUndefined();
  });
});

describe('which shapes are schedules', () => {
  it.each<[string, Schedule]>([
    ['a weekly class (as before)', weeklySat],
    ['a one-day event with its weekday (as before)', sat16Old],
    ['a one-day event, date alone', sat16],
    ['a weekly class over a term', springSat],
    ['a weekly class from a first date on', { ...t, weekday: 6, from: '2027-03-06' }],
    ['a weekly class on two weekdays', { ...t, weekdays: [2, 4] }],
    ['every day of a range', winterWeek],
    ['listed weekdays of a range', winterMWF],
    ['a one-day range', { ...t, from: '2027-01-16', until: '2027-01-16' }],
  ])('%s', (_, s) => {
    expect(scheduleProblem(s)).toBeUndefined();
  });

  it.each<[string, Schedule, string]>([
    ['no day at all', { ...t }, 'say which days'],
    ['a range with one end', { ...t, from: '2027-01-18' }, 'say which days'],
    ['weekday 0 (JavaScript Sunday)', { ...t, weekday: 0 }, 'weekday 0 is not 1 (Monday) … 7 (Sunday)'],
    ['weekday 8', { ...t, weekday: 8 }, 'weekday 8 is not'],
    ['weekday and weekdays', { ...t, weekday: 6, weekdays: [6] }, 'not both'],
    [
      'no weekdays listed',
      { ...t, from: '2027-01-18', until: '2027-01-24', weekdays: [] },
      'weekdays [] is not',
    ],
    ['a date that does not exist', { ...t, date: '2027-02-30' }, 'date "2027-02-30" is not a calendar date'],
    [
      'a range backwards',
      { ...t, from: '2027-01-24', until: '2027-01-18' },
      'from 2027-01-24 is after until',
    ],
    ['a date with a range', { ...t, date: '2027-01-16', from: '2027-01-16' }, 'takes no from'],
    ['a time that is not one', { start: '9h', end: '10:30', weekday: 6 }, 'start "9h" is not a time'],
    [
      'an end before the start',
      { start: '10:30', end: '09:00', weekday: 6 },
      'ends (09:00) before it starts',
    ],
    ['no time at all', { start: '', end: '', weekday: 6 }, 'start "" is not a time'],
  ])('%s is not: %s', (_, s, problem) => {
    expect(scheduleProblem(s)).toContain(problem);
    expect(scheduleMeaning(s)).toBeUndefined();
  });

  it('reads a one-day event by its date: a weekday beside it that disagrees does not move it', () => {
    const wrong: Schedule = { ...t, weekday: 5, date: '2027-01-16' };
    expect(scheduleMeaning(wrong)?.weekdayList).toEqual([6]);
    expect(schedulesClash(wrong, weeklySat)).toBe(true);
  });
});

describe('two schedules clash iff some day belongs to both and the times overlap', () => {
  it.each<[string, Schedule, Schedule, boolean]>([
    // The example: two Saturdays a week apart are not the same day.
    ['dated Sat 23 Jan vs dated Sat 16 Jan, same times', sat23, sat16, false],
    ['the same, as the spa flow gives them (weekday beside the date)', sat23Old, sat16Old, false],
    ['the same date and times', sat16, sat16Old, true],
    // Weekly without dates keeps its meaning: every week on that weekday.
    ['weekly Sat vs weekly Sat', weeklySat, { ...t, weekday: 6, start: '10:00', end: '11:00' }, true],
    ['weekly Sat vs weekly Sun', weeklySat, weeklySun, false],
    ['weekly Sat vs a dated Saturday', weeklySat, sat16, true],
    ['weekly Sun vs a dated Saturday', weeklySun, sat16, false],
    // Terms and ranges that overlap in part.
    ['a spring-term Saturday vs a January Saturday', springSat, sat16, false],
    ['a spring-term Saturday vs a Saturday in the term', springSat, { ...t, date: '2027-04-10' }, true],
    ['a spring-term Saturday vs its last day', springSat, { ...t, date: '2027-06-12' }, true],
    ['a spring-term Saturday vs the Saturday after it', springSat, { ...t, date: '2027-06-19' }, false],
    ['a term Saturday vs weekly Saturday without dates', springSat, weeklySat, true],
    [
      'two Saturday terms that share their last/first week',
      springSat,
      { ...t, weekday: 6, from: '2027-06-12', until: '2027-08-28' },
      true,
    ],
    [
      'two Saturday terms that meet end to start without a shared day',
      springSat,
      { ...t, weekday: 6, from: '2027-06-13', until: '2027-08-28' },
      false,
    ],
    ['every day 18–24 Jan vs a Saturday in it', winterWeek, { ...t, date: '2027-01-23' }, true],
    ['every day 18–24 Jan vs the Saturday before it', winterWeek, sat16, false],
    ['every day 18–24 Jan vs weekly Sunday', winterWeek, weeklySun, true],
    ['every day 18–24 Jan vs the spring term', winterWeek, springSat, false],
    [
      'two ranges that overlap in part (22–24 vs 24–30 Jan)',
      { ...t, from: '2027-01-22', until: '2027-01-24' },
      { ...t, from: '2027-01-24', until: '2027-01-30' },
      true,
    ],
    [
      'two ranges that do not (18–21 vs 22–30 Jan)',
      { ...t, from: '2027-01-18', until: '2027-01-21' },
      { ...t, from: '2027-01-22', until: '2027-01-30' },
      false,
    ],
    ['Mon/Wed/Fri 18–29 Jan vs a Tuesday in it', winterMWF, { ...t, date: '2027-01-19' }, false],
    ['Mon/Wed/Fri 18–29 Jan vs a Friday in it', winterMWF, { ...t, date: '2027-01-29' }, true],
    ['Mon/Wed/Fri 18–29 Jan vs weekly Saturday', winterMWF, weeklySat, false],
    [
      'Mon/Wed/Fri vs Tue/Thu over the same weeks',
      winterMWF,
      { ...t, from: '2027-01-18', until: '2027-01-29', weekdays: [2, 4] },
      false,
    ],
    [
      'Mon/Wed/Fri 18–29 Jan vs every day of 19–20 Jan (a Wednesday in the overlap)',
      winterMWF,
      { ...t, from: '2027-01-19', until: '2027-01-20' },
      true,
    ],
    [
      'Sat terms overlapping by a stretch shorter than a week without a Saturday (Mon 14–Fri 18 Jun)',
      { ...t, weekday: 6, from: '2027-03-06', until: '2027-06-18' },
      { ...t, weekday: 6, from: '2027-06-14', until: '2027-08-28' },
      false,
    ],
    // Times on the same day.
    ['touching ends on the same day', sat16, { date: '2027-01-16', start: '10:30', end: '12:00' }, false],
    ['one minute of overlap', sat16, { date: '2027-01-16', start: '10:29', end: '12:00' }, true],
    ['times written without a leading zero', sat16, { date: '2027-01-16', start: '9:30', end: '9:45' }, true],
    ['an afternoon slot on the same day', sat16, { date: '2027-01-16', start: '14:00', end: '15:30' }, false],
    // A schedule that means nothing is as good as unknown.
    ['weekday 0 vs a Sunday class', { ...t, weekday: 0 }, weeklySun, false],
    ['an impossible date vs weekly Saturday', { ...t, date: '2027-02-30' }, weeklySat, false],
  ])('%s → %s', (_, a, b, clash) => {
    expect(schedulesClash(a, b)).toBe(clash);
    expect(schedulesClash(b, a)).toBe(clash);
  });
});

describe('shareADay', () => {
  const SAT = 1 << 5;
  const day = (iso: string) => dayNumber(iso) ?? Number.NaN;
  it('open ends meet every weekday they share', () => {
    expect(shareADay({ weekdays: SAT }, { weekdays: SAT, from: day('2030-01-01') })).toBe(true);
    expect(shareADay({ weekdays: SAT }, { weekdays: 1 })).toBe(false);
  });

  it('a stretch of exactly seven days holds every weekday, six may not', () => {
    const mon = day('2027-01-18');
    expect(shareADay({ weekdays: SAT, from: mon, until: mon + 6 }, { weekdays: 0x7f })).toBe(true);
    expect(shareADay({ weekdays: 1 << 6, from: mon, until: mon + 5 }, { weekdays: 0x7f })).toBe(false);
    expect(shareADay({ weekdays: 1 << 6, from: mon, until: mon + 6 }, { weekdays: 0x7f })).toBe(true);
  });
});
