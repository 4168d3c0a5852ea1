import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cronProblem } from '../../src/config/cron-words.js';
import { said, sayIssue } from '../../src/config/said.js';
import { wordsOf, zodIssues } from '../../src/config/zod-issues.js';

/** zod's kinds of problem as words, beyond the ones the config schema meets (config-words.test.ts). */
const words = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value, { reportInput: true });
  if (r.success) throw new Error('expected a refusal');
  return zodIssues(r.error).map((i) => [i.path, i.words]);
};

describe('zod issues as words', () => {
  it('sizes: exclusive bounds, strings, lists and other origins', () => {
    expect(words(z.number().gt(0), 0)).toEqual([
      ['', { code: 'too_small', of: 'number', limit: 0, inclusive: false }],
    ]);
    expect(words(z.number().lt(5), 5)).toEqual([
      ['', { code: 'too_big', of: 'number', limit: 5, inclusive: false }],
    ]);
    expect(words(z.string().max(3), 'abcd')).toEqual([
      ['', { code: 'too_big', of: 'string', limit: 3, inclusive: true }],
    ]);
    expect(words(z.array(z.number()).min(2), [1])).toEqual([
      ['', { code: 'too_small', of: 'array', limit: 2, inclusive: true }],
    ]);
    expect(words(z.set(z.number()).max(1), new Set([1, 2]))).toEqual([
      ['', { code: 'too_big', of: 'array', limit: 1, inclusive: true }],
    ]);
    expect(words(z.bigint().min(2n), 1n)).toEqual([
      ['', { code: 'too_small', of: 'number', limit: 2, inclusive: true }],
    ]);
    expect(words(z.date().min(new Date(1000)), new Date(0))).toEqual([
      ['', { code: 'too_small', of: 'other', limit: 1000, inclusive: true }],
    ]);
  });

  it('formats, values, keys by path, and what has no kind of its own', () => {
    expect(words(z.object({ a: z.string().regex(/^x$/) }), { a: 'y' })).toEqual([
      ['a', { code: 'bad_format', format: 'regex' }],
    ]);
    expect(words(z.email(), 'nobody')).toEqual([['', { code: 'bad_format', format: 'email' }]]);
    expect(words(z.literal('off'), 'on')).toEqual([['', { code: 'not_one_of', values: ['off'] }]]);
    expect(words(z.number().multipleOf(5), 7)).toEqual([['', { code: 'invalid' }]]);
    expect(
      words(
        z.string().refine(() => false, 'plain English'),
        'x',
      ),
    ).toEqual([['', { code: 'invalid' }]]);
    expect(words(z.strictObject({ a: z.array(z.string()) }), { a: [1], b: 1 })).toEqual([
      ['a.0', { code: 'wrong_type', expected: ['string'] }],
      ['', { code: 'unknown_keys', keys: ['b'] }],
    ]);
    expect(words(z.object({ a: z.string() }), {})).toEqual([['a', { code: 'required' }]]);
  });

  it('a rule stated with said() or sayIssue() keeps its words', () => {
    const stated = said('a test rule of zod-issues.test', { code: 'proxy_hops' });
    expect(words(z.number().int(stated), 1.5)).toEqual([['', { code: 'proxy_hops' }]]);
    const custom = z.string().superRefine((_, ctx) => {
      ctx.addIssue({
        code: 'custom',
        path: ['x'],
        ...sayIssue('with a value', { code: 'listen_port', port: 9 }),
      });
    });
    expect(words(custom, 'x')).toEqual([['x', { code: 'listen_port', port: 9 }]]);
  });

  it('a union: the closest branch speaks; when every branch refused the type, all of them', () => {
    const hhmm = z.string().regex(/^\d\d:\d\d$/);
    expect(words(z.union([hhmm, z.literal('off')]), 'noon')[0]?.[1]).toEqual({
      code: 'bad_format',
      format: 'regex',
    });
    expect(words(z.union([z.boolean(), z.number()]), 'x')).toEqual([
      ['', { code: 'wrong_type', expected: ['boolean', 'number'] }],
    ]);
    const stated = said('a second test rule of zod-issues.test', { code: 'no_proxies' });
    expect(words(z.union([z.boolean(), z.array(z.string()).min(1, stated)]), [])).toEqual([
      ['', { code: 'no_proxies' }],
    ]);
    const issue = { code: 'invalid_union', errors: [[]], input: 1, path: [], message: 'Invalid input' };
    expect(wordsOf(issue as unknown as Parameters<typeof wordsOf>[0])).toEqual({ code: 'invalid' });
  });
});

describe('cronProblem()', () => {
  it('reads back each sentence of src/core/cron-fields.ts, and says "other" for another', () => {
    expect(cronProblem('"a b" has 2 fields; use 5 (minute hour day month weekday)')).toEqual({
      kind: 'fields',
      count: 2,
      seconds: false,
    });
    expect(
      cronProblem('"a" has 1 field; use 5 (minute hour day month weekday), or 6 with a seconds field first'),
    ).toEqual({ kind: 'fields', count: 1, seconds: true });
    expect(cronProblem('minute "x" is not a number, range (a-b), step (*/n) or list (a,b)')).toEqual({
      kind: 'not_a_value',
      field: 'minute',
      part: 'x',
    });
    expect(
      cronProblem('month "x" is not a number, a name (jan–dec), range (a-b), step (*/n) or list (a,b)'),
    ).toEqual({
      kind: 'not_a_value',
      field: 'month',
      part: 'x',
      names: 'jan–dec',
    });
    expect(cronProblem('day of month step must be at least 1')).toEqual({
      kind: 'step',
      field: 'day of month',
    });
    expect(cronProblem('second "61" is outside 0–59')).toEqual({
      kind: 'outside',
      field: 'second',
      part: '61',
      min: 0,
      max: 59,
    });
    expect(cronProblem('day of week "5-1" runs backwards; write the smaller value first')).toEqual({
      kind: 'backwards',
      field: 'day of week',
      part: '5-1',
    });
    expect(cronProblem('"0 0 31 2 *" never fires: no such day')).toEqual({ kind: 'never' });
    for (const other of [
      'something else',
      'xminute step must be at least 1',
      'minute step must be at least 10',
    ])
      expect(cronProblem(other)).toEqual({ kind: 'other' });
  });
});
