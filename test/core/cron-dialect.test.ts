import { describe, expect, it } from 'vitest';
import {
  type CronFields,
  checkCronText,
  cronMatches,
  localParts,
  nextCronTime,
  parseCron,
} from '../../src/core/cron-fields.js';

/**
 * jianlou's one cron dialect: the same text means the same times in `schedule.cron`, in
 * `schedule.surges[].cron` and in "next check at".
 */
const TZ = 'Asia/Shanghai';
/** Wall-clock time in Shanghai (UTC+8, no DST) as epoch ms. */
const sh = (text: string) => Date.parse(`${text.replace(' ', 'T')}+08:00`);
const wall = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');

function fields(cron: string, seconds = false): CronFields {
  const parsed = parseCron(cron, { seconds });
  if (typeof parsed === 'string') throw new Error(parsed);
  return parsed;
}

/** The next `n` times the cron fires after `from`, as Shanghai wall-clock minutes. */
function nextTimes(cron: string, from: string, n: number): string[] {
  const out: string[] = [];
  let at = sh(from);
  for (let i = 0; i < n; i++) {
    const next = nextCronTime(fields(cron), at, TZ);
    if (next === undefined) break;
    out.push(wall(next));
    at = next;
  }
  return out;
}

describe('the cron dialect', () => {
  it.each([
    // Both day fields restricted: either one (Vixie cron). 2026-07-01 is a Wednesday.
    ['0 9 1 * 1', '2026-07-26 12:00', ['2026-07-27 09:00', '2026-08-01 09:00', '2026-08-03 09:00']],
    // One day field starting with *: the other alone decides.
    ['0 9 1 * *', '2026-07-26 12:00', ['2026-08-01 09:00', '2026-09-01 09:00']],
    ['0 9 * * 1', '2026-07-26 12:00', ['2026-07-27 09:00', '2026-08-03 09:00']],
    // A step from * counts as unrestricted (Vixie looks at the first character): both must match.
    ['0 9 */10 * 1', '2026-07-26 12:00', ['2026-08-31 09:00']],
    // Names, any case, in ranges and lists.
    ['0 9 * * mon-fri', '2026-07-03 10:00', ['2026-07-06 09:00', '2026-07-07 09:00']],
    ['0 9 * * SAT,sun', '2026-07-03 10:00', ['2026-07-04 09:00', '2026-07-05 09:00', '2026-07-11 09:00']],
    ['30 8 1 jan,Jul *', '2026-07-02 00:00', ['2027-01-01 08:30', '2027-07-01 08:30']],
    // 7 is Sunday like 0; a step from a value runs to the end of the field.
    ['0 12 * * 7', '2026-07-01 00:00', ['2026-07-05 12:00']],
    ['50/5 10 * * *', '2026-07-01 00:00', ['2026-07-01 10:50', '2026-07-01 10:55', '2026-07-02 10:50']],
    // A day that comes back every 4 years, and one that never comes.
    ['0 0 29 feb *', '2026-07-01 00:00', ['2028-02-29 00:00', '2032-02-29 00:00']],
    ['0 0 31 2 *', '2026-07-01 00:00', []],
  ])('%s after %s fires at %j', (cron, from, expected) => {
    expect(nextTimes(cron, from, expected.length || 1)).toEqual(expected);
  });

  it('fires strictly after the time given, to the second with a seconds field', () => {
    const every5s = fields('*/5 * * * * *', true);
    expect(nextCronTime(every5s, sh('2026-07-01 10:00:00'), TZ)).toBe(sh('2026-07-01 10:00:05'));
    expect(nextCronTime(every5s, sh('2026-07-01 10:00:03'), TZ)).toBe(sh('2026-07-01 10:00:05'));
    expect(nextCronTime(fields('* * * * *'), sh('2026-07-01 10:00:00'), TZ)).toBe(sh('2026-07-01 10:01:00'));
  });

  it('skips a wall-clock time a DST change skips', () => {
    // New York, 2026-03-08: 02:00 → 03:00, so 02:30 that day does not exist.
    const next = nextCronTime(
      fields('30 2 * * *'),
      Date.parse('2026-03-07T12:00:00-05:00'),
      'America/New_York',
    );
    expect(next).toBe(Date.parse('2026-03-09T02:30:00-04:00'));
  });

  it('matches a reading the way it fires: names and the day rule alike', () => {
    const at = (text: string) => localParts(sh(text), TZ);
    expect(cronMatches(fields('0 9 1 * mon'), at('2026-08-01 09:00'))).toBe(true); // a Saturday, the 1st
    expect(cronMatches(fields('0 9 1 * mon'), at('2026-07-27 09:00'))).toBe(true); // a Monday
    expect(cronMatches(fields('0 9 1 * mon'), at('2026-07-28 09:00'))).toBe(false);
    expect(cronMatches(fields('0 9 * * mon'), at('2026-08-01 09:00'))).toBe(false);
    expect(fields('55 11 * * MON')).toEqual(fields('55 11 * * 1'));
    expect(fields('0 0 * JAN-mar *')).toEqual(fields('0 0 * 1-3 *'));
  });

  it.each([
    ['every minute', {}, '"every minute" has 2 fields; use 5 (minute hour day month weekday)'],
    ['*/5 * * * * *', {}, 'has 6 fields; use 5 (minute hour day month weekday)'],
    [
      '* * * * * * *',
      { seconds: true },
      'has 7 fields; use 5 (minute hour day month weekday), or 6 with a seconds field first',
    ],
    ['55 25 * * *', {}, 'hour "25" is outside 0–23'],
    ['mon 9 * * *', {}, 'minute "mon" is not a number, range (a-b), step (*/n) or list (a,b)'],
    [
      '0 9 * * monday',
      {},
      'day of week "monday" is not a number, a name (sun–sat), range (a-b), step (*/n) or list (a,b)',
    ],
    ['0 9 * foo *', {}, 'month "foo" is not a number, a name (jan–dec)'],
    ['0 9 * * fri-mon', {}, 'day of week "fri-mon" runs backwards; write the smaller value first'],
    ['*/0 9 * * *', {}, 'minute step must be at least 1'],
    ['0 0 31 2 *', {}, '"0 0 31 2 *" never fires: no such day (day of month and month never meet)'],
    ['0 0 30 feb *', {}, 'never fires'],
  ])('refuses %s, saying why', (cron, options, message) => {
    const result = checkCronText(cron, options);
    expect(typeof result === 'string' ? result : 'accepted').toContain(message);
  });
});
