import { describe, expect, it } from 'vitest';
import { renderStatusPage } from '../../src/approve/status-page.js';
import type { StatusPageData } from '../../src/approve/status-types.js';
import { emptyPageData } from './page-data.js';

/** The status page names the alert channels in its language (issue 29): the data carries the kind, not words. */

const data = (channels: StatusPageData['channels']) => emptyPageData({ channels });

const row = (id: string, label: string, what: StatusPageData['channels'][number]['what']) => ({
  id,
  label,
  what,
  state: 'ok' as const,
  brokenSince: null,
  pending: 0,
  sentLastMinute: 0,
  maxPerMinute: 20,
});

const CHANNELS = [
  row('wecom', 'WeCom robot', { type: 'wecom', endpoint: 'https://qyapi.weixin.qq.com/…key=[redacted]' }),
  row('json-webhook', 'JSON webhook', { type: 'webhook', endpoint: 'https://hooks.example.com/…' }),
  row('grandma', 'grandma', { type: 'email', endpoint: 'smtps://smtp.example.com:465', recipients: 2 }),
];

const render = (locale: 'zh' | 'en', channels = CHANNELS) =>
  renderStatusPage(data(channels), { locale, decidePath: '/s/x/decide', proof: () => 'p' });

/** The names in the robot section, in order. */
const names = (html: string) =>
  [...(html.split('<section id="robot">')[1] ?? '').matchAll(/<li><b>([^<]*)<\/b>/g)].map((m) => m[1]);

describe('the status page names the alert channels in its language', () => {
  it('zh: by their Chinese kind, an id of the config’s own after it; no endpoint', () => {
    const html = render('zh');
    expect(names(html)).toEqual(['企业微信群机器人', 'JSON 网络回调', '电子邮件（grandma）']);
    expect(html).not.toContain('WeCom robot');
    expect(html).not.toContain('JSON webhook');
  });

  it('zh: the log fallback', () => {
    const html = render('zh', [row('log', 'log only (no channel configured)', null)]);
    expect(names(html)).toEqual(['只记日志（没有配置消息渠道）']);
  });

  it('en: as before', () => {
    expect(names(render('en'))).toEqual(['WeCom robot', 'JSON webhook', 'grandma']);
    const html = render('en', [row('log', 'log only (no channel configured)', null)]);
    expect(names(html)).toEqual(['log only (no channel configured)']);
  });
});
