import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/jianlou.js', import.meta.url).pathname;

function jianlou(args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env, JIANLOU_LOG_LEVEL: 'warn' },
    timeout: 30_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI arguments and config errors', () => {
  it('prints help for every command', () => {
    for (const cmd of ['demo', 'portal', 'login', 'check', 'watch', 'status', 'holds', 'doctor']) {
      const r = jianlou([cmd, '--help']);
      expect(r.code, cmd).toBe(0);
      expect(r.stdout).toContain(`Usage: jianlou ${cmd}`);
    }
  });

  it('exits 2 on a bad argument', () => {
    const r = jianlou(['portal', '--port', 'seventy']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--port must be a whole number');
  });

  it('exits 2 and lists every config problem by path, starting nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jianlou-cli-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      'locale: en\nportal: { flow: demo-portal, baseUrl: nope }\naccounts: [{ id: mom }]\nchildren: [{ id: a, name: A, account: x, studentId: S1 }]\ntargets: [{ child: b, courses: [C1] }]\nnotify: { wecom: { webhook: "${NOT_SET_HOOK}" } }\n',
    );
    const r = jianlou(['--config', file, 'check'], { NOT_SET_HOOK: '' });
    rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('portal.baseUrl');
    expect(r.stderr).toContain('children.0.account: unknown account "x"');
    expect(r.stderr).toContain('targets.0.child: unknown child "b"');
    expect(r.stderr).toContain('notify.wecom.webhook: environment variable NOT_SET_HOOK is not set');
  });
});
