import { describe, expect, it } from 'vitest';
import { definePolicy, type QuietHours } from '../../src/watch/policy.js';
import { policy } from './decide-fixtures.js';

/** definePolicy(): a hand-written policy gets the config's defaults and checks. */

const { targets } = policy();
/** Without a time zone (a caller outside TypeScript's checks). */
const night = { start: '22:00', end: '07:00' } as QuietHours;

describe('definePolicy', () => {
  it('puts quiet hours in Asia/Shanghai unless a time zone is given', () => {
    expect(definePolicy({ targets, quietHours: night }).quietHours).toEqual({
      start: '22:00',
      end: '07:00',
      timezone: 'Asia/Shanghai',
    });
    expect(
      definePolicy({ targets, quietHours: { start: '22:00', end: '07:00', timezone: 'Europe/Berlin' } })
        .quietHours?.timezone,
    ).toBe('Europe/Berlin');
  });

  it('checks the urgent kinds like the config does', () => {
    expect(definePolicy({ targets, quietHours: night, urgent: ['hold_made'] }).urgent).toEqual(['hold_made']);
    expect(() =>
      definePolicy({
        targets,
        quietHours: night,
        urgent: ['no_such_kind' as 'hold_made'],
      }),
    ).toThrow();
  });
});
