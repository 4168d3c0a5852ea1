import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_AFTER_MS, parseRetryAfterMs } from '../../src/flow/retry-after.js';

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2026-07-01T08:00:00Z');
  it.each([
    ['30', 30_000],
    [' 7 ', 7_000],
    ['0', 0],
    ['Wed, 01 Jul 2026 08:00:45 GMT', 45_000],
    ['Wed, 01 Jul 2026 07:59:00 GMT', 0],
    ['soon', DEFAULT_RETRY_AFTER_MS],
    ['', DEFAULT_RETRY_AFTER_MS],
    [null, DEFAULT_RETRY_AFTER_MS],
    [undefined, DEFAULT_RETRY_AFTER_MS],
    ['-5', DEFAULT_RETRY_AFTER_MS],
  ])('Retry-After %j → %d ms', (value, expected) => {
    expect(parseRetryAfterMs(value, now)).toBe(expected);
  });
});
