import { describe, expect, it } from 'vitest';
import { commitmentsNeeded, RECONCILE_EVERY_MS } from '../../../src/app/holds/commitments-needed.js';
import { parseConfig } from '../../../src/config/load.js';
import type { Observation } from '../../../src/core/types.js';
import type { HoldRecord } from '../../../src/store/holds.js';
import { createMemoryStore } from '../../../src/store/memory.js';
import { createRepositories } from '../../../src/store/repositories.js';
import { emptyWatchState, type WatchState } from '../../../src/watch/decide.js';

/**
 * Issue 17: a check reads the orders and the cart (two more requests) only when they can change what
 * is decided; otherwise a check is the one request that reads the seats.
 */

const T0 = new Date('2026-07-01T02:00:00.000Z');
const config = parseConfig(
  `
portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:4173" }
accounts: [{ id: mom }, { id: dad }]
children:
  - { id: sister, name: 姐姐, account: mom, studentId: S001 }
  - { id: brother, name: 弟弟, account: dad, studentId: S002 }
targets:
  - { child: sister, courses: [ART-101, ART-102] }
  - { child: brother, courses: [SWIM-201] }
`,
  '/srv/jl/jianlou.yaml',
  {},
);

const seen = (courseId: string, state: Observation['state']): Observation => ({
  courseId,
  title: courseId,
  seats: state === 'open' ? 1 : 0,
  state,
  url: `http://127.0.0.1:4173/courses/${courseId}`,
});

function deps(at: Date = T0) {
  const kv = createMemoryStore();
  const repos = createRepositories(kv);
  let now = at;
  return {
    rt: { config, repos, kv, now: () => now },
    later(ms: number) {
      now = new Date(now.getTime() + ms);
    },
  };
}

/** A previous state in which the sister's ART-101 opening alert is standing (or not). */
function stateWith(alerted: boolean): WatchState {
  const state = emptyWatchState(T0);
  state.targets['sister-ART-101'] = {
    courses: { 'ART-101': { alerted }, 'ART-102': { alerted: false } },
  };
  state.targets['brother-SWIM-201'] = { courses: { 'SWIM-201': { alerted: true } } };
  return state;
}

const approvedHold = (accountId: string): HoldRecord => ({
  id: `h-${accountId}`,
  accountId,
  targetId: accountId === 'mom' ? 'sister-ART-101' : 'brother-SWIM-201',
  childId: accountId === 'mom' ? 'sister' : 'brother',
  courseId: accountId === 'mom' ? 'ART-101' : 'SWIM-201',
  status: 'approved',
  decisions: [],
  createdAt: T0.toISOString(),
  updatedAt: T0.toISOString(),
});

describe('commitmentsNeeded(): when a check reads the orders and the cart', () => {
  const full = [seen('ART-101', 'full'), seen('ART-102', 'closed')];

  it('not when every course is full and no alert of this account is standing', async () => {
    const { rt } = deps();
    // The brother's standing alert belongs to the other account: it does not count for mom.
    expect(await commitmentsNeeded(rt, 'mom', full, stateWith(false), false)).toBe(false);
  });

  it('when a course of the account is open and not yet announced (clashes, "already has it")', async () => {
    const { rt } = deps();
    const open = [seen('ART-101', 'full'), seen('ART-102', 'open')];
    expect(await commitmentsNeeded(rt, 'mom', open, stateWith(false), false)).toBe(true);
    expect(await commitmentsNeeded(rt, 'mom', open, undefined, false)).toBe(true);
  });

  it('not for an open course already announced: decide() says nothing new about it', async () => {
    const { rt } = deps();
    const open = [seen('ART-101', 'open'), seen('ART-102', 'closed')];
    expect(await commitmentsNeeded(rt, 'mom', open, stateWith(true), false)).toBe(false);
  });

  it('for an announced course that was closed since: it may be announced again', async () => {
    const { rt } = deps();
    const state = stateWith(true);
    state.targets['sister-ART-101']!.courses['ART-101']!.closedSince = T0.toISOString();
    const open = [seen('ART-101', 'open'), seen('ART-102', 'closed')];
    expect(await commitmentsNeeded(rt, 'mom', open, state, false)).toBe(true);
  });

  it('for an open course of an auto-hold target, announced or not (the hold checks clashes)', async () => {
    const { rt } = deps();
    const auto = {
      ...rt,
      config: {
        ...config,
        policy: {
          ...config.policy,
          targets: config.policy.targets.map((t) => ({ ...t, autoHold: t.childId === 'sister' })),
        },
      },
    };
    const open = [seen('ART-101', 'open'), seen('ART-102', 'closed')];
    expect(await commitmentsNeeded(auto, 'mom', open, stateWith(true), false)).toBe(true);
    expect(await commitmentsNeeded(auto, 'mom', full, stateWith(false), false)).toBe(false);
  });

  it('for an announced course closed for a whole cool-down: the check that would say "gone" (bought by hand ends it quietly)', async () => {
    const { rt, later } = deps();
    const state = stateWith(true);
    // Just announced, now full: nothing is due for a cool-down (30 minutes by default).
    expect(await commitmentsNeeded(rt, 'mom', full, state, false)).toBe(false);
    state.targets['sister-ART-101']!.courses['ART-101']!.closedSince = T0.toISOString();
    // decide() comes after every account was read, at most a cycle's time later: due by then is due.
    const cycleMs = config.schedule.cycleTimeoutSeconds * 1000;
    later(config.policy.cooldownMinutes * 60_000 - cycleMs - 1_000);
    expect(await commitmentsNeeded(rt, 'mom', full, state, false)).toBe(false);
    later(1_000);
    expect(await commitmentsNeeded(rt, 'mom', full, state, false)).toBe(true);
  });

  it('with no cool-down, the first check that finds an announced course closed reads them ("gone" is due at once)', async () => {
    const { rt } = deps();
    const none = { ...rt, config: { ...config, policy: { ...config.policy, cooldownMinutes: 0 } } };
    expect(await commitmentsNeeded(none, 'mom', full, stateWith(true), false)).toBe(true);
    expect(await commitmentsNeeded(rt, 'mom', full, stateWith(true), false)).toBe(false);
  });

  it('another account\'s due "gone" or open course does not make this account read', async () => {
    const { rt } = deps();
    const state = stateWith(false);
    state.targets['brother-SWIM-201']!.courses['SWIM-201']!.closedSince = new Date(
      T0.getTime() - 2 * 3_600_000,
    ).toISOString();
    const withSwim = [...full, seen('SWIM-201', 'full')];
    expect(await commitmentsNeeded(rt, 'mom', withSwim, state, false)).toBe(false);
    expect(await commitmentsNeeded(rt, 'dad', [seen('SWIM-201', 'full')], state, false)).toBe(true);
  });

  it('not on a first check that finds nothing open', async () => {
    const { rt } = deps();
    expect(await commitmentsNeeded(rt, 'mom', full, undefined, false)).toBe(false);
  });

  it(`for an approved hold: at once, then again only ${RECONCILE_EVERY_MS / 60_000} minutes after the last read`, async () => {
    const { rt, later } = deps();
    await rt.repos.holds.create(approvedHold('mom'));
    const quiet = stateWith(false);
    expect(await commitmentsNeeded(rt, 'mom', full, quiet, false)).toBe(true);
    later(RECONCILE_EVERY_MS - 1_000);
    expect(await commitmentsNeeded(rt, 'mom', full, quiet, false)).toBe(false);
    later(1_000);
    expect(await commitmentsNeeded(rt, 'mom', full, quiet, false)).toBe(true);
    expect(await commitmentsNeeded(rt, 'mom', full, quiet, false)).toBe(false);
    // Each account keeps its own time: dad's approved hold is due on its own first check.
    await rt.repos.holds.create(approvedHold('dad'));
    expect(await commitmentsNeeded(rt, 'dad', [seen('SWIM-201', 'full')], emptyWatchState(T0), false)).toBe(
      true,
    );
  });

  it('a read for another reason restarts the approved hold’s five minutes', async () => {
    const { rt, later } = deps();
    await rt.repos.holds.create(approvedHold('mom'));
    expect(await commitmentsNeeded(rt, 'mom', full, stateWith(false), false)).toBe(true);
    later(RECONCILE_EVERY_MS - 60_000);
    const open = [seen('ART-101', 'open'), seen('ART-102', 'closed')];
    expect(await commitmentsNeeded(rt, 'mom', open, stateWith(false), false)).toBe(true);
    later(60_000);
    expect(await commitmentsNeeded(rt, 'mom', full, stateWith(false), false)).toBe(false);
  });

  it('a dry run records nothing: the next real check is still due', async () => {
    const { rt } = deps();
    await rt.repos.holds.create(approvedHold('mom'));
    expect(await commitmentsNeeded(rt, 'mom', full, stateWith(false), true)).toBe(true);
    expect(await commitmentsNeeded(rt, 'mom', full, stateWith(false), true)).toBe(true);
  });

  it('a held (not yet approved) hold does not make the orders due', async () => {
    const { rt } = deps();
    await rt.repos.holds.create({ ...approvedHold('mom'), status: 'held' });
    expect(await commitmentsNeeded(rt, 'mom', full, stateWith(false), false)).toBe(false);
  });
  it('with the holds the check already read: only approved ones of this account count, the store is not read', async () => {
    const { rt } = deps();
    // The store has nothing: what counts is the list given, as the cycle read it once.
    const given = [approvedHold('dad'), { ...approvedHold('mom'), status: 'held' as const }];
    expect(await commitmentsNeeded(rt, 'mom', full, stateWith(false), false, given)).toBe(false);
    expect(await commitmentsNeeded(rt, 'mom', full, stateWith(false), false, [approvedHold('mom')])).toBe(
      true,
    );
    expect(
      await commitmentsNeeded(rt, 'dad', [seen('SWIM-201', 'full')], stateWith(false), false, given),
    ).toBe(true);
  });
});
