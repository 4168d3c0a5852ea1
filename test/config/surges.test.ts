import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/core/errors.js';

const VALID = `
timezone: Asia/Shanghai
portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:4173/" }
accounts: [{ id: mom }]
children:
  - { id: sister, name: 姐姐, account: mom, studentId: S001 }
targets:
  - { child: sister, courses: [ART-101] }
`;

function withSurges(surges: string): string {
  return `${VALID}schedule:\n  cron: "*/2 7-22 * * *"\n  surges:\n${surges}`;
}

function issuesOf(yaml: string): { path: string; message: string }[] {
  let caught: unknown;
  try {
    parseConfig(yaml, '/x/jianlou.yaml', {});
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  return (caught as ConfigError).issues.map(({ path, message }) => ({ path, message }));
}

describe('schedule.surges (issue 17)', () => {
  it('is empty by default, and takes ranges and repeating windows with a 20 s default', () => {
    expect(parseConfig(VALID, '/x/jianlou.yaml', {}).schedule.surges).toEqual([]);
    const config = parseConfig(
      withSurges(
        [
          '    - { name: 付款截止, from: "2026-07-15 11:55", to: "2026-07-15 13:00", everySeconds: 10 }',
          '    - { cron: "55 11 * * 1-5", durationMinutes: 40 }',
        ].join('\n'),
      ),
      '/x/jianlou.yaml',
      {},
    );
    expect(config.schedule.surges).toEqual([
      { name: '付款截止', from: '2026-07-15 11:55', to: '2026-07-15 13:00', everySeconds: 10 },
      { cron: '55 11 * * 1-5', durationMinutes: 40, everySeconds: 20 },
    ]);
  });

  it.each([
    [
      'faster than the 10-second floor',
      '    - { cron: "0 12 * * *", durationMinutes: 30, everySeconds: 5 }',
      'schedule.surges.0.everySeconds',
      'at least 10 (seconds)',
    ],
    [
      'both a range and a cron',
      '    - { from: "2026-07-15 11:55", to: "2026-07-15 13:00", cron: "0 12 * * *", durationMinutes: 5 }',
      'schedule.surges.0.cron',
      'either a range (from, to) or a repeating window',
    ],
    ['neither', '    - { everySeconds: 20 }', 'schedule.surges.0', 'give from and to'],
    [
      'a range without its end',
      '    - { from: "2026-07-15 11:55" }',
      'schedule.surges.0.to',
      'missing; use a date-time like "2026-07-15 11:55"',
    ],
    [
      'a date that does not exist',
      '    - { from: "2026-02-30 11:55", to: "2026-03-01 12:00" }',
      'schedule.surges.0.from',
      '"2026-02-30 11:55" is not a date-time',
    ],
    [
      'an end before the start',
      '    - { from: "2026-07-15 13:00", to: "2026-07-15 11:55" }',
      'schedule.surges.0.to',
      'must be after from (2026-07-15 13:00)',
    ],
    [
      'an offset on one side only',
      '    - { from: "2026-07-15T11:55+08:00", to: "2026-07-15 13:00" }',
      'schedule.surges.0.to',
      'give an offset on both from and to, or on neither',
    ],
    [
      'a range of more than a week',
      '    - { from: "2026-07-01 00:00", to: "2026-07-15 00:00" }',
      'schedule.surges.0.to',
      'at most 7 days',
    ],
    [
      'a cron without a duration',
      '    - { cron: "55 11 * * *" }',
      'schedule.surges.0.durationMinutes',
      'missing: how long each window lasts',
    ],
    [
      'a 6-field cron',
      '    - { cron: "*/5 55 11 * * *", durationMinutes: 30 }',
      'schedule.surges.0.cron',
      'has 6 fields; use 5',
    ],
    [
      'an hour out of range',
      '    - { cron: "55 25 * * *", durationMinutes: 30 }',
      'schedule.surges.0.cron',
      'hour "25" is outside 0–23',
    ],
    [
      'a misspelt weekday name',
      '    - { cron: "55 11 * * MONDAY", durationMinutes: 30 }',
      'schedule.surges.0.cron',
      'day of week "MONDAY" is not a number, a name (sun–sat)',
    ],
    [
      'a cron that never fires',
      '    - { cron: "55 11 30 feb *", durationMinutes: 30 }',
      'schedule.surges.0.cron',
      'never fires',
    ],
  ])('refuses %s, naming the field', (_name, surges, path, message) => {
    const issues = issuesOf(withSurges(surges));
    expect(issues).toContainEqual({ path, message: expect.stringContaining(message) });
  });

  it('reports a problem in every surge at once', () => {
    const issues = issuesOf(
      withSurges(
        [
          '    - { cron: "0 12 * * *", durationMinutes: 30, everySeconds: 1 }',
          '    - { from: "tomorrow", to: "2026-07-15 13:00" }',
        ].join('\n'),
      ),
    );
    expect(issues.map((i) => i.path)).toEqual(
      expect.arrayContaining(['schedule.surges.0.everySeconds', 'schedule.surges.1.from']),
    );
  });
});
