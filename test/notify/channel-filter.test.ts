import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { ConfigError } from '../../src/core/errors.js';
import type { Alert } from '../../src/core/types.js';
import { channelsFromConfig } from '../../src/notify/channels/from-config.js';
import { createSender } from '../../src/notify/sender.js';
import { type Sink, startSink } from '../../src/sink/sink.js';
import { fakeClock, memoryKv, memoryOutbox } from './doubles.js';
import { dailySummary, gone, opening } from './fixtures.js';

const BASE = `
portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:4173/" }
accounts: [{ id: mom }]
children: [{ id: sister, name: 姐姐, account: mom, studentId: S001 }]
targets: [{ child: sister, courses: [ART-101] }]
`;

const ENV = {
  DING_TOKEN: 'dingtoken0123456789',
  DING_SECRET: 'SECdingsecret0123456789',
  PUSHPLUS: 'pushplustoken0123456789abcdef',
  SENDKEY: 'SCTsendkey012345',
  BARK_KEY: 'barkDeviceKey0123456',
  SMTP_PASS: 'smtp-password-01',
};

describe('notify.channels in the config', () => {
  const text = `${BASE}
notify:
  channels:
    - { type: dingtalk, webhook: "https://oapi.dingtalk.com/robot/send?access_token=\${DING_TOKEN}", secret: "\${DING_SECRET}" }
    - { type: pushplus, token: "\${PUSHPLUS}" }
    - { type: serverchan, sendkey: "\${SENDKEY}", kinds: [opening, hold_made] }
    - { type: bark, url: "https://api.day.app/\${BARK_KEY}", quietHours: { start: "22:00", end: "07:00" } }
    - { type: email, smtp: "smtps://mom%40example.com:\${SMTP_PASS}@smtp.example.com:465", from: "捡漏 <mom@example.com>", to: [mom@example.com], kinds: [daily_summary] }
`;

  it('parses every channel type and hands each secret to the log scrubber', () => {
    const config = parseConfig(text, '/srv/jl/jianlou.yaml', ENV);
    expect(config.notify.channels.map((c) => c.type)).toEqual([
      'dingtalk',
      'pushplus',
      'serverchan',
      'bark',
      'email',
    ]);
    for (const secret of Object.values(ENV)) expect(config.secrets).toContain(secret);
  });

  it('names the path and the fix of a bad channel', () => {
    const bad = `${BASE}
notify:
  channels:
    - { type: dingtalk, webhook: "https://oapi.dingtalk.com/robot/send" }
    - { type: telegram, token: x }
`;
    let caught: unknown;
    try {
      parseConfig(bad, '/srv/jl/jianlou.yaml', {});
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const issues = (caught as ConfigError).issues.map((i) => `${i.path}: ${i.message}`);
    expect(issues.join('\n')).toMatch(/notify\.channels\.0\.webhook: .*access_token/);
    expect(issues.join('\n')).toMatch(/notify\.channels\.1.*type must be one of wecom, dingtalk/);
  });
});

describe('per-channel filters, through the sender and the stand-ins', () => {
  let sink: Sink;
  // 23:00 in Shanghai.
  const clock = fakeClock('2026-11-07T15:00:00.000Z');
  beforeAll(async () => {
    sink = await startSink({ now: clock.now });
  });
  afterAll(() => sink.close());
  beforeEach(() => sink.clear());

  function rig(yamlChannels: Parameters<typeof channelsFromConfig>[0]) {
    const outbox = memoryOutbox();
    const sender = createSender({
      outbox,
      kv: memoryKv(),
      channels: channelsFromConfig(yamlChannels, { timeZone: 'Asia/Shanghai', now: clock.now }),
      now: clock.now,
      sleep: clock.sleep,
    });
    let n = 0;
    return {
      outbox,
      sender,
      enqueue: (alert: Alert) =>
        outbox.enqueue({
          id: `a${++n}`,
          lane: 'message',
          payload: alert,
          createdAt: clock.now().toISOString(),
        }),
    };
  }
  const on = (channel: string) => sink.received().filter((m) => m.channel === channel);

  it('e-mail only for the daily summary: the opening goes to DingTalk alone, and both entries are done', async () => {
    const s = sink.standIns;
    const r = rig([
      { type: 'dingtalk', webhook: s.dingtalk, secret: s.dingtalkSecret, mentionMobiles: [] },
      {
        type: 'email',
        smtp: s.smtp,
        from: 'jianlou@example.com',
        to: ['mom@example.com'],
        kinds: ['daily_summary'],
      },
    ]);
    await r.enqueue(opening());
    await r.enqueue(dailySummary());
    const result = await r.sender.drain({ until: new Date(clock.now().getTime() + 60_000) });
    expect(result.sent).toBe(2);
    expect(on('dingtalk')).toHaveLength(2);
    expect(on('email').map((m) => m.summary)).toEqual([expect.stringMatching(/./)]);
    expect(
      sink.smtp
        ?.received()
        .map((m) => m.text)
        .join(),
    ).not.toContain('ART-101');
    expect(r.outbox.all().map((e) => e.status)).toEqual(['done', 'done']);
  });

  it("a channel's quiet hours hold back what is not urgent until they end; urgent kinds go at once", async () => {
    const s = sink.standIns;
    const r = rig([{ type: 'bark', url: s.bark, quietHours: { start: '22:00', end: '07:00' } }]);
    await r.enqueue(gone());
    await r.enqueue(opening());
    await r.sender.drain({ until: new Date(clock.now().getTime() + 60_000) });
    expect(on('bark').map((m) => m.body.level)).toEqual(['timeSensitive']);
    // Waits for 07:00 (eight hours on), not a second at a time.
    const result = await r.sender.drain({ until: new Date(clock.now().getTime() + 9 * 3_600_000) });
    expect(on('bark')).toHaveLength(2);
    expect(result.sent).toBe(1);
    expect(clock.now().toISOString()).toBe('2026-11-07T23:00:00.000Z');
  });
});
