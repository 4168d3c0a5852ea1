import { describe, expect, it } from 'vitest';
import { lifetimesFromRuns, loginSoonDue, predictSessionEnd } from '../../src/watch/decide-login-soon.js';

const at = (iso: string) => new Date(iso);
const H = 3_600_000;

describe('issue 15: the phone login link ahead of a predicted session end', () => {
  it('predicts the earlier of the cookie expiry and saved + median lifetime', () => {
    const savedAt = at('2026-12-02T00:00:00Z');
    const cases: [string, Date | null, number[], string | null][] = [
      ['cookie only', at('2026-12-02T08:00:00Z'), [], '2026-12-02T08:00:00.000Z'],
      ['lifetimes only (median of 3)', null, [2 * H, 6 * H, 4 * H], '2026-12-02T04:00:00.000Z'],
      ['lifetime earlier than cookie', at('2026-12-09T00:00:00Z'), [3 * H], '2026-12-02T03:00:00.000Z'],
      ['cookie earlier than lifetime', at('2026-12-02T01:00:00Z'), [3 * H], '2026-12-02T01:00:00.000Z'],
      ['nothing known', null, [], null],
    ];
    for (const [name, cookie, lifetimes, want] of cases) {
      const end = predictSessionEnd({ cookieExpiresAt: cookie, savedAt, lifetimesMs: lifetimes });
      expect(end?.toISOString() ?? null, name).toBe(want);
    }
  });

  it('is due inside the lead window only, and never in quiet hours', () => {
    const end = at('2026-12-02T06:00:00Z'); // 14:00 in Shanghai
    const quiet = { start: '13:00', end: '15:00', timezone: 'Asia/Shanghai' };
    const cases: [string, string, typeof quiet | undefined, boolean][] = [
      ['long before', '2026-12-02T04:00:00Z', undefined, false],
      ['in the lead window', '2026-12-02T05:45:00Z', undefined, true],
      ['in the lead window but quiet', '2026-12-02T05:45:00Z', quiet, false],
      ['after the end', '2026-12-02T06:00:00Z', undefined, false],
    ];
    for (const [name, now, q, want] of cases) {
      expect(loginSoonDue({ end, now: at(now), leadMs: 30 * 60_000, quiet: q }), name).toBe(want);
    }
    expect(loginSoonDue({ end: null, now: at('2026-12-02T05:45:00Z'), leadMs: 1, quiet: undefined })).toBe(
      false,
    );
  });

  it('reads lifetimes from the run history: first good check to first expired one', () => {
    const runs = [
      { outcome: 'session_expired', startedAt: '2026-12-01T05:00:00Z' },
      { outcome: 'ok', startedAt: '2026-12-01T01:00:00Z' },
      { outcome: 'ok', startedAt: '2026-12-01T03:00:00Z' },
      { outcome: 'portal_unavailable', startedAt: '2026-12-01T06:00:00Z' },
      { outcome: 'ok', startedAt: '2026-12-01T07:00:00Z' },
      { outcome: 'session_expired', startedAt: '2026-12-01T09:00:00Z' },
      { outcome: 'session_expired', startedAt: '2026-12-01T09:10:00Z' },
    ];
    expect(lifetimesFromRuns(runs)).toEqual([4 * H, 2 * H]);
  });
});
