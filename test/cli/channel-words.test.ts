import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliRun, type CliWorld, ROBOT_KEY, startWorld } from './harness.js';

/**
 * The channels' names, the install steps and the other advice of `doctor` and `status` in the
 * config's language (issue 29): a parent under `locale: zh` meets no English sentence there, and
 * `locale: en` reads as before.
 */

/** English that `doctor` and `status` used to print under zh. */
const ENGLISH = [
  'robot',
  'Feishu bot',
  'ServerChan',
  'e-mail',
  'address(es)',
  'JSON webhook',
  'as root',
  'lists no font',
  'log only',
  ' (dingtalk)',
];

const WRONG_SECRET = 'SECwrong0000secret1111';

async function channelWorld(locale: 'zh' | 'en'): Promise<CliWorld> {
  const world = await startWorld({ locale });
  const s = world.sink.standIns;
  const channels = [
    `    - { type: dingtalk, webhook: "${s.dingtalk}", secret: "${WRONG_SECRET}" }`,
    `    - { type: feishu, webhook: "${s.feishu}", secret: "${s.feishuSecret}" }`,
    `    - { type: pushplus, token: "${s.pushplusToken}", url: "${s.pushplus}" }`,
    `    - { type: serverchan, sendkey: "${s.serverchanKey}", url: "${s.serverchan}" }`,
    `    - { type: bark, url: "${s.bark}" }`,
    `    - { type: email, id: grandma, smtp: "${s.smtp}", from: "jianlou@example.com", to: [mom@example.com, dad@example.com] }`,
    '    - { type: webhook, url: "http://127.0.0.1:1/hook" }',
  ];
  const config = readFileSync(world.configFile, 'utf8').replace(
    /^notify: \{ wecom: \{ webhook: "([^"]+)" \} \}$/m,
    (_, webhook: string) =>
      ['notify:', `  wecom: { webhook: "${webhook}" }`, '  channels:', ...channels].join('\n'),
  );
  writeFileSync(world.configFile, config);
  return world;
}

/** `doctor` on a machine with no Chinese font and a Chromium without its Chinese language file. */
async function bareMachineDoctor(world: CliWorld, ...args: string[]): Promise<CliRun> {
  const fonts = join(world.dir, 'no-fonts.conf');
  writeFileSync(fonts, '<?xml version="1.0"?>\n<fontconfig></fontconfig>\n');
  const browser = join(world.dir, 'fake-chromium');
  mkdirSync(join(browser, 'locales'), { recursive: true });
  writeFileSync(join(browser, 'locales', 'de.pak'), ''); // neither zh-CN.pak nor en-US.pak
  writeFileSync(join(browser, 'chrome'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
  const saved = { fonts: process.env.FONTCONFIG_FILE, chromium: process.env.JIANLOU_CHROMIUM };
  process.env.FONTCONFIG_FILE = fonts;
  process.env.JIANLOU_CHROMIUM = join(browser, 'chrome');
  try {
    return await world.cli('doctor', ...args);
  } finally {
    restore('FONTCONFIG_FILE', saved.fonts);
    restore('JIANLOU_CHROMIUM', saved.chromium);
  }
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

function noSecret(world: CliWorld, text: string): void {
  const s = world.sink.standIns;
  for (const secret of [
    WRONG_SECRET,
    ROBOT_KEY,
    s.feishuSecret,
    s.pushplusToken,
    s.serverchanKey,
    'demo-smtp-pass',
  ])
    expect(text).not.toContain(secret);
}

describe('channel names and doctor advice under locale: zh', () => {
  let world: CliWorld;
  beforeAll(async () => {
    world = await channelWorld('zh');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('doctor names each channel by its Chinese name, without a secret', async () => {
    const r = await bareMachineDoctor(world);
    const line = (id: string) => r.stdout.split('\n').find((l) => l.startsWith(`✓ 提醒渠道 ${id}：`)) ?? '';
    expect(line('wecom')).toMatch(
      /^✓ 提醒渠道 wecom：企业微信群机器人 http:\/\/127\.0\.0\.1:\d+\/\S*key=\S+ 已配置（还没试过）$/,
    );
    expect(line('dingtalk')).toMatch(/：钉钉机器人 http:\/\/127\.0\.0\.1:\d+\/… 已配置/);
    expect(line('feishu')).toMatch(/：飞书机器人 http:\/\/127\.0\.0\.1:\d+\/… 已配置/);
    expect(line('pushplus')).toMatch(/：PushPlus http:\/\/127\.0\.0\.1:\d+\/… 已配置/);
    expect(line('serverchan')).toMatch(/：Server酱 http:\/\/127\.0\.0\.1:\d+/);
    expect(line('bark')).toMatch(/：Bark http:\/\/127\.0\.0\.1:\d+/);
    expect(line('grandma')).toMatch(/：电子邮件 smtp:\/\/127\.0\.0\.1:\d+（发给 2 个地址） 已配置/);
    expect(line('webhook')).toMatch(/：JSON 网络回调 http:\/\/127\.0\.0\.1:1\/… 已配置/);
    // No session saved yet (no login in this world): said so, not "expired".
    expect(r.stdout).toMatch(/^✗ 账号 mom 的登录：还没有保存的登录（\S+mom\.json 不存在）$/m);
    for (const phrase of ENGLISH) expect(r.stdout).not.toContain(phrase);
    noSecret(world, r.stdout + r.stderr);
  });

  it('doctor words the install steps for a missing font and Chromium language file in Chinese', async () => {
    const r = await bareMachineDoctor(world);
    expect(r.stdout).toContain('⚠ 中文字体：没有中文字体（fontconfig 里找不到中文字体）');
    expect(r.stdout).toContain(
      '→ 安装（任选一种系统）：Debian/Ubuntu（用 root 运行）：apt-get install -y fonts-noto-cjk；' +
        'Fedora：dnf install google-noto-sans-cjk-fonts；Alpine：apk add font-noto-cjk',
    );
    expect(r.stdout).toContain(
      '→ 安装（任选一种系统）：Debian/Ubuntu（用 root 运行）：apt-get install -y chromium-l10n；Alpine：apk add chromium-lang',
    );
    for (const phrase of ENGLISH) expect(r.stdout).not.toContain(phrase);
  });

  it('doctor --send names a refusing channel and where to fix it in Chinese', async () => {
    const r = await bareMachineDoctor(world, '--send');
    expect(r.stdout).toMatch(
      /^✓ 提醒渠道 wecom：企业微信群机器人 http:\/\/127\.0\.0\.1:\d+\/\S*key=\[redacted\] 收下了测试消息：errcode 0（ok）$/m,
    );
    // The robot's own answer, without jianlou's English reading of it.
    expect(r.stdout).toMatch(
      /^✗ 提醒渠道 dingtalk：钉钉机器人 http:\/\/127\.0\.0\.1:\d+\/… 没收下测试消息（回复原文：errcode 310000 \(sign not match\)）$/m,
    );
    expect(r.stdout).toContain('→ 按回复改好 notify.channels[0]（dingtalk），再运行：jianlou doctor --send');
    noSecret(world, r.stdout + r.stderr);
  });

  it('status names the channels in Chinese and a broken one by its place in notify.channels', async () => {
    await bareMachineDoctor(world, '--send'); // dingtalk refuses: marked broken
    const r = await world.cli('status');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^!! 钉钉机器人 从 .* 起发送失败（errcode 310000）：改好 notify\.channels\[0\]（dingtalk），再运行 jianlou doctor --send$/m,
    );
    expect(r.stdout).toMatch(/^ {2}企业微信群机器人：正常；/m);
    expect(r.stdout).toMatch(/^ {2}钉钉机器人：从 .* 起发送失败；/m);
    expect(r.stdout).toMatch(/^ {2}飞书机器人：正常；/m);
    expect(r.stdout).toMatch(/^ {2}Server酱：正常；/m);
    expect(r.stdout).toMatch(/^ {2}电子邮件（grandma）：正常；/m);
    expect(r.stdout).toMatch(/^ {2}JSON 网络回调：正常；/m);
    for (const phrase of ENGLISH) expect(r.stdout).not.toContain(phrase);
    const json = JSON.parse((await world.cli('status', '--json')).stdout);
    expect(json.channels[1]).toMatchObject({ id: 'dingtalk', configPath: 'notify.channels[0]' });
  });
});

describe('channel names and doctor advice under locale: en', () => {
  let world: CliWorld;
  beforeAll(async () => {
    world = await channelWorld('en');
  });
  afterAll(async () => {
    await world?.close();
  });

  it('doctor reads as before: English names, install steps and fix places', async () => {
    const before = await bareMachineDoctor(world);
    expect(before.stdout).toMatch(
      /^✓ notify webhook: JSON webhook http:\/\/127\.0\.0\.1:1\/… is configured \(not tested\)$/m,
    );
    expect(before.stdout).toMatch(
      /^✓ notify dingtalk: DingTalk robot http:\/\/127\.0\.0\.1:\d+\/… is configured \(not tested\)$/m,
    );
    const r = await bareMachineDoctor(world, '--send');
    expect(r.stdout).toMatch(
      /^✓ notify grandma: test message to e-mail smtp:\/\/127\.0\.0\.1:\d+ to 2 address\(es\) sent/m,
    );
    expect(r.stdout).toMatch(
      /^✓ notify feishu: test message to Feishu bot http:\/\/127\.0\.0\.1:\d+\/… sent/m,
    );
    expect(r.stdout).toContain(
      '→ fix notify.channels[0] (dingtalk) as the answer says, then run: jianlou doctor --send',
    );
    expect(r.stdout).toContain(
      '→ Debian/Ubuntu (as root): apt-get install -y fonts-noto-cjk · Fedora: dnf install google-noto-sans-cjk-fonts · Alpine: apk add font-noto-cjk',
    );
    expect(r.stdout).toContain(
      '→ Debian/Ubuntu (as root): apt-get install -y chromium-l10n · Alpine: apk add chromium-lang',
    );
    expect(r.stdout).toContain('⚠ font: no Chinese font (fc-list :lang=zh lists no font)');
    for (const zh of ['提醒渠道', '安装', '钉钉', '电子邮件', '发给', '回复原文'])
      expect(r.stdout).not.toContain(zh);
    noSecret(world, r.stdout + r.stderr);
  });

  it('status reads as before, with the fix of a broken notify.channels entry', async () => {
    const r = await world.cli('status');
    expect(r.stdout).toMatch(
      /^!! dingtalk BROKEN since .* \(errcode 310000\): fix notify\.channels\[0\] \(dingtalk\), then run jianlou doctor --send$/m,
    );
    expect(r.stdout).toMatch(/^ {2}WeCom robot: ok;/m);
    expect(r.stdout).toMatch(/^ {2}grandma: ok;/m);
  });
});
