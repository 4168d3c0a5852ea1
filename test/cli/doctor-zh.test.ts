import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, ROBOT_KEY, startWorld } from './harness.js';

/** English phrases of doctor's lines: none may show under `locale: zh` (issue 29 item 12). */
const ENGLISH = [
  'is valid',
  'logged in at',
  'points at this machine',
  'is configured',
  'not tested',
  'essential checks',
  'check(s) failed',
  'Chinese font:',
  'run: jianlou',
  'expired (',
  'session mom',
];

describe('jianlou doctor with locale: zh', () => {
  let world: CliWorld;

  beforeAll(async () => {
    world = await startWorld(); // locale: zh, the config's default
    await world.login();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('names each check, its result, the next step and the summary in Chinese, with no secret', async () => {
    const r = await world.cli('doctor');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^✓ 浏览器：\S+（(JIANLOU_CHROMIUM 指定的|系统里装的|Playwright 下载的)）$/m);
    expect(r.stdout).toMatch(/^✓ 中文字体：\S.*$/m);
    expect(r.stdout).toContain(`✓ 配置文件：${world.configFile} 没有问题`);
    expect(r.stdout).toContain('✓ 报名网站的操作流程：demo-portal（portal.flow: demo-portal）');
    expect(r.stdout).toContain(`✓ 账号 mom 的登录：已登录 ${world.portal.url}`);
    expect(r.stdout).toContain('⚠ 批准链接：approval.publicUrl http://127.0.0.1:8787 指向这台机器');
    expect(r.stdout).toMatch(/^✓ 提醒渠道 wecom：.* 已配置（还没试过）$/m);
    expect(r.stdout).toContain('→ 运行 jianlou doctor --send 发一条测试消息');
    expect(r.stdout).toContain('必需的检查都通过了（1 个提醒）');
    for (const phrase of ENGLISH) expect(r.stdout).not.toContain(phrase);
    expect(r.stdout + r.stderr).not.toContain(ROBOT_KEY);
  });

  it('says a config problem in Chinese (exit 2)', async () => {
    const bad = join(world.dir, 'bad-zh.yaml');
    writeFileSync(bad, 'portal: { flow: demo-portal, baseUrl: nope }\nbogus: 1\n');
    const r = await world.cli('--config', bad, 'doctor');
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/^✗ 配置文件：配置文件 .*bad-zh\.yaml 有问题：$/m);
    expect(r.stdout).toContain('portal.baseUrl');
    expect(r.stdout).toContain('不认识的键 "bogus"');
    expect(r.stdout).not.toContain('is invalid');
  });

  it('tells a logged-out account to log in, in Chinese (exit 3)', async () => {
    world.portal.admin.expireSessions();
    const r = await world.cli('doctor');
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('✗ 账号 mom 的登录：登录已过期');
    expect(r.stdout).toContain('→ 运行：jianlou login mom');
    expect(r.stdout).toMatch(/^1 项检查没通过$/m);
    for (const phrase of ENGLISH) expect(r.stdout).not.toContain(phrase);
  });
});
