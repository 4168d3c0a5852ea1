import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, ROBOT_KEY, startWorld } from './harness.js';

/** `doctor --send` tries every channel of notify.channels against the sink's stand-ins. */
describe('jianlou doctor --send with notify.channels', () => {
  let world: CliWorld;
  const WRONG_SECRET = 'SECwrong0000secret1111';

  beforeAll(async () => {
    world = await startWorld({ locale: 'en' });
    const s = world.sink.standIns;
    const channels = [
      `    - { type: dingtalk, webhook: "${s.dingtalk}", secret: "${WRONG_SECRET}" }`,
      `    - { type: feishu, webhook: "${s.feishu}", secret: "${s.feishuSecret}" }`,
      `    - { type: pushplus, token: "${s.pushplusToken}", url: "${s.pushplus}" }`,
      `    - { type: serverchan, sendkey: "${s.serverchanKey}", url: "${s.serverchan}" }`,
      `    - { type: bark, url: "${s.bark}" }`,
      `    - { type: email, smtp: "${s.smtp}", from: "jianlou@example.com", to: [mom@example.com], kinds: [daily_summary] }`,
    ];
    const config = readFileSync(world.configFile, 'utf8').replace(
      /^notify: \{ wecom: \{ webhook: "([^"]+)" \} \}$/m,
      (_, webhook: string) =>
        ['notify:', `  wecom: { webhook: "${webhook}" }`, '  channels:', ...channels].join('\n'),
    );
    writeFileSync(world.configFile, config);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('sends one test message per channel (filters do not apply), names the failing entry, shows no secret', async () => {
    const r = await world.cli('doctor', '--send');
    const out = r.stdout + r.stderr;
    for (const id of ['wecom', 'feishu', 'pushplus', 'serverchan', 'bark', 'email'])
      expect(out).toMatch(new RegExp(`^✓ notify ${id}: test message to .* sent: errcode 0`, 'm'));
    expect(out).toMatch(
      /^✗ notify dingtalk: test message to DingTalk robot http:\/\/127\.0\.0\.1:\d+\/… refused: errcode 310000/m,
    );
    expect(out).toContain(
      '→ fix notify.channels[0] (dingtalk) as the answer says, then run: jianlou doctor --send',
    );
    const channels = world.sink.received().map((m) => m.channel);
    expect(new Set(channels)).toEqual(
      new Set(['wecom', 'feishu', 'pushplus', 'serverchan', 'bark', 'email']),
    );
    const s = world.sink.standIns;
    for (const secret of [
      WRONG_SECRET,
      ROBOT_KEY,
      'demo-dingtalk-token',
      'demo-feishu-token',
      s.feishuSecret,
      s.pushplusToken,
      s.serverchanKey,
      'demoBarkDeviceKey0123',
      'demo-smtp-pass',
    ])
      expect(out).not.toContain(secret);
  });
});
