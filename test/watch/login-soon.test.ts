import { describe, expect, it } from 'vitest';
import {
  lifetimesFromLogins,
  loginSoonDue,
  predictSessionEnd,
  SETTLE_MS,
} from '../../src/watch/decide-login-soon.js';

const at = (iso: string) => new Date(iso);
const H = 3_600_000;

describe('issues 15, 29: the phone login link ahead of a predicted session end', () => {
  it("predicts from the login: the token's own expiry, or the median of several real lifetimes, the earlier one", () => {
    const loginAt = at('2026-12-02T00:00:00Z');
    const cases: [string, Date | null, Date | null, number[], string | null][] = [
      ['token only', loginAt, at('2026-12-02T08:00:00Z'), [], '2026-12-02T08:00:00.000Z'],
      ['lifetimes only (median of 3)', loginAt, null, [2 * H, 6 * H, 4 * H], '2026-12-02T04:00:00.000Z'],
      ['one lifetime is no history (issue 29)', loginAt, null, [3 * H], null],
      ['two lifetimes are no history either', loginAt, null, [3 * H, 5 * H], null],
      [
        'lifetime earlier than token',
        loginAt,
        at('2026-12-09T00:00:00Z'),
        [3 * H, 3 * H, 4 * H],
        '2026-12-02T03:00:00.000Z',
      ],
      [
        'token earlier than lifetime',
        loginAt,
        at('2026-12-02T01:00:00Z'),
        [3 * H, 3 * H, 3 * H],
        '2026-12-02T01:00:00.000Z',
      ],
      ['a token that ended before the login says nothing', loginAt, at('2026-12-01T23:00:00Z'), [], null],
      ['no login recorded: nothing predicted', null, at('2026-12-02T08:00:00Z'), [3 * H, 3 * H, 3 * H], null],
      ['nothing known', loginAt, null, [], null],
    ];
    for (const [name, login, token, lifetimes, want] of cases) {
      const end = predictSessionEnd({ tokenExpiresAt: token, loginAt: login, lifetimesMs: lifetimes });
      expect(end?.toISOString() ?? null, name).toBe(want);
    }
  });

  it('is due inside the lead window only, never in quiet hours, never within minutes of the login', () => {
    const end = at('2026-12-02T06:00:00Z'); // 14:00 in Shanghai
    const loginAt = at('2026-12-02T00:00:00Z');
    const quiet = { start: '13:00', end: '15:00', timezone: 'Asia/Shanghai' };
    const cases: [string, string, Date | null, typeof quiet | undefined, boolean][] = [
      ['long before', '2026-12-02T04:00:00Z', loginAt, undefined, false],
      ['in the lead window', '2026-12-02T05:45:00Z', loginAt, undefined, true],
      ['in the lead window but quiet', '2026-12-02T05:45:00Z', loginAt, quiet, false],
      ['after the end', '2026-12-02T06:00:00Z', loginAt, undefined, false],
      ['12 s after a login (issue 29)', '2026-12-02T05:45:00Z', at('2026-12-02T05:44:48Z'), undefined, false],
      ['no login recorded', '2026-12-02T05:45:00Z', null, undefined, false],
    ];
    for (const [name, now, login, q, want] of cases) {
      expect(loginSoonDue({ end, loginAt: login, now: at(now), leadMs: 30 * 60_000, quiet: q }), name).toBe(
        want,
      );
    }
    const settled = new Date(at('2026-12-02T05:45:00Z').getTime() - SETTLE_MS);
    expect(
      loginSoonDue({
        end,
        loginAt: settled,
        now: at('2026-12-02T05:45:00Z'),
        leadMs: 30 * 60_000,
        quiet: undefined,
      }),
    ).toBe(true);
    expect(
      loginSoonDue({ end: null, loginAt, now: at('2026-12-02T05:45:00Z'), leadMs: 1, quiet: undefined }),
    ).toBe(false);
  });

  it('reads lifetimes from the login log: login to the first expired check, ended sessions only', () => {
    expect(
      lifetimesFromLogins([
        { at: '2026-12-01T01:00:00Z', endedAt: '2026-12-01T05:00:00Z' },
        { at: '2026-12-01T07:00:00Z', endedAt: '2026-12-01T09:00:00Z' },
        { at: '2026-12-01T10:00:00Z' },
      ]),
    ).toEqual([4 * H, 2 * H]);
  });
});
