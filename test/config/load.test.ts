import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import { BadInputError, ConfigError } from '../../src/core/errors.js';

const ENV = {
  WECOM_WEBHOOK: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd-1234-secret',
  JIANLOU_SECRET: 'a-very-long-approval-secret',
};

const VALID = `
portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:4173/" }
accounts: [{ id: mom }]
children:
  - { id: sister, name: 姐姐, account: mom, studentId: S001 }
targets:
  - { child: sister, courses: [ART-101, ART-102], autoHold: true }
notify: { wecom: { webhook: "\${WECOM_WEBHOOK}" } }
approval: { publicUrl: "http://192.168.1.5:8787", secret: "\${JIANLOU_SECRET}" }
`;

function issuesOf(fn: () => unknown): { path: string; message: string }[] {
  let caught: unknown;
  try {
    fn();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ConfigError);
  return (caught as ConfigError).issues.map(({ path, message }) => ({ path, message }));
}

describe('config loading', () => {
  it('applies defaults, interpolates the environment and resolves paths against the config file', () => {
    const config = parseConfig(VALID, '/srv/jianlou/jianlou.yaml', ENV);
    expect(config.timezone).toBe('Asia/Shanghai');
    expect(config.portal.baseUrl).toBe('http://127.0.0.1:4173');
    expect(config.notify.wecom?.webhook).toBe(ENV.WECOM_WEBHOOK);
    expect(config.accounts[0]?.storageState).toBe('/srv/jianlou/storage-state/mom.json');
    expect(config.store).toEqual({
      kind: 'sqlite',
      path: '/srv/jianlou/data/jianlou.sqlite',
      lockPath: '/srv/jianlou/data/jianlou.sqlite.lock',
      tracesDir: '/srv/jianlou/data/traces',
    });
    expect(config.targets[0]?.id).toBe('sister-ART-101');
    expect(config.schedule.cron).toBe('*/2 7-22 * * *');
    expect(config.secrets).toContain('abcd-1234-secret');
  });

  it('issue 18: an account that is the student may leave out studentId (its only child)', () => {
    const config = parseConfig(VALID.replace(', studentId: S001', ''), '/x/jianlou.yaml', ENV);
    expect(config.children).toMatchObject([{ id: 'sister', account: 'mom' }]);
    expect(config.children[0]?.studentId).toBeUndefined();
  });

  it('issue 18: an account with two children must name each child by studentId', () => {
    const two = VALID.replace(', studentId: S001', '').replace(
      'targets:',
      '  - { id: brother, name: 弟弟, account: mom, studentId: S002 }\ntargets:',
    );
    const issues = issuesOf(() => parseConfig(two, '/x/jianlou.yaml', ENV));
    expect(issues).toEqual([
      {
        path: 'children.0.studentId',
        message: expect.stringContaining('account "mom" has 2 children: give each its studentId'),
      },
    ]);
  });

  it('reports several wrong fields at once, each by its path', () => {
    const bad = `
timezone: Mars/Olympus
portal: { flow: demo-portal, baseUrl: not-a-url }
accounts: [{ id: mom }]
children:
  - { id: sister, name: 姐姐, account: dad, studentId: S001 }
targets:
  - { child: brother, courses: [] }
schedule: { cron: "every minute", jitterSeconds: -3 }
unknownSection: 1
`;
    const issues = issuesOf(() => parseConfig(bad, '/x/jianlou.yaml', ENV));
    const paths = issues.map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        'timezone',
        'portal.baseUrl',
        'children.0.account',
        'targets.0.child',
        'targets.0.courses',
        'schedule.jitterSeconds',
        'schedule.cron',
        '',
      ]),
    );
    expect(issues.find((i) => i.path === 'targets.0.child')?.message).toContain('unknown child "brother"');
    expect(issues.find((i) => i.path === '')?.message).toContain('unknownSection');
  });

  it('names the missing environment variable and where it is used', () => {
    const issues = issuesOf(() =>
      parseConfig(VALID, '/x/jianlou.yaml', { JIANLOU_SECRET: ENV.JIANLOU_SECRET }),
    );
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'notify.wecom.webhook',
        message: expect.stringContaining('environment variable WECOM_WEBHOOK is not set'),
      }),
    ]);
  });

  it('refuses polling more often than once a minute unless forced', () => {
    const fast = `${VALID}\nschedule: { cron: "*/10 * * * * *" }\n`;
    const issues = issuesOf(() => parseConfig(fast, '/x/jianlou.yaml', ENV));
    expect(issues[0]?.path).toBe('schedule.cron');
    expect(issues[0]?.message).toContain('once a minute');
    const forced = `${VALID}\nschedule: { cron: "*/10 * * * * *", force: true }\n`;
    expect(parseConfig(forced, '/x/jianlou.yaml', ENV).schedule.force).toBe(true);
  });

  it('asks for an approval section when a target holds seats', () => {
    const noApproval = VALID.replace(/approval:.*\n/, '');
    const issues = issuesOf(() => parseConfig(noApproval, '/x/jianlou.yaml', ENV));
    expect(issues.map((i) => i.path)).toEqual(['targets.0.autoHold']);
  });

  it('reports YAML syntax errors with a line number', () => {
    const issues = issuesOf(() => parseConfig('portal: {flow: demo\naccounts: [', '/x/jianlou.yaml', ENV));
    expect(issues[0]?.path).toMatch(/^line \d+$/);
  });

  it('says how to create a config when the file is missing', () => {
    expect(() => loadConfig('/nonexistent/jianlou.yaml', ENV)).toThrow(BadInputError);
    expect(() => loadConfig('/nonexistent/jianlou.yaml', ENV)).toThrow(/examples\/jianlou\.yaml/);
  });

  it("keeps portal.options (interpolated) for the flow's own schema; a non-mapping is refused by path", () => {
    const withOptions = VALID.replace(
      'portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:4173/" }',
      'portal: { flow: ./flows/spa.ts, baseUrl: "http://127.0.0.1:4173", options: { apiUrl: "${API_URL}", pageSize: 20 } }',
    );
    const config = parseConfig(withOptions, '/srv/jianlou/jianlou.yaml', {
      ...ENV,
      API_URL: 'http://127.0.0.1:4174',
    });
    expect(config.portal.options).toEqual({ apiUrl: 'http://127.0.0.1:4174', pageSize: 20 });
    const scalar = withOptions.replace(/options: \{ apiUrl.*pageSize: 20 \}/, 'options: fast');
    expect(issuesOf(() => parseConfig(scalar, '/srv/jianlou/jianlou.yaml', ENV))).toEqual([
      expect.objectContaining({ path: 'portal.options' }),
    ]);
  });

  it('accepts the shipped example config', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jianlou-config-'));
    const file = join(dir, 'jianlou.yaml');
    writeFileSync(file, readFileSync(new URL('../../examples/jianlou.yaml', import.meta.url), 'utf8'));
    try {
      const config = loadConfig(file, ENV);
      expect(config.children.map((c) => c.studentId)).toEqual(['S001', 'S002']);
      expect(config.targets.map((t) => t.courses)).toEqual([['ART-101', 'ART-102'], ['SWIM-201']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
