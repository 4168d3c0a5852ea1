import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import demoSpa from '../../../flows/demo-spa.js';
import {
  childOf,
  claim,
  expiryOf,
  type HoldEffect,
  holdRecordBase,
  isClaimed,
  releaseClaim,
  viewOf,
} from '../../../src/app/holds/hold-records.js';
import { parseConfig } from '../../../src/config/load.js';
import type { Observation } from '../../../src/core/types.js';
import { createLogger } from '../../../src/log/logger.js';
import type { HoldRecord } from '../../../src/store/holds.js';
import { createMemoryStore } from '../../../src/store/memory.js';
import { createRepositories } from '../../../src/store/repositories.js';

/**
 * The hold claim is what makes a double tap, two parents, or a link and the terminal decide a hold
 * once: the first claim wins, a fresh one blocks, a stale one (a crashed decision) is taken over.
 */

const T0 = new Date('2026-07-01T02:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

function claimDeps(now: Date) {
  const lines: { msg: string; hold?: string; claim?: string }[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const kv = createMemoryStore();
  const rt = { kv, logger: createLogger({ destination }), now: () => now };
  return { rt, lines, at: (date: Date) => ({ ...rt, now: () => date }) };
}

describe('claim(): one decision per hold', () => {
  it('the first claim wins; a second one while it is fresh loses', async () => {
    const { rt, lines } = claimDeps(T0);
    expect(await claim(rt, 'h1', { action: 'approve', at: T0.toISOString() })).toBe(true);
    expect(await claim(rt, 'h1', { action: 'release', at: T0.toISOString() })).toBe(false);
    expect(await rt.kv.get('hold-claims', 'h1', z.unknown())).toEqual({
      action: 'approve',
      at: T0.toISOString(),
    });
    expect(lines).toEqual([]);
  });

  it('claims of different holds do not block each other', async () => {
    const { rt } = claimDeps(T0);
    expect(await claim(rt, 'h1', { action: 'approve', at: T0.toISOString() })).toBe(true);
    expect(await claim(rt, 'h2', { action: 'release', at: T0.toISOString() })).toBe(true);
  });

  it('a claim 9 min 59 s old still blocks; one 10 min old was left by a crash and is taken over', async () => {
    const { rt, lines, at } = claimDeps(T0);
    await claim(rt, 'h1', { action: 'approve', at: T0.toISOString(), via: 'link' });
    const almost = new Date(minutes(10).getTime() - 1_000);
    expect(await claim(at(almost), 'h1', { action: 'release', at: almost.toISOString() })).toBe(false);
    expect(lines).toEqual([]);
    expect(await claim(at(minutes(10)), 'h1', { action: 'release', at: minutes(10).toISOString() })).toBe(
      true,
    );
    expect(lines).toMatchObject([
      { hold: 'h1', claim: 'approve', msg: 'taking over a stale hold claim left by an interrupted decision' },
    ]);
    // The new claim is the one stored, and it blocks in its turn.
    expect(await claim(at(minutes(11)), 'h1', { action: 'approve', at: minutes(11).toISOString() })).toBe(
      false,
    );
  });

  it('a claim without a time (written by an older version) counts as stale', async () => {
    const { rt, lines } = claimDeps(T0);
    await rt.kv.set('hold-claims', 'h1', { action: 'approve' });
    expect(await claim(rt, 'h1', { action: 'release', at: T0.toISOString() })).toBe(true);
    expect(lines).toHaveLength(1);
  });

  it('releaseClaim() gives the hold back; isClaimed() tells whether a decision holds it', async () => {
    const { rt } = claimDeps(T0);
    expect(await isClaimed(rt, 'h1')).toBe(false);
    await claim(rt, 'h1', { action: 'approve', at: T0.toISOString() });
    expect(await isClaimed(rt, 'h1')).toBe(true);
    expect(await isClaimed(rt, 'h2')).toBe(false);
    await releaseClaim(rt, 'h1');
    expect(await isClaimed(rt, 'h1')).toBe(false);
    expect(await claim(rt, 'h1', { action: 'release', at: T0.toISOString() })).toBe(true);
  });
});

const config = parseConfig(
  `
portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:4173" }
accounts: [{ id: mom }]
children:
  - { id: sister, name: 姐姐, account: mom, studentId: S001 }
  - { id: brother, name: 弟弟, account: mom, studentId: S002 }
targets:
  - { child: sister, courses: [ART-101] }
`,
  '/srv/jl/jianlou.yaml',
  {},
);

const portalHold = {
  id: 'cart-1',
  courseId: 'ART-101',
  studentId: 'S001',
  heldAt: '2026-07-01T02:00:00.000Z',
  expiresAt: '2026-07-01T02:20:00.000Z',
};
const observation: Observation = {
  courseId: 'ART-101',
  title: '少儿美术',
  seats: 2,
  state: 'open',
  url: 'http://127.0.0.1:4173/courses/ART-101',
  schedule: { weekday: 6, start: '09:00', end: '10:30' },
};
const record = (over: Partial<HoldRecord> = {}): HoldRecord => ({
  id: 'h1',
  accountId: 'mom',
  targetId: 'sister-ART-101',
  childId: 'sister',
  courseId: 'ART-101',
  title: '少儿美术',
  schedule: { weekday: 6, start: '09:00', end: '10:30' },
  portal: portalHold,
  status: 'held',
  decisions: [],
  createdAt: T0.toISOString(),
  updatedAt: T0.toISOString(),
  ...over,
});

describe('the hold helpers the effect, the decisions and the sweep share', () => {
  it('childOf() finds the child by id and names an unknown one', () => {
    expect(childOf(config, 'brother').name).toBe('弟弟');
    expect(() => childOf(config, 'cousin')).toThrow(
      'hold for unknown child "cousin" (was the config changed?)',
    );
  });

  it("expiryOf() is the portal's expiry, or 15 minutes after the hold when it says none; never for a kept kind", () => {
    const cart = { expires: true };
    expect(expiryOf(portalHold, cart)?.toISOString()).toBe('2026-07-01T02:20:00.000Z');
    expect(expiryOf({ ...portalHold, expiresAt: null }, cart)?.toISOString()).toBe(
      '2026-07-01T02:15:00.000Z',
    );
    expect(expiryOf({ ...portalHold, expiresAt: null }, { expires: false })).toBeNull();
  });

  it('holdRecordBase() copies the fields of the hold effect, the schedule only when known', () => {
    const effect: HoldEffect = {
      type: 'hold',
      id: 'hold:sister-art/ART-101:1',
      targetId: 'sister-art',
      accountId: 'mom',
      childId: 'sister',
      courseId: 'ART-101',
      observation,
    };
    expect(holdRecordBase(effect, T0)).toEqual({
      id: 'hold:sister-art/ART-101:1',
      accountId: 'mom',
      targetId: 'sister-art',
      childId: 'sister',
      courseId: 'ART-101',
      title: '少儿美术',
      schedule: { weekday: 6, start: '09:00', end: '10:30' },
      createdAt: T0.toISOString(),
    });
    const { schedule: _none, ...unscheduled } = observation;
    expect(holdRecordBase({ ...effect, observation: unscheduled }, T0)).not.toHaveProperty('schedule');
  });

  it('viewOf() shows the last observation of the course, the last decision and the order', async () => {
    const repos = createRepositories(createMemoryStore());
    await repos.observations.save('mom', [{ ...observation, seats: 1 }], T0);
    const decided = record({
      status: 'approved',
      decisions: [
        { action: 'release', by: 'link', at: '2026-07-01T02:01:00.000Z' },
        { action: 'release', by: 'link 192.168.1.20', at: '2026-07-01T02:01:30.000Z' },
        { action: 'approve', by: 'terminal', at: '2026-07-01T02:02:00.000Z' },
      ],
      order: {
        id: 'o-1',
        courseId: 'ART-101',
        studentId: 'S001',
        status: 'pending_payment',
        createdAt: '2026-07-01T02:02:00.000Z',
      },
    });
    expect(await viewOf({ config, repos }, decided)).toEqual({
      holdId: 'h1',
      child: { id: 'sister', name: '姐姐' },
      observation: { ...observation, seats: 1 },
      hold: portalHold,
      status: 'approved',
      decidedBy: 'terminal',
      decidedAt: '2026-07-01T02:02:00.000Z',
      order: decided.order,
    });
  });

  it('viewOf() without a decision or an observation: the record stands in for the course', async () => {
    const repos = createRepositories(createMemoryStore());
    expect(await viewOf({ config, repos }, record())).toEqual({
      holdId: 'h1',
      child: { id: 'sister', name: '姐姐' },
      observation: {
        courseId: 'ART-101',
        title: '少儿美术',
        seats: null,
        state: 'open',
        url: 'http://127.0.0.1:4173',
        schedule: { weekday: 6, start: '09:00', end: '10:30' },
      },
      hold: portalHold,
      status: 'held',
    });
    const { title: _title, schedule: _schedule, ...untitled } = record();
    const bare = await viewOf({ config, repos }, untitled);
    expect(bare?.observation).toEqual({
      courseId: 'ART-101',
      title: 'ART-101',
      seats: null,
      state: 'open',
      url: 'http://127.0.0.1:4173',
    });
  });

  it('viewOf() has nothing to show for a hold the portal never gave', async () => {
    const repos = createRepositories(createMemoryStore());
    expect(await viewOf({ config, repos }, record({ portal: undefined, status: 'failed' }))).toBeUndefined();
  });

  it('viewOf() with the flow carries its hold kind, for the pages to word the hold by', async () => {
    const repos = createRepositories(createMemoryStore());
    expect((await viewOf({ config, repos, flow: demoSpa }, record()))?.holdKind).toEqual({
      kind: 'registration',
      expires: false,
      after: 'review',
      release: false,
    });
  });
});
