import { describe, expect, it } from 'vitest';
import {
  backgroundOf,
  densest,
  type Item,
  instances,
  poissonTail,
  significant,
  tally,
  windowOf,
} from '../../src/watch/surge-clusters.js';

/** The cluster statistics behind learned windows (src/watch/surge-clusters.ts), case by case. */
let n = 0;
const item = (pos: number, occ = n): Item => ({ pos, occ, ret: { atMs: n++, portal: 'p', courseId: 'c' } });
const positions = (found: { members: Item[] } | undefined) => found?.members.map((m) => m.pos);

describe('densest', () => {
  it('nothing in, nothing out', () => {
    expect(densest([], 5, undefined)).toBeUndefined();
    expect(densest([], 5, 1440)).toBeUndefined();
  });

  it('the run of items less than span apart (span itself is too far)', () => {
    const found = densest([item(12), item(0), item(1), item(4.9), item(5.9)], 5, undefined);
    expect(found?.anchor.pos).toBe(0);
    expect(positions(found)).toEqual([0, 1, 4.9]);
    expect(positions(densest([item(0), item(5)], 5, undefined))).toEqual([0]);
  });

  it('with a period, a cluster wraps around midnight', () => {
    const found = densest([item(1), item(1438), item(2), item(1439), item(700)], 5, 1440);
    expect(found?.anchor.pos).toBe(1438);
    expect(positions(found)).toEqual([1438, 1439, 1441, 1442]);
    // Without a period, no wrap.
    expect(positions(densest([item(1), item(1438), item(2), item(1439)], 5, undefined))).toEqual([1, 2]);
  });

  it('takes each item once even when the span covers the whole period', () => {
    expect(positions(densest([item(0), item(5)], 20, 10))).toEqual([0, 5]);
  });

  it('prefers more occurrences, then more items, then the first', () => {
    const moreOccs = densest([item(0, 1), item(1, 1), item(2, 1), item(100, 1), item(101, 2)], 5, undefined);
    expect(moreOccs?.anchor.pos).toBe(100);
    const moreItems = densest(
      [item(0, 1), item(1, 2), item(100, 1), item(101, 2), item(102, 2)],
      5,
      undefined,
    );
    expect(moreItems?.anchor.pos).toBe(100);
    const occsFirst = densest(
      [item(0, 1), item(1, 2), item(100, 3), item(101, 3), item(102, 3)],
      5,
      undefined,
    );
    expect(occsFirst?.anchor.pos).toBe(0);
    const tie = densest([item(0, 1), item(1, 2), item(100, 1), item(101, 2)], 5, undefined);
    expect(tie?.anchor.pos).toBe(0);
  });

  it('counts occurrences of the window as it slides', () => {
    // At 10 the window holds occurrences 2, 2, 3, 4; at 11 it holds 2, 3, 4, 5 (one more).
    const sliding = [item(10, 2), item(11, 2), item(12, 3), item(13, 4), item(14, 5)];
    expect(densest(sliding, 4, undefined)?.anchor.pos).toBe(11);
    // An occurrence that left the window no longer counts.
    const left = [item(0, 1), item(1, 2), item(10, 3)];
    expect(densest(left, 4, undefined)?.anchor.pos).toBe(0);
  });
});

describe('windowOf', () => {
  it('5th to 95th percentile of the offsets, whatever their order, with lead and tail', () => {
    // 19 members at offsets 0, 2, …, 36: the 5th percentile is the first, the 95th the last.
    const offsets = Array.from({ length: 19 }, (_, i) => i * 2).reverse();
    const anchor = item(10.5);
    const members = offsets.map((o) => item(10.5 + o));
    expect(windowOf(anchor, members, { leadMinutes: 2, tailMinutes: 1 })).toEqual({ start: 8, duration: 40 });
    // 21 members at offsets 0…20, shuffled: 5th percentile is offset 1, 95th offset 19.
    const shuffled = [7, 20, 0, 13, 1, 19, 2, 18, 3, 17, 4, 16, 5, 15, 6, 14, 8, 12, 9, 11, 10];
    expect(
      windowOf(
        item(0),
        shuffled.map((o) => item(o)),
        { leadMinutes: 0, tailMinutes: 0 },
      ),
    ).toEqual({
      start: 1,
      duration: 18,
    });
    expect(windowOf(item(5), [item(5)], { leadMinutes: 2, tailMinutes: 1 })).toEqual({
      start: 3,
      duration: 3,
    });
  });
});

describe('instances and tally', () => {
  const m = (atMs: number): Item => ({ pos: 0, occ: 0, ret: { atMs, portal: 'p', courseId: 'c' } });

  it('chances are the windows inside the history and over by now', () => {
    const range = (firstMs: number, nowMs: number) => ({ firstMs, nowMs });
    expect(instances(0, 100, 10, range(0, 195), [m(5), m(105)], 3)).toEqual({
      occurrences: 2,
      chances: 2,
      stopped: false,
    });
    expect(instances(0, 100, 10, range(0, 210), [m(5), m(105)], 3)).toEqual({
      occurrences: 2,
      chances: 3,
      stopped: false,
    });
    expect(instances(0, 100, 10, range(1, 210), [m(105)], 3)).toEqual({
      occurrences: 1,
      chances: 2,
      stopped: false,
    });
    expect(instances(0, 100, 10, range(0, 5), [], 3)).toEqual({ occurrences: 0, chances: 0, stopped: false });
  });

  it('stopped after that many missed chances in a row at the end', () => {
    const hits = new Set([0, 1]);
    expect(tally(0, 3, (k) => hits.has(k), 2)).toEqual({ occurrences: 2, chances: 4, stopped: true });
    expect(tally(0, 3, (k) => hits.has(k), 3)).toEqual({ occurrences: 2, chances: 4, stopped: false });
    expect(tally(0, 4, (k) => k !== 1 && k !== 2, 2)).toEqual({ occurrences: 3, chances: 5, stopped: false });
    expect(tally(5, 3, () => true, 1)).toEqual({ occurrences: 0, chances: 0, stopped: false });
  });
});

describe('significant', () => {
  const o = { minOccurrences: 3, minShare: 0.5, minLift: 3 };
  it('each condition at its bound', () => {
    expect(significant({ occurrences: 3, chances: 6 }, 30, 0, 288, o)).toBe(true);
    expect(significant({ occurrences: 2, chances: 2 }, 30, 0, 288, o)).toBe(false);
    expect(significant({ occurrences: 3, chances: 7 }, 30, 0, 288, o)).toBe(false);
    expect(significant({ occurrences: 3, chances: 3 }, 30, 10, 1, o)).toBe(true);
    expect(significant({ occurrences: 3, chances: 3 }, 29, 10, 1, o)).toBe(false);
    // Dense enough over the neighbourhood, but not rare enough over the period's spans.
    expect(significant({ occurrences: 3, chances: 3 }, 3, 0.05, 288, o)).toBe(false);
    expect(significant({ occurrences: 3, chances: 3 }, 3, 0.05, 1, o)).toBe(true);
    // The chance level is a strict bound.
    const loose = { minOccurrences: 0, minShare: 0, minLift: 0 };
    expect(significant({ occurrences: 0, chances: 0 }, 0, 1, 0.001, loose)).toBe(false);
    expect(significant({ occurrences: 0, chances: 0 }, 0, 1, 0.000999, loose)).toBe(true);
  });

  it('poissonTail for no rate and a negative one', () => {
    expect(poissonTail(0, 0)).toBe(1);
    expect(poissonTail(2, 0)).toBe(0);
    expect(poissonTail(2, -1)).toBe(0);
    expect(poissonTail(0, -1)).toBe(1);
  });
});

describe('backgroundOf', () => {
  it('items around the cluster (not in it) within an hour either side, per span', () => {
    const anchor = item(10);
    const members = [anchor, item(12)];
    const around = [item(-49.5), item(-50), item(74.5), item(75), item(200)];
    expect(backgroundOf([...members, ...around], members, anchor, 5, undefined)).toBeCloseTo(
      (2 * 5) / 120,
      12,
    );
    expect(backgroundOf(members, members, anchor, 5, undefined)).toBe(0);
  });

  it('with a period, distance goes around the clock', () => {
    const anchor = item(5);
    const items = [anchor, item(1420), item(700), item(1380)];
    expect(backgroundOf(items, [anchor], anchor, 5, 1440)).toBeCloseTo((1 * 5) / 120, 12);
    const late = item(1430);
    expect(backgroundOf([late, item(10), item(1400)], [late], late, 5, 1440)).toBeCloseTo((2 * 5) / 120, 12);
  });
});
