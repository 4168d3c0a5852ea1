import { describe, expect, it } from 'vitest';
import {
  type ChannelConfig,
  channelIds,
  channelSchema,
  channelSecrets,
} from '../../src/config/notify-channels.js';

/** `notify.channels[]` on its own: a wrong channel config must be refused, or alerts go nowhere. */

const ok = (c: unknown) => channelSchema.parse(c) as ChannelConfig & Record<string, unknown>;
/** The messages of a refused config, joined. */
function refused(c: unknown): string {
  const r = channelSchema.safeParse(c);
  expect(r.success).toBe(false);
  return r.success ? '' : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

const DING = 'https://oapi.dingtalk.com/robot/send?access_token=abc123';
const FEISHU = 'https://open.feishu.cn/open-apis/bot/v2/hook/tok-123';
const WECOM = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k-123';

describe('channel fields', () => {
  it('an unknown type names the eight', () => {
    expect(refused({ type: 'slack', url: 'https://x' })).toMatch(
      'type must be one of wecom, dingtalk, feishu, pushplus, serverchan, bark, email, webhook',
    );
  });

  it('ids: 1–40 letters, digits, - or _', () => {
    expect(ok({ type: 'webhook', url: 'https://x.test/h', id: 'a_B-9' }).id).toBe('a_B-9');
    expect(ok({ type: 'webhook', url: 'https://x.test/h', id: 'x'.repeat(40) }).id).toHaveLength(40);
    for (const id of ['', 'x'.repeat(41), 'a b', 'a.b', 'ab!'])
      expect(refused({ type: 'webhook', url: 'https://x.test/h', id })).toMatch(
        'use 1–40 letters, digits, "-" or "_"',
      );
  });

  it('kinds: known kinds, at least one', () => {
    expect(ok({ type: 'webhook', url: 'https://x.test/h', kinds: ['daily_summary'] }).kinds).toEqual([
      'daily_summary',
    ]);
    expect(refused({ type: 'webhook', url: 'https://x.test/h', kinds: [] })).toMatch(
      'list at least one alert kind, or leave kinds out',
    );
    refused({ type: 'webhook', url: 'https://x.test/h', kinds: ['nope'] });
  });

  it('quiet hours: HH:MM 24-hour, optional urgent kinds, nothing else', () => {
    const q = ok({
      type: 'webhook',
      url: 'https://x.test/h',
      quietHours: { start: '22:00', end: '07:30', urgent: ['opening'] },
    });
    expect(q.quietHours).toEqual({ start: '22:00', end: '07:30', urgent: ['opening'] });
    expect(
      ok({ type: 'webhook', url: 'https://x.test/h', quietHours: { start: '00:00', end: '23:59' } })
        .quietHours,
    ).toEqual({
      start: '00:00',
      end: '23:59',
    });
    for (const start of ['24:00', '7:00', '07:60', '19:5', 'x07:00', '07:00x', '29:00'])
      expect(
        refused({ type: 'webhook', url: 'https://x.test/h', quietHours: { start, end: '07:00' } }),
      ).toMatch('use HH:MM (24-hour)');
    expect(
      ok({ type: 'webhook', url: 'https://x.test/h', quietHours: { start: '19:00', end: '09:59' } })
        .quietHours?.start,
    ).toBe('19:00');
    refused({
      type: 'webhook',
      url: 'https://x.test/h',
      quietHours: { start: '22:00', end: '07:00', extra: 1 },
    });
  });

  it('URLs must be http(s), with an example in the message', () => {
    expect(refused({ type: 'webhook', url: 'not a url' })).toMatch(
      'must be a URL like https://example.com/hook',
    );
    expect(refused({ type: 'webhook', url: 'ftp://x.test/h' })).toMatch(
      'must be an http(s) URL like https://example.com/hook',
    );
    expect(ok({ type: 'webhook', url: 'HTTP://x.test/h' }).type).toBe('webhook');
    // The scheme itself, not an http URL somewhere inside another one.
    expect(refused({ type: 'webhook', url: 'ftp://x.test/?u=https://y.test' })).toMatch(
      'must be an http(s) URL',
    );
    refused({ type: 'webhook', url: 'https://x.test/h', extra: true });
  });
});

describe('each channel type', () => {
  it('wecom: a key=… parameter; mentions default to none', () => {
    const c = ok({ type: 'wecom', webhook: WECOM });
    expect(c).toEqual({ type: 'wecom', webhook: WECOM, mentionMobiles: [], mentionUserIds: [] });
    expect(ok({ type: 'wecom', webhook: 'https://q.test/send?a=1&key=z' }).type).toBe('wecom');
    expect(refused({ type: 'wecom', webhook: 'https://q.test/send?key=' })).toMatch(
      'the webhook URL has no key=… parameter',
    );
    expect(refused({ type: 'wecom', webhook: 'https://q.test/send?xkey=1' })).toMatch('no key=… parameter');
    refused({ type: 'wecom', webhook: WECOM, mentionUserIds: [''] });
  });

  it('dingtalk: an access_token parameter, a secret of 8+ characters, 11-digit mobiles or @all', () => {
    const c = ok({
      type: 'dingtalk',
      webhook: DING,
      secret: 'SEC12345',
      mentionMobiles: ['13800000000', '@all'],
    });
    expect(c).toMatchObject({ secret: 'SEC12345', mentionMobiles: ['13800000000', '@all'] });
    expect(ok({ type: 'dingtalk', webhook: DING })).toEqual({
      type: 'dingtalk',
      webhook: DING,
      mentionMobiles: [],
    });
    expect(refused({ type: 'dingtalk', webhook: 'https://oapi.dingtalk.com/robot/send' })).toMatch(
      'the webhook URL has no access_token=… parameter: copy it from the robot settings',
    );
    expect(refused({ type: 'dingtalk', webhook: 'https://o.test/send?access_token=&a=1' })).toMatch(
      'access_token',
    );
    expect(refused({ type: 'dingtalk', webhook: 'https://o.test/send?xaccess_token=1' })).toMatch(
      'access_token',
    );
    expect(ok({ type: 'dingtalk', webhook: 'https://o.test/send?a=1&access_token=t' }).type).toBe('dingtalk');
    expect(refused({ type: 'dingtalk', webhook: DING, secret: 'SEC1234' })).toMatch(
      'the 加签 secret is the SEC… string of the robot settings',
    );
    for (const m of ['1380000000', '138000000001', 'all', '@all ', 'x13800000000'])
      expect(refused({ type: 'dingtalk', webhook: DING, mentionMobiles: [m] })).toMatch(
        'an 11-digit mobile or "@all"',
      );
  });

  it('feishu: ends in /hook/<token>; a secret of 8+', () => {
    expect(ok({ type: 'feishu', webhook: FEISHU, secret: '12345678' }).secret).toBe('12345678');
    for (const webhook of [
      'https://open.feishu.cn/open-apis/bot/v2/hook/',
      'https://open.feishu.cn/open-apis/bot/v2/hook/t/more',
      'https://open.feishu.cn/open-apis/bot/v2/hook/t?x=1',
      'https://open.feishu.cn/open-apis/bot/v2/xhook',
    ])
      expect(refused({ type: 'feishu', webhook })).toMatch(
        'the webhook URL must end in /hook/<token>: copy it from the bot settings',
      );
    expect(refused({ type: 'feishu', webhook: FEISHU, secret: '1234567' })).toMatch(
      'the 签名校验 secret of the bot settings',
    );
  });

  it('pushplus: a token of 16–64 letters and digits; url and topic optional', () => {
    const t16 = 'a'.repeat(16);
    expect(ok({ type: 'pushplus', token: t16 })).toEqual({ type: 'pushplus', token: t16 });
    expect(
      ok({ type: 'pushplus', token: 'A1'.repeat(32), url: 'http://127.0.0.1:1/send', topic: 'g' }).topic,
    ).toBe('g');
    for (const token of ['a'.repeat(15), 'a'.repeat(65), `${'a'.repeat(16)}-`, `-${'a'.repeat(16)}`])
      expect(refused({ type: 'pushplus', token })).toMatch('the token of pushplus.plus (letters and digits)');
    expect(refused({ type: 'pushplus', token: t16, url: 'x' })).toMatch('https://www.pushplus.plus/send');
    refused({ type: 'pushplus', token: t16, topic: '' });
  });

  it('serverchan: a SendKey of 8–80 letters and digits', () => {
    expect(ok({ type: 'serverchan', sendkey: 'SCT12345' }).sendkey).toBe('SCT12345');
    expect(ok({ type: 'serverchan', sendkey: 'S'.repeat(80) }).type).toBe('serverchan');
    for (const sendkey of ['SCT1234', 'S'.repeat(81), 'SCT 12345', '_SCT12345', 'SCT12345_'])
      expect(refused({ type: 'serverchan', sendkey })).toMatch('the SendKey of sct.ftqq.com (SCT…)');
    expect(refused({ type: 'serverchan', sendkey: 'SCT12345', url: 'nope' })).toMatch(
      'https://sctapi.ftqq.com',
    );
  });

  it('bark: the URL ends in the device key; group 1–40', () => {
    expect(ok({ type: 'bark', url: 'https://api.day.app/KEY123', group: 'g' }).group).toBe('g');
    expect(refused({ type: 'bark', url: 'https://api.day.app/' })).toMatch(
      'the URL must end in the device key, as the Bark app shows it: https://api.day.app/DEVICE_KEY',
    );
    expect(refused({ type: 'bark', url: 'https://api.day.app' })).toMatch('device key');
    refused({ type: 'bark', url: 'https://api.day.app/K', group: '' });
    refused({ type: 'bark', url: 'https://api.day.app/K', group: 'g'.repeat(41) });
    expect(ok({ type: 'bark', url: 'https://api.day.app/K', group: 'g'.repeat(40) }).type).toBe('bark');
  });

  it('email: an smtp(s) URL with a host, a sender, one or more addresses', () => {
    const c = ok({ type: 'email', smtp: 'SMTPS://u:p@smtp.test:465', from: 'a@b', to: ['x@example.com'] });
    expect(c.type).toBe('email');
    for (const smtp of ['https://smtp.test', 'smtp://', 'smtp:///x', 'xsmtp://h'])
      expect(refused({ type: 'email', smtp, from: 'a@b', to: ['x@example.com'] })).toMatch(
        'use smtps://user:pass@smtp.example.com:465 (or smtp://…:587)',
      );
    expect(refused({ type: 'email', smtp: 'smtp://h', from: 'ab', to: ['x@example.com'] })).toMatch(
      'the sender, e.g. "捡漏 <me@example.com>"',
    );
    expect(refused({ type: 'email', smtp: 'smtp://h', from: 'a@b', to: [] })).toMatch(
      'list at least one recipient',
    );
    expect(refused({ type: 'email', smtp: 'smtp://h', from: 'a@b', to: ['nobody'] })).toMatch(
      'an e-mail address',
    );
  });
});

describe('channel ids', () => {
  it('as given, else the type, then type-2, type-3 … per type', () => {
    expect(
      channelIds([
        { type: 'dingtalk' },
        { type: 'email', id: 'dad' },
        { type: 'dingtalk' },
        { type: 'bark' },
        { type: 'dingtalk', id: 'x' },
        { type: 'dingtalk' },
      ]),
    ).toEqual(['dingtalk', 'dad', 'dingtalk-2', 'bark', 'x', 'dingtalk-3']);
    expect(channelIds([])).toEqual([]);
  });
});

describe('channel secrets (what the logs scrub)', () => {
  it('each type gives its whole endpoint and its parts', () => {
    expect(channelSecrets(ok({ type: 'wecom', webhook: 'https://q.test/send?key=k-123&x=1' }))).toEqual([
      'https://q.test/send?key=k-123&x=1',
      'k-123',
    ]);
    expect(channelSecrets(ok({ type: 'dingtalk', webhook: `${DING}&x=1`, secret: 'SECsecret' }))).toEqual([
      `${DING}&x=1`,
      'abc123',
      'SECsecret',
    ]);
    expect(channelSecrets(ok({ type: 'dingtalk', webhook: DING }))).toEqual([DING, 'abc123', '']);
    expect(channelSecrets(ok({ type: 'feishu', webhook: FEISHU, secret: 'fsecret12' }))).toEqual([
      FEISHU,
      'tok-123',
      'fsecret12',
    ]);
    expect(channelSecrets(ok({ type: 'feishu', webhook: FEISHU }))).toEqual([FEISHU, 'tok-123', '']);
    expect(channelSecrets(ok({ type: 'pushplus', token: 'a'.repeat(20) }))).toEqual(['a'.repeat(20)]);
    expect(channelSecrets(ok({ type: 'serverchan', sendkey: 'SCT12345' }))).toEqual(['SCT12345']);
    expect(channelSecrets(ok({ type: 'bark', url: 'https://api.day.app/DEVKEY/' }))).toEqual([
      'https://api.day.app/DEVKEY/',
      'DEVKEY',
    ]);
    expect(channelSecrets(ok({ type: 'webhook', url: 'https://x.test/h?t=1' }))).toEqual([
      'https://x.test/h?t=1',
    ]);
  });

  it('e-mail: the URL and its password, raw and decoded; none without a password', () => {
    const smtp = 'smtps://me%40qq.com:p%40ss%2Fword@smtp.qq.com:465';
    expect(channelSecrets(ok({ type: 'email', smtp, from: 'a@b', to: ['x@example.com'] }))).toEqual([
      smtp,
      'p%40ss%2Fword',
      'p@ss/word',
    ]);
    const bare = 'smtp://smtp.test:25';
    expect(channelSecrets(ok({ type: 'email', smtp: bare, from: 'a@b', to: ['x@example.com'] }))).toEqual([
      bare,
      '',
      '',
    ]);
    // Not a URL the WHATWG parser takes (passes the schema's pattern): no password, no throw.
    const odd = 'smtp://exa mple:25';
    expect(
      channelSecrets({ type: 'email', smtp: odd, from: 'a@b', to: ['x@example.com'] } as ChannelConfig),
    ).toEqual([odd, '', '']);
  });
});
