import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, type CliWorld, startWorld } from './harness.js';

// Issue 29 items 3 and 12: what the person at the terminal reads comes from the catalogue in the
// config's language — status, the holds list, check's result lines and operator errors.
const BIN = new URL('../../bin/jianlou.js', import.meta.url).pathname;

/** `jianlou --config <file> …args` for a config other than the world's. */
function run(cwd: string, configFile: string, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, '--config', configFile, ...args],
      { cwd, env: { ...process.env, JIANLOU_LOG_LEVEL: 'silent' }, timeout: 60_000 },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

/** Words a Chinese line may keep: commands, config keys, ids, codes and units. */
const KEPT = new Set(
  'jianlou cron ms approve release list login check doctor watch holds dry run Asia Shanghai cookie mom sister brother bogus nobody dad accounts'.split(
    ' ',
  ),
);

/** English words left in the Chinese output once URLs, paths, hold ids, course ids and kept words are out. */
function strayEnglish(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.startsWith('{"level"'))
    .filter((line) => {
      const rest = line
        .replace(/\S+:\/\/\S+/g, ' ')
        .replace(/(?<!\w)\/[\w./-]+/g, ' ')
        .replace(/hold\/\S+/g, ' ')
        .replace(/[A-Z]+-\d+/g, ' ');
      return (rest.match(/[A-Za-z]{2,}/g) ?? []).some((w) => !KEPT.has(w));
    })
    .map((line) => line.trim());
}

describe('the CLI in the config language', () => {
  let world: CliWorld;
  const setLocale = (locale: 'zh' | 'en') =>
    writeFileSync(
      world.configFile,
      readFileSync(world.configFile, 'utf8').replace(/^locale: \w+$/m, `locale: ${locale}`),
    );

  beforeAll(async () => {
    world = await startWorld({ brotherAutoHold: true });
  });
  afterAll(async () => {
    await world?.close();
  });

  it('a missing session, usage and an unknown account: zh, then en', { timeout: 180_000 }, async () => {
    setLocale('zh');
    const dry = await world.cli('check', '--dry-run');
    expect(dry.code).toBe(3);
    expect(dry.stdout).toContain('账号 mom：登录已失效');
    expect(dry.stdout).toContain('账号 "mom" 需要重新登录 — 运行：jianlou login mom');
    const bad = await world.cli('holds', 'bogus');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('jianlou: 不认识的操作 "bogus"');
    const nobody = await world.cli('login', 'nobody');
    expect(nobody.code).toBe(2);
    expect(nobody.stderr).toMatch(/jianlou: \S+jianlou\.yaml 里没有账号 "nobody"（已有的账号：mom）/);
    const zh = [dry.stdout, bad.stderr, nobody.stderr].join('\n');
    expect(strayEnglish(zh)).toEqual([]);

    setLocale('en');
    expect((await world.cli('check', '--dry-run')).stdout).toContain(
      'session for account "mom" needs a login — run: jianlou login mom',
    );
    expect((await world.cli('holds', 'bogus')).stderr).toContain('unknown action "bogus"');
    expect((await world.cli('login', 'nobody')).stderr).toMatch(
      /no account "nobody" in \S+ \(accounts: mom\)/,
    );
  });

  it('a config that fails validation is told in its own locale', { timeout: 120_000 }, async () => {
    const file = join(world.dir, 'bad.yaml');
    const bad = (locale: string) =>
      writeFileSync(
        file,
        [
          `locale: ${locale}`,
          'portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:9" }',
          'accounts: [{ id: mom }]',
          'children: [{ id: sister, name: 姐姐, account: dad }]',
          'targets: [{ child: sister, courses: [ART-101] }]',
          'notify: { wecom: { webhook: "${JIANLOU_TEST_UNSET_HOOK}" } }',
          'bogus: 1',
          '',
        ].join('\n'),
      );
    bad('zh');
    const zh = await run(world.dir, file, 'status');
    expect(zh.code).toBe(2);
    expect(zh.stderr).toContain(`jianlou: 配置文件 ${file} 有问题：`);
    expect(zh.stderr).toContain('notify.wecom.webhook: 环境变量 JIANLOU_TEST_UNSET_HOOK 没有设置');
    expect(zh.stderr).toContain('children.0.account: 没有账号 "dad"（已有：mom）');
    expect(zh.stderr).toContain('（最外层）: 不认识的键 "bogus"');
    expect(
      strayEnglish(
        zh.stderr.replace(/JIANLOU_TEST_UNSET_HOOK|webhook|notify|wecom|children|account|export/g, ''),
      ),
    ).toEqual([]);
    bad('en');
    const en = await run(world.dir, file, 'status');
    expect(en.stderr).toContain(`config ${file} is invalid:`);
    expect(en.stderr).toContain('environment variable JIANLOU_TEST_UNSET_HOOK is not set');
    expect(en.stderr).toContain('children.0.account: unknown account "dad" (known: mom)');
    const missing = await run(world.dir, join(world.dir, 'none.yaml'), 'status');
    expect(missing.stderr).toContain('找不到配置文件');
  });

  it('check, status and holds after a hold: Chinese lines under zh, the English ones under en', async () => {
    setLocale('zh');
    await world.login();
    world.portal.admin.setSeats('ART-101', 1);
    const check = await world.cli('check');
    expect(check.code).toBe(0);
    expect(check.stdout).toMatch(/账号 mom：正常，用时 \d+ ms/);
    expect(check.stdout).toContain('已为 sister 保留 ART-101（账号 mom）');
    expect(check.stdout).toContain('已发提醒：空出名额 ART-101');
    expect(check.stdout).toMatch(/已发到群里：\d+ 条/);
    const status = await world.cli('status');
    expect(status.stdout).toContain('关注的课程');
    expect(status.stdout).toMatch(/保留 ART-101 保留中 保留到 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d（\d+ 分钟后）/);
    expect(status.stdout).toContain('mom：登录状态正常');
    const holds = await world.cli('holds');
    expect(holds.stdout).toMatch(/姐姐（sister）\s+ART-101 少儿国画（初级）\s+保留中\s+保留到 \d{4}-/);
    expect(holds.stdout).toContain('1 个保留等你们决定');
    expect(strayEnglish([check.stdout, status.stdout, holds.stdout].join('\n'))).toEqual([]);

    setLocale('en');
    const en = await world.cli('status');
    expect(en.stdout).toContain('TARGETS');
    expect(en.stdout).toMatch(/hold ART-101 HELD expires \d{4}-/);
    expect(en.stdout).toContain('mom: session ok');
    expect((await world.cli('holds')).stdout).toContain('1 waiting for a decision');
    expect((await world.cli('check', '--dry-run')).stdout).toMatch(/account mom: ok in \d+ ms/);
  }, 240_000);
});
