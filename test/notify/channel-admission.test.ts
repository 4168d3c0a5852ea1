import { describe, expect, it } from 'vitest';
import { createDingtalkChannel } from '../../src/notify/channels/dingtalk.js';
import { admission, inQuietHours, quietHoursEnd, withFilter } from '../../src/notify/channels/filter.js';
import { dailySummary, gone, opening, testAlert } from './fixtures.js';

const TZ = 'Asia/Shanghai';
/** An instant at Shanghai wall-clock `hh:mm` on 2026-11-07. */
const at = (hhmm: string) => new Date(`2026-11-07T${hhmm}:00+08:00`);
const night = { start: '22:00', end: '07:00', urgent: ['opening' as const] };

describe('a channel filter (pure)', () => {
  it.each([
    ['21:59', false],
    ['22:00', true],
    ['03:00', true],
    ['06:59', true],
    ['07:00', false],
  ])('quiet hours spanning midnight: %s quiet = %s', (time, quiet) => {
    expect(inQuietHours(night, at(time).getTime(), TZ)).toBe(quiet);
  });

  it.each([
    ['11:59', false],
    ['12:00', true],
    ['13:59', true],
    ['14:00', false],
  ])('quiet hours within a day (12:00–14:00): %s quiet = %s', (time, quiet) => {
    expect(inQuietHours({ start: '12:00', end: '14:00' }, at(time).getTime(), TZ)).toBe(quiet);
  });

  it('a channel without kinds or quiet hours is kept as it is (no admit step)', () => {
    const channel = createDingtalkChannel({ webhook: 'http://x/robot/send?access_token=t' });
    expect(withFilter(channel, { timeZone: TZ })).toBe(channel);
    expect(withFilter(channel, { timeZone: TZ, kinds: ['opening'] }).admit).toBeTypeOf('function');
  });

  it('a window with start = end is never quiet', () => {
    expect(inQuietHours({ start: '08:00', end: '08:00' }, at('08:00').getTime(), TZ)).toBe(false);
  });

  it('quiet hours end at the first minute outside them', () => {
    expect(quietHoursEnd(night, new Date('2026-11-07T15:30:00Z'), TZ).toISOString()).toBe(
      '2026-11-07T23:00:00.000Z',
    );
  });

  it('kinds: others are skipped; the doctor test always goes', () => {
    const filter = { kinds: ['daily_summary' as const], timeZone: TZ };
    expect(admission(filter, dailySummary(), at('12:00'))).toBe('send');
    expect(admission(filter, opening(), at('12:00'))).toBe('skip');
    expect(admission(filter, testAlert(), at('12:00'))).toBe('send');
  });

  it('quiet hours: urgent kinds go, others wait until the end, nothing is dropped', () => {
    const filter = { quietHours: night, timeZone: TZ };
    expect(admission(filter, opening(), at('23:00'))).toBe('send');
    expect(admission(filter, gone(), at('23:00'))).toEqual(new Date('2026-11-07T23:00:00.000Z'));
    expect(admission(filter, gone(), at('12:00'))).toBe('send');
  });
});
