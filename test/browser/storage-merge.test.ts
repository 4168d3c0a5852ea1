import { describe, expect, it } from 'vitest';
import type { StorageState } from '../../src/browser/launch.js';
import { mergeStorageState } from '../../src/browser/storage-merge.js';

const cookie = (name: string, value: string) => ({
  name,
  value,
  domain: '127.0.0.1',
  path: '/',
  expires: -1,
  httpOnly: true,
  secure: false,
  sameSite: 'Lax' as const,
});
const origin = 'http://127.0.0.1:4173';
const state = (cookies: [string, string][], items: [string, string][] = []): StorageState => ({
  cookies: cookies.map(([n, v]) => cookie(n, v)),
  origins: items.length ? [{ origin, localStorage: items.map(([name, value]) => ({ name, value })) }] : [],
});
const pairs = (s: StorageState) => ({
  cookies: s.cookies.map((c) => `${c.name}=${c.value}`).sort(),
  items: s.origins.flatMap((o) => o.localStorage.map((i) => `${o.origin} ${i.name}=${i.value}`)).sort(),
});

describe('issue 18: a session save merges what this context changed onto the file as it is now', () => {
  it.each([
    {
      what: 'a cookie and a localStorage cart set by the hold are added',
      base: state([['sid', 'a']]),
      ours: state(
        [
          ['sid', 'a'],
          ['cart', '1'],
        ],
        [['cart', 'ART-101']],
      ),
      theirs: state([['sid', 'a']]),
      want: { cookies: ['cart=1', 'sid=a'], items: [`${origin} cart=ART-101`] },
    },
    {
      what: 'a fresh login saved meanwhile is kept: this context never touched the old sid',
      base: state([['sid', 'old']]),
      ours: state([
        ['sid', 'old'],
        ['cart', '1'],
      ]),
      theirs: state([['sid', 'new']]),
      want: { cookies: ['cart=1', 'sid=new'], items: [] },
    },
    {
      what: 'a token this context refreshed wins over the file',
      base: state([['sid', 'old']]),
      ours: state([['sid', 'refreshed']]),
      theirs: state([['sid', 'old']]),
      want: { cookies: ['sid=refreshed'], items: [] },
    },
    {
      what: 'a cookie this context removed goes, unless the file changed it meanwhile',
      base: state([
        ['sid', 'a'],
        ['cart', '1'],
        ['other', 'x'],
      ]),
      ours: state([['sid', 'a']]),
      theirs: state([
        ['sid', 'a'],
        ['cart', '1'],
        ['other', 'y'],
      ]),
      want: { cookies: ['other=y', 'sid=a'], items: [] },
    },
    {
      what: 'a cart item released from localStorage goes, and an emptied origin is dropped',
      base: state([['sid', 'a']], [['cart', 'ART-101']]),
      ours: state([['sid', 'a']]),
      theirs: state([['sid', 'a']], [['cart', 'ART-101']]),
      want: { cookies: ['sid=a'], items: [] },
    },
  ])('$what', ({ base, ours, theirs, want }) => {
    const merged = mergeStorageState(base, ours, theirs);
    expect(pairs(merged)).toEqual(want);
    expect(merged.origins.every((o) => o.localStorage.length > 0)).toBe(true);
  });
});

describe('storage merge across origins (issue 26, test strength)', () => {
  const other = 'http://127.0.0.1:9000';
  const two = (a: [string, string][], b: [string, string][]): StorageState => ({
    cookies: [],
    origins: [
      { origin, localStorage: a.map(([name, value]) => ({ name, value })) },
      { origin: other, localStorage: b.map(([name, value]) => ({ name, value })) },
    ],
  });

  it("each origin's items merge with the same origin's: a change in one never lands in the other", () => {
    const base = two([['token', 'a']], [['cart', 'ART-101']]);
    const ours = two([['token', 'b']], []);
    const merged = mergeStorageState(base, ours, base);
    expect(pairs(merged).items).toEqual([`${origin} token=b`]);
  });
});
