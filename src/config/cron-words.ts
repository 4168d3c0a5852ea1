import type { CronProblem } from '../core/error-words.js';

const FIELD = '(second|minute|hour|day of month|month|day of week)';

/**
 * What src/core/cron-fields.ts says is wrong with a cron, as data: its sentences have a fixed shape
 * (test/config/config-words.test.ts walks each), read back here so the CLI can say them in the config's
 * language. A sentence of another shape is `other` (said generally).
 */
export function cronProblem(sentence: string): CronProblem {
  const count = / has (\d+) fields?; use 5 /.exec(sentence);
  if (count) return { kind: 'fields', count: Number(count[1]), seconds: sentence.includes('seconds field') };
  const value = new RegExp(`^${FIELD} "(.*)" is not a number(?:, a name \\(([^)]+)\\))?`).exec(sentence);
  if (value) {
    const [, field = '', part = '', names] = value;
    return names ? { kind: 'not_a_value', field, part, names } : { kind: 'not_a_value', field, part };
  }
  const step = new RegExp(`^${FIELD} step must be at least 1$`).exec(sentence);
  if (step) return { kind: 'step', field: step[1] ?? '' };
  const outside = new RegExp(`^${FIELD} "(.*)" is outside (\\d+)–(\\d+)$`).exec(sentence);
  if (outside) {
    const [, field = '', part = '', min, max] = outside;
    return { kind: 'outside', field, part, min: Number(min), max: Number(max) };
  }
  const backwards = new RegExp(`^${FIELD} "(.*)" runs backwards`).exec(sentence);
  if (backwards) return { kind: 'backwards', field: backwards[1] ?? '', part: backwards[2] ?? '' };
  if (/ never fires: /.test(sentence)) return { kind: 'never' };
  return { kind: 'other' };
}
