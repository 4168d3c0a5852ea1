import type { z } from 'zod';
import type { IssueWords } from '../core/error-words.js';
import type { InterpolationIssue } from './interpolate.js';
import { statedWords } from './said.js';

type ZodIssue = z.core.$ZodIssue;

/** zod's issues by path, each with its words: the config's own when it stated them, else zod's kind said generally. */
export function zodIssues(error: z.ZodError): InterpolationIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return {
        path,
        message: `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
        words: { code: 'unknown_keys', keys: issue.keys },
      };
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return { path, message: 'required', words: { code: 'required' } };
    }
    return { path, message: issue.message, words: wordsOf(issue) };
  });
}

function ownWords(issue: ZodIssue): IssueWords | undefined {
  const params = issue.code === 'custom' ? (issue.params as { words?: IssueWords } | undefined) : undefined;
  return params?.words ?? statedWords(issue.message);
}

const SIZED: Record<string, 'number' | 'string' | 'array'> = {
  number: 'number',
  int: 'number',
  bigint: 'number',
  string: 'string',
  array: 'array',
  set: 'array',
};

export function wordsOf(issue: ZodIssue): IssueWords {
  const own = ownWords(issue);
  if (own) return own;
  switch (issue.code) {
    case 'invalid_type':
      return { code: 'wrong_type', expected: [issue.expected] };
    case 'too_small':
    case 'too_big': {
      const limit = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const of = SIZED[issue.origin] ?? 'other';
      return { code: issue.code, of, limit, inclusive: issue.inclusive !== false };
    }
    case 'invalid_value':
      return { code: 'not_one_of', values: issue.values.map(String) };
    case 'invalid_format':
      return { code: 'bad_format', format: issue.format };
    case 'invalid_union':
      return unionWords(issue.errors);
    default:
      return { code: 'invalid' };
  }
}

/**
 * No branch of a union took the value: the branch the value came closest to (its own words, or a
 * problem other than its type) says what is wrong; when every branch refused the type, all of them
 * are what was expected.
 */
function unionWords(branches: ZodIssue[][]): IssueWords {
  const firsts = branches.flatMap((b) => (b[0] ? [b[0]] : []));
  const close = firsts.find((i) => ownWords(i)) ?? firsts.find((i) => i.code !== 'invalid_type');
  if (close) return wordsOf(close);
  const expected = firsts.flatMap((i) => (i.code === 'invalid_type' ? [i.expected] : []));
  return expected.length > 0 ? { code: 'wrong_type', expected } : { code: 'invalid' };
}
