import { describe, expect, it } from 'vitest';
import { decide, emptyWatchState, watchStateSchema } from '../../src/watch/decide.js';
import { at, ok, policy, run, T0 } from './decide-fixtures.js';

// Issue 17, warm cycle: a check that sees what the last one saw changes nothing in the state but its
// cycle number, so the engine need not write it (src/store/state.ts `unsaved`).
const withoutCycle = ({ cycle: _cycle, ...rest }: ReturnType<typeof emptyWatchState>) => rest;

describe('decide() on an unchanged reading', () => {
  it('gives the same state apart from the cycle number, with no effects', () => {
    const p = policy();
    const { state } = run(p, [{ min: 0, seen: { 'ART-101': 'full', 'ART-102': 'open' } }]);
    const again = decide(
      state,
      { accounts: [ok('mom', { 'ART-101': 'full', 'ART-102': 'open' })], holds: [] },
      p,
      at(5),
    );
    expect(again.effects).toEqual([]);
    expect(again.state.cycle).toBe(state.cycle + 1);
    expect(withoutCycle(again.state)).toEqual(withoutCycle(state));
  });

  it('reads a state written by 0.1 (courses with lastSeenAt) and no longer writes that field', () => {
    const old = {
      ...emptyWatchState(T0),
      cycle: 3,
      courses: {
        'ART-101': {
          state: 'full',
          seats: 0,
          lastChangeAt: T0.toISOString(),
          lastSeenAt: at(4).toISOString(),
        },
      },
    };
    const parsed = watchStateSchema.parse(old);
    const next = decide(parsed, { accounts: [ok('mom', { 'ART-101': 'full' })], holds: [] }, policy(), at(6));
    expect(next.state.courses['ART-101']).toEqual({
      state: 'full',
      seats: 0,
      lastChangeAt: T0.toISOString(),
    });
  });
});
