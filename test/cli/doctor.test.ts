import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkApproval, doctorCommand } from '../../src/cli/doctor.js';
import { enDoctorCli } from '../../src/i18n/doctor-cli-en.js';
import { type CliWorld, ROBOT_KEY, startWorld } from './harness.js';

describe('jianlou doctor', () => {
  let world: CliWorld;

  beforeAll(async () => {
    world = await startWorld({ locale: 'en' }); // doctor-zh.test.ts reads the Chinese lines
    await world.login();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('warns when no Chinese font is installed and says how to install one (issue 29 item 10)', async () => {
    const out: string[] = [];
    const exitCode = process.exitCode;
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    try {
      await doctorCommand(world.configFile, {
        cjkFont: () => ({ found: false, reason: 'fc-list :lang=zh lists no font' }),
      });
    } finally {
      spy.mockRestore();
      process.exitCode = exitCode;
    }
    const text = out.join('');
    expect(text).toContain('⚠ font: no Chinese font (fc-list :lang=zh lists no font)');
    expect(text).toContain('apt-get install -y fonts-noto-cjk');
    expect(text).not.toContain('✓ font');
  });

  it('passes with a valid session, one line per check, sending nothing', async () => {
    const before = world.sink.received().length;
    const r = await world.cli('doctor');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✓ browser: \S+ \((env|system|playwright)\)$/m);
    expect(r.stdout).toMatch(/^✓ font: Chinese font: \S/m);
    expect(r.stdout).toContain(`✓ config: ${world.configFile} is valid`);
    expect(r.stdout).toContain('✓ flow: demo-portal');
    expect(r.stdout).toContain(`✓ session mom: logged in at ${world.portal.url}`);
    expect(r.stdout).toContain('⚠ approval: approval.publicUrl http://127.0.0.1:8787 points at this machine');
    expect(r.stdout).toMatch(/^✓ notify wecom: WeCom robot .* is configured \(not tested\)$/m);
    expect(r.stdout).toContain('all essential checks passed (1 warning)');
    expect(r.stdout + r.stderr).not.toContain(ROBOT_KEY);
    expect(world.sink.received().length).toBe(before);
  });

  it('--send posts a test message and reports errcode 0', async () => {
    const before = world.sink.received().length;
    const r = await world.cli('doctor', '--send');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✓ notify wecom: test message to WeCom robot .* sent: errcode 0 \(ok\)$/m);
    expect(world.sink.received().length).toBe(before + 1);
    expect(r.stdout + r.stderr).not.toContain(ROBOT_KEY);
  });

  it('--send against a robot answering 93000 explains the key and exits 1', async () => {
    world.sink.setMode('93000');
    let refused: Awaited<ReturnType<CliWorld['cli']>>;
    try {
      refused = await world.cli('doctor', '--send');
    } finally {
      world.sink.setMode('ok');
    }
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/✗ notify wecom: test message to WeCom robot .* refused: errcode 93000/);
    expect(refused.stdout).toContain('→ the robot key is wrong, or the robot was removed from the group');
    expect(refused.stdout + refused.stderr).not.toContain(ROBOT_KEY);
  });

  it('shows the broken robot without --send, and a test that gets through clears it', async () => {
    const broken = await world.cli('doctor');
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/✗ notify wecom: WeCom robot .* BROKEN since .* \(errcode 93000\)/);
    expect(broken.stdout).toContain('→ fix notify.wecom.webhook, then run: jianlou doctor --send');

    const fixed = await world.cli('doctor', '--send');
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain('sent: errcode 0 (ok); no longer broken');
  }, 60_000); // two doctor processes, each opening a browser: slow on a loaded machine

  it('exits 2 on an invalid config, naming the problem', async () => {
    const bad = join(world.dir, 'bad.yaml');
    writeFileSync(bad, 'locale: en\nportal: { flow: demo-portal, baseUrl: nope }\n');
    const r = await world.cli('--config', bad, 'doctor');
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^✗ config: config .*bad\.yaml is invalid/m);
    expect(r.stdout).toContain('portal.baseUrl');
  });

  it('exits 3 when the portal logged the account out, with the login command', async () => {
    world.portal.admin.expireSessions();
    const r = await world.cli('doctor');
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('✗ session mom: expired');
    expect(r.stdout).toContain('→ run: jianlou login mom');
  });
});

describe('doctor: approval reachability', () => {
  const approval = (listen: string, publicUrl: string) => {
    const [host = '', port = ''] = listen.split(':');
    return {
      approval: {
        listen: { host, port: Number(port) },
        publicUrl,
        secret: '0123456789abcdef',
        trustProxy: false,
      },
    };
  };

  it('warns when the server listens on loopback but the links point elsewhere', () => {
    const check = checkApproval(approval('127.0.0.1:8787', 'http://192.168.1.5:8787'), enDoctorCli);
    expect(check.verdict).toBe('warn');
    expect(check.detail).toContain('phones cannot reach it');
    expect(check.next).toContain('0.0.0.0:8787');
  });

  it('passes when the server listens beyond this machine and the links point at it', () => {
    expect(checkApproval(approval('0.0.0.0:8787', 'http://192.168.1.5:8787'), enDoctorCli).verdict).toBe(
      'pass',
    );
  });

  it('warns, without failing, when there is no approval section', () => {
    expect(checkApproval({}, enDoctorCli).verdict).toBe('warn');
  });
});
