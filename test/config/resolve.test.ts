import { describe, expect, it } from 'vitest';
import { policyFromConfig } from '../../src/app/cycle/policy.js';
import { parseConfig } from '../../src/config/load.js';
import { policySchema } from '../../src/config/schema.js';
import { ConfigError } from '../../src/core/errors.js';

const ENV = { JIANLOU_SECRET: 'a-very-long-approval-secret' };

const BASE = `
portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:4173" }
accounts: [{ id: mom }]
children:
  - { id: sister, name: 姐姐, account: mom, studentId: S001 }
targets:
  - { child: sister, courses: [ART-101] }
`;

const withApproval = (listen: string) =>
  `${BASE}approval: { listen: "${listen}", publicUrl: "http://192.168.1.5:8787/", secret: "\${JIANLOU_SECRET}" }\n`;

function issuesOf(text: string): { path: string; message: string }[] {
  try {
    parseConfig(text, '/srv/jl/jianlou.yaml', ENV);
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map(({ path, message }) => ({ path, message }));
    throw error;
  }
  throw new Error('expected the config to be refused');
}

describe('config resolved once at the edge', () => {
  it('parses the store into a location, its lock file and its traces folder', () => {
    const rel = parseConfig(`${BASE}store: sqlite://./state/x.sqlite\n`, '/srv/jl/jianlou.yaml', ENV);
    expect(rel.store).toEqual({
      kind: 'sqlite',
      path: '/srv/jl/state/x.sqlite',
      lockPath: '/srv/jl/state/x.sqlite.lock',
      tracesDir: '/srv/jl/state/traces',
    });
    const abs = parseConfig(`${BASE}store: sqlite:///var/lib/jl.sqlite\n`, '/srv/jl/jianlou.yaml', ENV);
    expect(abs.store).toMatchObject({ kind: 'sqlite', path: '/var/lib/jl.sqlite' });
    const mem = parseConfig(`${BASE}store: memory://\n`, '/srv/jl/jianlou.yaml', ENV);
    expect(mem.store).toEqual({ kind: 'memory', tracesDir: '/srv/jl/data/traces' });
  });

  it('refuses a store URI of another scheme, saying which ones work', () => {
    for (const uri of ['redis://localhost', './data/jianlou.sqlite', 'sqlite://']) {
      expect(issuesOf(`${BASE}store: "${uri}"\n`)).toEqual([
        { path: 'store', message: 'use sqlite://PATH or memory://' },
      ]);
    }
  });

  it('parses approval.listen into host and port, IPv6 in brackets included', () => {
    const at = (listen: string) => parseConfig(withApproval(listen), '/srv/jl/jianlou.yaml', ENV).approval;
    expect(at('127.0.0.1:8787')?.listen).toEqual({ host: '127.0.0.1', port: 8787 });
    expect(at('[::1]:8787')?.listen).toEqual({ host: '::1', port: 8787 });
    expect(at('0.0.0.0:0')?.listen).toEqual({ host: '0.0.0.0', port: 0 });
    expect(at('127.0.0.1:8787')?.publicUrl).toBe('http://192.168.1.5:8787');
  });

  it('refuses a listen address the approval server could not use, by path', () => {
    expect(issuesOf(withApproval(':99999'))).toEqual([
      { path: 'approval.listen', message: expect.stringContaining('not HOST:PORT') },
    ]);
    expect(issuesOf(withApproval('127.0.0.1:99999'))).toEqual([
      { path: 'approval.listen', message: 'port 99999 is out of range — use a port from 0 to 65535' },
    ]);
    expect(issuesOf(withApproval('localhost'))[0]?.path).toBe('approval.listen');
  });

  it('always sets storageState: given paths and the default resolved against the config file', () => {
    const config = parseConfig(
      BASE.replace('accounts: [{ id: mom }]', 'accounts: [{ id: mom }, { id: dad, storageState: s/d.json }]'),
      '/srv/jl/jianlou.yaml',
      ENV,
    );
    expect(config.accounts.map((a) => a.storageState)).toEqual([
      '/srv/jl/storage-state/mom.json',
      '/srv/jl/s/d.json',
    ]);
  });

  it('reports duplicate ids of children, accounts and targets by path', () => {
    const text = `
portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:4173" }
accounts: [{ id: mom }, { id: mom }]
children:
  - { id: sister, name: 姐姐, account: mom, studentId: S001 }
  - { id: sister, name: 妹妹, account: mom, studentId: S003 }
targets:
  - { id: art, child: sister, courses: [ART-101] }
  - { id: art, child: sister, courses: [ART-102] }
  - { child: sister, courses: [SWIM-201] }
  - { child: sister, courses: [SWIM-201, ART-102] }
`;
    expect(issuesOf(text)).toEqual([
      { path: 'accounts.1.id', message: 'duplicate id "mom"' },
      { path: 'children.1.id', message: 'duplicate id "sister"' },
      { path: 'targets.1.id', message: 'duplicate id "art"' },
      {
        path: 'targets.3.id',
        message:
          'duplicate id "sister-SWIM-201" (the default <child>-<first course>): give this target its own id',
      },
    ]);
  });

  it('walks every policy field of the schema into the running policy unchanged', () => {
    // A value for every field, none of them the default.
    const given: Record<string, unknown> = {
      cooldownMinutes: 45,
      problemReminderMinutes: 60,
      maxHoldsPerAccount: 3,
      quietHours: { start: '22:00', end: '07:00', urgent: ['opening'] },
      holdReminderMinutes: 7,
      dailySummaryAt: 'off',
    };
    const fields = Object.keys(policySchema.unwrap().shape);
    expect(fields.sort()).toEqual(Object.keys(given).sort());
    const defaults = policySchema.parse({}) as Record<string, unknown>;
    for (const f of fields) expect(given[f], f).not.toEqual(defaults[f]);

    const yaml = `${BASE}timezone: Europe/Berlin\npolicy: ${JSON.stringify(given)}\n`;
    const running = policyFromConfig(parseConfig(yaml, '/srv/jl/jianlou.yaml', ENV));
    const { quietHours, ...scalars } = given;
    expect(running).toMatchObject(scalars);
    expect(running.quietHours).toEqual({ start: '22:00', end: '07:00', timezone: 'Europe/Berlin' });
    expect(running.urgent).toEqual(['opening']);
    expect(running.targets).toEqual([
      {
        id: 'sister-ART-101',
        childId: 'sister',
        childName: '姐姐',
        accountId: 'mom',
        courses: ['ART-101'],
        autoHold: false,
      },
    ]);
  });

  it('keeps the documented policy bounds (problemReminderMinutes ≥ 10, maxHoldsPerAccount ≤ 20)', () => {
    expect(
      issuesOf(`${BASE}policy: { problemReminderMinutes: 5, maxHoldsPerAccount: 21 }\n`).map((i) => i.path),
    ).toEqual(['policy.problemReminderMinutes', 'policy.maxHoldsPerAccount']);
  });
});
