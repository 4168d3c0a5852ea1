import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Observation, Schedule } from '../../src/core/types.js';
import { alertSchema } from '../../src/notify/alert-schema.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { NS } from '../../src/store/namespaces.js';
import { createRepositories, type Repositories } from '../../src/store/repositories.js';
import type { KvStore } from '../../src/store/types.js';
import { emptyWatchState, watchStateSchema } from '../../src/watch/decide.js';

/**
 * Issue 27 item 5: records written before schedules had dates ranges still read back as they were,
 * the new shapes read back whole (an older schema would drop `from`/`until` and read a term as an
 * endless weekly class), and a schedule that does not parse costs its record nothing but itself.
 */

const at = '2026-07-01T08:00:00.000Z';
const observationWith = (schedule: unknown): Record<string, unknown> => ({
  courseId: 'ART-101',
  title: '少儿美术',
  seats: 1,
  state: 'open',
  url: 'http://127.0.0.1:4173/courses/ART-101',
  schedule,
});
const holdRecordWith = (schedule: unknown) => ({
  id: 'h1',
  accountId: 'mom',
  targetId: 'sister-art',
  childId: 'sister',
  courseId: 'ART-101',
  title: '少儿美术',
  schedule,
  status: 'approved',
  decisions: [],
  createdAt: at,
  updatedAt: at,
});

const OLD: [string, Schedule][] = [
  ['a weekly class (round 1)', { weekday: 6, start: '09:00', end: '10:30' }],
  [
    'a dated event with its weekday (round 2, the spa flow)',
    { weekday: 6, start: '09:00', end: '10:30', date: '2027-01-16' },
  ],
];
const NEW: [string, Schedule][] = [
  [
    'a weekly class over a term',
    { weekday: 6, from: '2027-03-06', until: '2027-06-12', start: '09:00', end: '10:30' },
  ],
  ['every day of a range', { from: '2027-01-18', until: '2027-01-24', start: '09:00', end: '11:00' }],
  [
    'listed weekdays of a range',
    { from: '2027-01-18', until: '2027-01-29', weekdays: [1, 3, 5], start: '09:00', end: '11:00' },
  ],
  ['one date alone', { date: '2027-01-16', start: '09:00', end: '10:30' }],
];

describe('stored schedules, old and new', () => {
  let kv: KvStore;
  let repos: Repositories;
  let invalid: string[];
  beforeEach(() => {
    invalid = [];
    kv = createMemoryStore({ onInvalid: (ns, key) => invalid.push(`${ns}/${key}`) });
    repos = createRepositories(kv);
  });
  afterEach(() => kv.close());

  it.each([...OLD, ...NEW])('an observation with %s reads back whole', async (_, schedule) => {
    await kv.set(NS.observations, 'ART-101', {
      courseId: 'ART-101',
      accountId: 'mom',
      at,
      observation: observationWith(schedule),
    });
    expect((await repos.observations.get('ART-101'))?.observation.schedule).toEqual(schedule);
    expect(invalid).toEqual([]);
  });

  it.each([...OLD, ...NEW])('a hold record with %s reads back whole', async (_, schedule) => {
    await kv.set(NS.holds, 'h1', holdRecordWith(schedule));
    expect((await repos.holds.get('h1'))?.schedule).toEqual(schedule);
    expect(invalid).toEqual([]);
  });

  it.each([...OLD, ...NEW])('an alert in the outbox with %s parses whole', (_, schedule) => {
    const alert = {
      kind: 'hold_result',
      child: { id: 'sister', name: '姐姐' },
      observation: observationWith(schedule),
      hold: { id: 'r1', courseId: 'ART-101', heldAt: at, expiresAt: null },
      outcome: 'approved',
    };
    const parsed = alertSchema.parse(alert);
    expect(parsed.kind === 'hold_result' && parsed.observation.schedule).toEqual(schedule);
  });

  it.each<[string, unknown]>([
    ['weekday 0 (a flow that used getDay())', { weekday: 0, start: '09:00', end: '10:30' }],
    ['a date in another format', { weekday: 6, start: '09:00', end: '10:30', date: '2027/01/16' }],
    ['no times', { weekday: 6 }],
  ])('a record whose schedule is %s keeps the rest of itself', async (_, schedule) => {
    await kv.set(NS.holds, 'h1', holdRecordWith(schedule));
    await kv.set(NS.observations, 'ART-101', {
      courseId: 'ART-101',
      accountId: 'mom',
      at,
      observation: observationWith(schedule),
    });
    const hold = await repos.holds.get('h1');
    expect(hold?.status).toBe('approved');
    expect(hold?.schedule).toBeUndefined();
    const seen = await repos.observations.get('ART-101');
    expect(seen?.observation.seats).toBe(1);
    expect(seen?.observation.schedule).toBeUndefined();
  });

  it('a pending hold in the watch state keeps its term', () => {
    const schedule = NEW[0]?.[1];
    const state = watchStateSchema.parse({
      ...emptyWatchState(new Date(at)),
      targets: {
        'sister-art': {
          courses: {},
          pendingHold: { id: 'p1', courseId: 'ART-101', accountId: 'mom', at, schedule },
        },
      },
    });
    expect(state.targets['sister-art']?.pendingHold?.schedule).toEqual(schedule);
  });

  it('saves and reads the new shapes through the repository as a flow returned them', async () => {
    const observations: Observation[] = NEW.map(([, schedule], i) => ({
      ...(observationWith(schedule) as unknown as Observation),
      courseId: `C-${i}`,
    }));
    await repos.observations.save('mom', observations, new Date(at));
    const back = await repos.observations.list();
    expect(back.map((r) => r.observation.schedule)).toEqual(NEW.map(([, s]) => s));
  });
});
