import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, type CliWorld, startWorld } from './harness.js';

const BIN = new URL('../../bin/jianlou.js', import.meta.url).pathname;

/** `jianlou …args` in `cwd`, with no config. */
function run(cwd: string, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: { ...process.env, JIANLOU_LOG_LEVEL: 'silent' }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

// Issue 29 item 12 (r3c-texts3): login's own errors, flow try and surges suggest in the config's
// language — Chinese under the default zh, the English they always printed under en.
describe('login, flow try and surges suggest in the config language', () => {
  let world: CliWorld;
  const setLocale = (locale: 'zh' | 'en') =>
    writeFileSync(
      world.configFile,
      readFileSync(world.configFile, 'utf8').replace(/^locale: \w+$/m, `locale: ${locale}`),
    );

  beforeAll(async () => {
    world = await startWorld();
    await world.login();
  });
  afterAll(async () => {
    await world?.close();
  });

  it('login --import of something neither a file nor a Cookie header: zh, then en', async () => {
    setLocale('zh');
    const garbage = join(world.dir, 'garbage.txt');
    writeFileSync(garbage, 'not a session\n');
    const inline = await world.cli('login', 'mom', '--import', 'nonsense');
    expect(inline.code).toBe(2);
    expect(inline.stderr).toContain('jianlou: 要导入的登录状态既不是已有的文件，也不是 Cookie 请求头');
    expect(inline.stderr).not.toContain('nonsense');
    const file = await world.cli('login', 'mom', '--import', garbage);
    expect(file.stderr).toContain(`jianlou: ${garbage} 里既不是登录状态 JSON，也不是 Cookie 请求头`);
    setLocale('en');
    expect((await world.cli('login', 'mom', '--import', 'nonsense')).stderr).toContain(
      'jianlou: the session to import is neither an existing file nor a Cookie header',
    );
    expect((await world.cli('login', 'mom', '--import', garbage)).stderr).toContain(
      `${garbage} holds neither storage-state JSON nor a Cookie header`,
    );
  });

  it('flow try: the frame, the column heads and the schedule in Chinese; the English under en', async () => {
    setLocale('zh');
    world.portal.admin.setSeats('ART-101', 2);
    const zh = await world.cli('flow', 'try');
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain(`流程 demo-portal 试读 ${world.portal.url}（只读：不保留、不存储、不发送）`);
    expect(zh.stdout).toContain('账号 mom');
    expect(zh.stdout).toMatch(/checkSession：ok（\d+ ms）/);
    expect(zh.stdout).toMatch(/observe：\d+ 门课程，用时 \d+ ms/);
    expect(zh.stdout).toMatch(/课程 +状态 +余位 +名称 +时间 +链接/);
    expect(zh.stdout).toMatch(/ART-101 +open +2 +\S+ +周六/);
    expect(zh.stdout).not.toMatch(/against|course\(s\)|Sat /);
    setLocale('en');
    const en = await world.cli('flow', 'try');
    expect(en.stdout).toContain(`flow demo-portal against ${world.portal.url} (read-only`);
    expect(en.stdout).toMatch(/course +state +seats +title +when +url/);
    expect(en.stdout).toMatch(/ART-101 +open +2 .* Sat 09:00-10:30/);
  });

  it('flow try: a changed portal says its labels in Chinese, the flow’s next step as it is', async () => {
    setLocale('zh');
    world.portal.admin.setFault('all', 'redesign');
    try {
      const r = await world.cli('flow', 'try');
      expect(r.code).toBe(1);
      expect(r.stdout).toContain('observe 失败 [portal_changed]');
      expect(r.stdout).toMatch(/ {4}下一步：\S/);
    } finally {
      world.portal.admin.setFault('all', 'none');
    }
  });

  it('surges suggest: the comments in Chinese under zh, in English under en', async () => {
    setLocale('zh');
    const zh = await world.cli('surges', 'suggest');
    expect(zh.code).toBe(0);
    expect(zh.stdout).toMatch(/^# 最近 28 天空出来的名额：\d+/m);
    expect(zh.stdout).toContain('# 间隔按每个账号每小时');
    expect(zh.stdout).toContain('# 还没有可建议的时段');
    expect(zh.stdout).not.toMatch(/Seats that came back|Intervals fit|No window/);
    setLocale('en');
    const en = await world.cli('surges', 'suggest');
    expect(en.stdout).toContain('# Seats that came back in the last 28 days: 0; opening waves seen: 0.');
    expect(en.stdout).toContain('# No window to suggest yet: no time seats came back at again and again.');
  });
});

describe('jianlou init in the folder language', () => {
  const base = mkdtempSync(join(tmpdir(), 'jianlou-init-locale-'));
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('says what it made and the next steps in Chinese by default, in English with --locale en', async () => {
    const zh = await run(base, 'init', 'zh-family', '--url', 'https://www.palace.test');
    expect(zh.code).toBe(0);
    expect(zh.stdout).toContain(`已创建 ${join(base, 'zh-family')}：package.json`);
    expect(zh.stdout).toContain('接下来：');
    expect(zh.stdout).toContain('  1. cd zh-family && npm install');
    expect(zh.stdout).toMatch(/npx jianlou login mom +手动登录一次/);
    expect(zh.stdout).not.toMatch(/Next steps|Created|log in by hand/);
    expect(readFileSync(join(base, 'zh-family/jianlou.yaml'), 'utf8')).toMatch(/^locale: zh /m);
    const en = await run(base, 'init', 'en-family', '--url', 'https://www.palace.test', '--locale', 'en');
    expect(en.code).toBe(0);
    expect(en.stdout).toContain(`Created ${join(base, 'en-family')}: package.json`);
    expect(en.stdout).toContain('Next steps:');
    expect(en.stdout).toMatch(/npx jianlou login mom +log in by hand once/);
    expect(readFileSync(join(base, 'en-family/jianlou.yaml'), 'utf8')).toMatch(/^locale: en /m);
    const bad = await run(base, 'init', 'x-family', '--locale', 'fr');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--locale fr: give zh (Chinese) or en (English)');
  });
});

/** Starts `jianlou …args` (a portal) in `cwd` and collects its output until `until` shows. */
function serve(cwd: string, args: string[], until: string): Promise<{ out: string; child: ChildProcess }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes(until)) resolve({ out, child });
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('exit', (code) => reject(new Error(`jianlou exited ${code}: ${out}`)));
  });
}

describe('jianlou portal in the config language', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-portal-locale-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('says where it is and how to log in: Chinese without a config, English under locale: en', async () => {
    const zh = await serve(dir, ['portal', '--port', '0', '--test-mode'], '按 Ctrl-C 停止。');
    children.push(zh.child);
    expect(zh.out).toMatch(/^演示报名网站（市少年宫 暑期课程报名）：http:\/\/127\.0\.0\.1:\d+$/m);
    expect(zh.out).toContain('测试模式：用户名 13800000000，密码 demo1234，验证码 8888');
    expect(zh.out).not.toMatch(/demo portal|test mode|Ctrl-C to stop/);
    writeFileSync(join(dir, 'en.yaml'), 'locale: en\n');
    const en = await serve(dir, ['--config', 'en.yaml', 'portal', '--port', '0'], 'Ctrl-C to stop.');
    children.push(en.child);
    expect(en.out).toMatch(/^demo portal \(市少年宫 暑期课程报名\) at http:\/\/127\.0\.0\.1:\d+$/m);
    expect(en.out).toContain('not in test mode: the captcha is random');
  });
});
