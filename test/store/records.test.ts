import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { JianlouError } from '../../src/core/errors.js';
import type { Observation } from '../../src/core/types.js';
import type { HoldRecord } from '../../src/store/holds.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { createRepositories, type Repositories } from '../../src/store/repositories.js';
import { createStateRepo } from '../../src/store/state.js';
import type { KvStore } from '../../src/store/types.js';
import { emptyWatchState, watchStateSchema } from '../../src/watch/decide.js';
import type { HoldFact } from '../../src/watch/decide-types.js';

const at = (minute: number) => new Date(Date.UTC(2026, 6, 1, 8, minute));
const observation = (courseId: string, seats: number): Observation => ({
  courseId,
  title: '少儿美术',
  seats,
  state: seats > 0 ? 'open' : 'full',
  url: `http://127.0.0.1:4173/courses/${courseId}`,
});
const newHold = (id: string, targetId = 'sister-art') => ({
  id,
  accountId: 'mom',
  targetId,
  childId: 'sister',
  courseId: 'ART-101',
  schedule: { weekday: 6, start: '09:00', end: '10:30' },
  portal: {
    id: 'cart-1',
    courseId: 'ART-101',
    studentId: 'S001',
    heldAt: at(0).toISOString(),
    expiresAt: null,
  },
  status: 'held' as const,
  createdAt: at(0).toISOString(),
});

describe('store repositories', () => {
  let kv: KvStore;
  let repos: Repositories;
  let invalid: string[];
  beforeEach(() => {
    invalid = [];
    kv = createMemoryStore({ onInvalid: (ns, key) => invalid.push(`${ns}/${key}`) });
    repos = createRepositories(kv);
  });
  afterEach(() => kv.close());

  it('keeps the last observation of each course', async () => {
    await repos.observations.save('mom', [observation('ART-101', 0), observation('ART-102', 2)], at(0));
    await repos.observations.save('mom', [observation('ART-101', 1)], at(2));
    expect(await repos.observations.get('ART-101')).toEqual({
      courseId: 'ART-101',
      accountId: 'mom',
      at: at(2).toISOString(),
      observation: observation('ART-101', 1),
    });
    expect((await repos.observations.list()).map((r) => r.observation.seats)).toEqual([1, 2]);
  });

  it('records a hold once, then its decisions and outcome', async () => {
    expect(await repos.holds.create(newHold('h1'))).toBe(true);
    expect(await repos.holds.create({ ...newHold('h1'), status: 'failed' })).toBe(false);
    const decision = { action: 'approve' as const, by: 'link', ip: '192.168.1.9', at: at(5).toISOString() };
    const order = {
      id: 'O1',
      courseId: 'ART-101',
      studentId: 'S001',
      status: 'pending_payment' as const,
      createdAt: at(5).toISOString(),
    };
    const updated = await repos.holds.update('h1', { status: 'approved', decision, order }, at(5));
    expect(updated).toMatchObject({
      status: 'approved',
      decisions: [decision],
      order,
      updatedAt: at(5).toISOString(),
    });
    expect(await repos.holds.get('h1')).toEqual(updated);
    await expect(repos.holds.update('nope', { status: 'failed' }, at(6))).rejects.toThrow(JianlouError);
  });

  it('lists holds by status, account and target, oldest first', async () => {
    await repos.holds.create({ ...newHold('h2'), createdAt: at(3).toISOString() });
    await repos.holds.create(newHold('h1'));
    await repos.holds.create({ ...newHold('h3', 'brother-swim'), status: 'failed' });
    expect((await repos.holds.list()).map((h) => h.id)).toEqual(['h1', 'h3', 'h2']);
    expect((await repos.holds.list({ status: ['held'] })).map((h) => h.id)).toEqual(['h1', 'h2']);
    expect((await repos.holds.list({ targetId: 'brother-swim' })).map((h) => h.id)).toEqual(['h3']);
  });

  it('hands hold records to decide() as they are', async () => {
    await repos.holds.create(newHold('h1'));
    const records: HoldRecord[] = await repos.holds.list();
    const facts: HoldFact[] = records;
    expect(facts[0]).toMatchObject({ id: 'h1', targetId: 'sister-art', status: 'held' });
  });

  it('keeps alert history once per id, filtered by time and subject', async () => {
    const alert = (id: string, minute: number, targetId?: string) => ({
      id,
      kind: 'opening',
      targetId,
      at: at(minute).toISOString(),
      outboxId: id,
    });
    expect(await repos.alerts.add(alert('a2', 2, 'sister-art'))).toBe(true);
    expect(await repos.alerts.add(alert('a2', 9))).toBe(false);
    await repos.alerts.add(alert('a1', 1, 'brother-swim'));
    await repos.alerts.add(alert('a3', 3, 'sister-art'));
    expect((await repos.alerts.list()).map((a) => a.id)).toEqual(['a1', 'a2', 'a3']);
    expect((await repos.alerts.list({ since: at(2), targetId: 'sister-art' })).map((a) => a.id)).toEqual([
      'a2',
      'a3',
    ]);
    expect(await repos.alerts.prune(at(2))).toBe(1);
    expect(await repos.alerts.get('a1')).toBeUndefined();
  });

  it('keeps run history per account, newest first', async () => {
    const runOf = (accountId: string, minute: number, outcome: 'ok' | 'session_expired') => ({
      accountId,
      startedAt: at(minute).toISOString(),
      durationMs: 1200,
      outcome,
      courses: ['ART-101'],
    });
    await repos.runs.add(runOf('mom', 0, 'ok'));
    await repos.runs.add(runOf('mom', 2, 'session_expired'));
    await repos.runs.add(runOf('dad', 1, 'ok'));
    expect((await repos.runs.recent('mom', 5)).map((r) => r.outcome)).toEqual(['session_expired', 'ok']);
    expect((await repos.runs.recent('mom', 1)).map((r) => r.startedAt)).toEqual([at(2).toISOString()]);
    const latest = await repos.runs.latest();
    expect([...latest.keys()].sort()).toEqual(['dad', 'mom']);
    expect(latest.get('mom')?.outcome).toBe('session_expired');
    expect(await repos.runs.prune(at(1))).toBe(1);
    expect(await repos.runs.recent('mom', 5)).toHaveLength(1);
  });

  it('saves the engine state and treats a state that no longer parses as absent', async () => {
    const repo = createStateRepo(kv, 'watch', watchStateSchema);
    expect(await repo.load()).toBeUndefined();
    const state = emptyWatchState(at(0));
    await repo.save(state);
    expect(await repo.load()).toEqual(state);
    await kv.set('state', 'watch', { version: 0 });
    expect(await repo.load()).toBeUndefined();
    expect(invalid).toEqual(['state/watch']);
  });
});
