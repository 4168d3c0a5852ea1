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

function issuesOf(yaml: string): { path: string; message: string }[] {
  try {
    parseConfig(yaml, '/x/jianlou.yaml', {});
  } catch (error) {
    if (error instanceof ConfigError) return error.issues;
    throw error;
  }
  return [];
}

describe('schedule.learn and schedule.maxRequestsPerHour (issue 32)', () => {
  it('are off and 120 by default, additive beside surges', () => {
    const { schedule } = parseConfig(VALID, '/x/jianlou.yaml', {});
    expect(schedule).toMatchObject({ learn: false, maxRequestsPerHour: 120, surges: [] });
    const on = parseConfig(
      `${VALID}schedule: { cron: "* 7-22 * * *", learn: true, maxRequestsPerHour: 200 }\n`,
      '/x/jianlou.yaml',
      {},
    );
    expect(on.schedule).toMatchObject({ learn: true, maxRequestsPerHour: 200 });
  });

  it.each([
    ['a budget under 30', '{ maxRequestsPerHour: 20 }', 'at least 30'],
    ['a budget over 720', '{ maxRequestsPerHour: 1000 }', 'at most 720'],
    ['learn as a string', '{ learn: "yes" }', 'boolean'],
    [
      'a cron that alone spends the budget',
      '{ cron: "* 7-22 * * *", learn: true, maxRequestsPerHour: 60 }',
      'the cron alone makes 60 checks an hour, which leaves learned windows nothing: raise maxRequestsPerHour above 60',
    ],
  ])('rejects %s with a precise message', (_name, schedule, message) => {
    const issues = issuesOf(`${VALID}schedule: ${schedule}\n`);
    expect(issues.map((i) => i.message).join('\n')).toContain(message);
    expect(issues[0]?.path).toMatch(/^schedule\./);
  });

  it('does not hold a busy cron against the budget while learning is off', () => {
    expect(issuesOf(`${VALID}schedule: { cron: "* 7-22 * * *", maxRequestsPerHour: 60 }\n`)).toEqual([]);
  });
});
