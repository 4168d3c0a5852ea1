import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkCron as checkCronWords } from '../../src/config/cross-check.js';
import { loadConfig, parseConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/core/errors.js';

/**
 * Config validation, message by message: a parent setting up jianlou reads these and nothing else,
 * so each must name the path and the fix; and the secrets collected here are what the logs hide.
 */

const ENV = {
  WECOM_WEBHOOK: 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcd-1234-secret&debug=1',
  JIANLOU_SECRET: 'a-very-long-approval-secret',
  PORTAL_PASSWORD: 'portal-password-1',
};

const BASE = `
portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:4173" }
accounts: [{ id: mom }]
children:
  - { id: sister, name: 姐姐, account: mom, studentId: S001 }
targets:
  - { child: sister, courses: [ART-101] }
`;

function issuesOf(text: string, env: NodeJS.ProcessEnv = ENV): { path: string; message: string }[] {
  try {
    parseConfig(text, '/srv/jl/jianlou.yaml', env);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(({ path, message }) => ({ path, message }));
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe('config validation messages', () => {
  it('a YAML syntax error names its line and the first line of the parser message', () => {
    const issues = issuesOf('portal: { flow: demo\n\naccounts: [');
    expect(issues.length).toBeGreaterThan(0);
    for (const issue of issues) {
      expect(issue.path).toMatch(/^line [1-3]$/);
      expect(issue.message).not.toContain('\n');
      expect(issue.message.length).toBeGreaterThan(0);
    }
  });

  it('a file that is not a mapping at the top level says so', () => {
    const expected = [{ path: '', message: 'expected a YAML mapping (key: value) at the top level' }];
    expect(issuesOf('- a\n- b\n')).toEqual(expected);
    expect(issuesOf('just words\n')).toEqual(expected);
    expect(issuesOf('')).toEqual(expected);
  });

  it('unknown keys are listed by name; a missing field is "required"', () => {
    expect(issuesOf(`${BASE}extra: 1\nmore: 2\n`)).toEqual([
      { path: '', message: 'unknown key(s) "extra", "more"' },
    ]);
    expect(issuesOf(BASE.replace('name: 姐姐, ', ''))).toEqual([
      { path: 'children.0.name', message: 'required' },
    ]);
  });

  it('an unknown account or child lists the known ones', () => {
    const text = `
portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:4173" }
accounts: [{ id: mom }, { id: dad }]
children:
  - { id: sister, name: 姐姐, account: grandma, studentId: S001 }
  - { id: brother, name: 弟弟, account: dad, studentId: S002 }
targets:
  - { child: cousin, courses: [ART-101] }
  - { child: brother, courses: [ART-102] }
`;
    expect(issuesOf(text)).toEqual([
      { path: 'children.0.account', message: 'unknown account "grandma" (known: mom, dad)' },
      { path: 'targets.0.child', message: 'unknown child "cousin" (known: sister, brother)' },
    ]);
  });

  it('autoHold without an approval section says what the section needs', () => {
    const text = BASE.replace('courses: [ART-101] }', 'courses: [ART-101], autoHold: true }');
    expect(issuesOf(text)).toEqual([
      {
        path: 'targets.0.autoHold',
        message:
          'autoHold needs an `approval` section (listen, publicUrl, secret) so parents can approve or release',
      },
    ]);
    // autoHold: false needs none.
    const off = BASE.replace('courses: [ART-101] }', 'courses: [ART-101], autoHold: false }');
    expect(parseConfig(off, '/srv/jl/jianlou.yaml', ENV).targets[0]?.autoHold).toBe(false);
  });

  it('a missing id, account or child is "required" only, never also unknown or duplicate', () => {
    const text = `
portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:4173" }
accounts: [{ storageState: a.json }, { storageState: b.json }]
children:
  - { id: sister, name: 姐姐, studentId: S001 }
targets:
  - { courses: [ART-101] }
`;
    expect(issuesOf(text)).toEqual([
      { path: 'accounts.0.id', message: 'required' },
      { path: 'accounts.1.id', message: 'required' },
      { path: 'children.0.account', message: 'required' },
      { path: 'targets.0.child', message: 'required' },
    ]);
  });

  it('a field of the wrong type is not "required": the schema says what it expected', () => {
    const issues = issuesOf(BASE.replace('name: 姐姐', 'name: 5'));
    expect(issues.map((i) => i.path)).toEqual(['children.0.name']);
    expect(issues[0]?.message).not.toBe('required');
  });

  it('a problem reported twice is listed once', () => {
    const text = `${BASE}schedule: { cron: "not a cron" }\n`;
    const issues = issuesOf(text);
    expect(issues.filter((i) => i.path === 'schedule.cron')).toHaveLength(1);
  });
});

/** `checkCron` by path and message (its words are said in test/config/config-words.test.ts). */
const checkCron = (schedule: { cron: string; force: boolean }) =>
  checkCronWords(schedule).map(({ path, message }) => ({ path, message }));

describe('checkCron()', () => {
  it('names an invalid expression', () => {
    expect(checkCron({ cron: 'every minute', force: false })).toEqual([
      {
        path: 'schedule.cron',
        message:
          '"every minute" is not a valid cron expression: it has 2 fields; ' +
          'use 5 (minute hour day month weekday), or 6 with a seconds field first',
      },
    ]);
  });

  it('names the field at fault, and a cron that never fires', () => {
    expect(checkCron({ cron: '0 9 * * funday', force: false })[0]?.message).toBe(
      '"0 9 * * funday" is not a valid cron expression: day of week "funday" is not a number, ' +
        'a name (sun–sat), range (a-b), step (*/n) or list (a,b)',
    );
    expect(checkCron({ cron: '0 0 31 2 *', force: false })[0]?.message).toBe(
      '"0 0 31 2 *" is not a valid cron expression: it never fires: no such day (day of month and month never meet)',
    );
    expect(checkCron({ cron: '0 9 1 * mon-fri', force: false })).toEqual([]);
  });

  it('five fields, or six with a fixed seconds field, are at most once a minute', () => {
    expect(checkCron({ cron: '*/2 7-22 * * *', force: false })).toEqual([]);
    expect(checkCron({ cron: '  30 */2 7-22 * * *  ', force: false })).toEqual([]);
    expect(checkCron({ cron: ' */2 7-22 * * *', force: false })).toEqual([]);
    expect(checkCron({ cron: '*/2  7-22 * * *', force: false })).toEqual([]);
  });

  it('a seconds field that repeats is refused unless forced, with both ways out', () => {
    expect(checkCron({ cron: '*/10 * * * * *', force: false })).toEqual([
      {
        path: 'schedule.cron',
        message:
          'polls more often than once a minute, which is impolite to the portal; use a 5-field cron ' +
          '(at most once a minute) or set schedule.force: true for your own test portal',
      },
    ]);
    expect(checkCron({ cron: '0,30 * * * * *', force: false })).toHaveLength(1);
    expect(checkCron({ cron: '*/10 * * * * *', force: true })).toEqual([]);
  });
});

describe('what the loaded config resolves', () => {
  it('collects the secrets the logs must hide: 8 characters and more, not shorter values', () => {
    const text = `
portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:4173" }
accounts:
  - { id: mom, credentials: { username: mom, password: "\${PORTAL_PASSWORD}" } }
  - { id: dad, credentials: { username: dad, password: short } }
  - { id: kid, credentials: { username: kid, password: pass1234 } }
children:
  - { id: sister, name: 姐姐, account: mom, studentId: S001 }
targets:
  - { child: sister, courses: [ART-101] }
notify:
  wecom: { webhook: "\${WECOM_WEBHOOK}" }
  webhook: { url: "https://hooks.example.org/jianlou/abcdef" }
approval: { publicUrl: "http://192.168.1.5:8787", secret: "\${JIANLOU_SECRET}" }
`;
    expect(parseConfig(text, '/srv/jl/jianlou.yaml', ENV).secrets.sort()).toEqual(
      [
        ENV.WECOM_WEBHOOK,
        'abcd-1234-secret',
        'https://hooks.example.org/jianlou/abcdef',
        ENV.JIANLOU_SECRET,
        ENV.PORTAL_PASSWORD,
        'pass1234',
      ].sort(),
    );
  });

  it('a target gets "<child>-<first course>" as its id, an account its session file by id', () => {
    const text = BASE.replace('courses: [ART-101] }', 'courses: [SWIM-201, ART-101] }').replace(
      'accounts: [{ id: mom }]',
      'accounts: [{ id: mom }, { id: dad, storageState: /var/lib/jl/dad.json }]',
    );
    const config = parseConfig(text, '/srv/jl/jianlou.yaml', ENV);
    expect(config.targets.map((t) => t.id)).toEqual(['sister-SWIM-201']);
    expect(config.policy.targets.map((t) => [t.id, t.childId, t.childName, t.accountId, t.courses])).toEqual([
      ['sister-SWIM-201', 'sister', '姐姐', 'mom', ['SWIM-201', 'ART-101']],
    ]);
    expect(config.accounts.map((a) => a.storageState)).toEqual([
      '/srv/jl/storage-state/mom.json',
      '/var/lib/jl/dad.json',
    ]);
    expect(config.file).toBe('/srv/jl/jianlou.yaml');
    expect(config.dir).toBe('/srv/jl');
  });

  it('a file that cannot be read (a folder) names the path and the error code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jianlou-config-dir-'));
    try {
      expect(() => loadConfig(dir, ENV)).toThrow(`cannot read config file ${dir} (EISDIR)`);
      expect(() => loadConfig(dir, ENV)).toThrow(
        expect.objectContaining({ cause: expect.objectContaining({ code: 'EISDIR' }) }),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
