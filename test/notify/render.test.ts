import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/core/types.js';
import { renderAlert } from '../../src/notify/render.js';
import type {
  MarkdownMessage,
  TemplateCardMessage,
  TextMessage,
  WecomMessage,
} from '../../src/notify/wecom-types.js';
import { validateWecomBody } from '../../src/sink/sink-validate.js';
import * as f from './fixtures.js';

const card = (m: WecomMessage | undefined): TemplateCardMessage['template_card'] => {
  expect(m?.msgtype).toBe('template_card');
  return (m as TemplateCardMessage).template_card;
};
const md = (m: WecomMessage | undefined): string => {
  expect(m?.msgtype).toBe('markdown');
  return (m as MarkdownMessage).markdown.content;
};
const text = (m: WecomMessage | undefined): TextMessage['text'] => {
  expect(m?.msgtype).toBe('text');
  return (m as TextMessage).text;
};
const fieldsOf = (c: TemplateCardMessage['template_card']) =>
  Object.fromEntries((c.horizontal_content_list ?? []).map((r) => [r.keyname, r.value]));

const everyAlert: Alert[] = [
  f.opening(),
  f.opening({ clashes: [f.booked('游泳')], holdSkipped: { code: 'dry_run' } }),
  f.opening({ observation: f.observation({ seats: null, teacher: '王老师', fee: 380 }) }),
  f.holdMade({ observation: f.observation({ teacher: '王老师', fee: 380 }) }),
  f.gone(),
  f.holdMade(),
  f.holdMade({ hold: { ...f.holdMade().hold, expiresAt: null } }),
  f.holdFailed(),
  f.holdReminder(),
  f.holdResult('approved'),
  f.holdResult('released'),
  f.problem(),
  f.problem({ problem: 'portal_changed', reminder: true }),
  f.recovered(),
  f.dailySummary(),
  f.testAlert(),
];

describe('renderAlert: opening', () => {
  it('is a card with child, course, seats, schedule, campus, time seen in Asia/Shanghai and the link', () => {
    const [message, ...rest] = renderAlert(f.opening());
    expect(rest).toEqual([]);
    const c = card(message);
    expect(c.main_title.title).toBe('有空位：少儿国画（初级）');
    expect(c.main_title.desc).toContain('姐姐');
    expect(c.emphasis_content).toEqual({ title: '2', desc: '余位' });
    expect(fieldsOf(c)).toMatchObject({ 上课: '周六 09:00-10:30', 校区: '本部', 发现: '11月7日 周六 09:03' });
    expect(c.jump_list).toEqual([
      { type: 1, title: '打开课程页', url: 'http://127.0.0.1:4173/courses/ART-101' },
    ]);
    expect(c.card_action).toEqual({ type: 1, url: 'http://127.0.0.1:4173/courses/ART-101' });
  });

  it('shows clashes and why no hold was tried', () => {
    const c = card(
      renderAlert(f.opening({ clashes: [f.booked('游泳')], holdSkipped: { code: 'cap', max: 2 } }))[0],
    );
    expect(c.sub_title_text).toContain('时间冲突：与「游泳」（周六 09:00-10:00，已报名）时间冲突');
    expect(c.sub_title_text).toContain('没有自动占位：该账号已有 2 个保留（上限），未自动保留');
  });

  it('shows teacher and fee when the portal gives them', () => {
    const c = card(
      renderAlert(f.opening({ observation: f.observation({ teacher: '王老师', fee: 380 }) }))[0],
    );
    expect(fieldsOf(c)).toMatchObject({ 老师: '王老师', 学费: '¥380' });
  });

  it('says seats are free when the portal gives no number', () => {
    const c = card(renderAlert(f.opening({ observation: f.observation({ seats: null }) }))[0]);
    expect(c.emphasis_content).toBeUndefined();
    expect(fieldsOf(c).余位).toBe('有空位');
  });

  it('is followed by a text message carrying the mentions, since cards cannot mention', () => {
    const messages = renderAlert(f.opening(), { mentionMobiles: ['13800000000'], mentionUserIds: ['mom'] });
    expect(messages.map((m) => m.msgtype)).toEqual(['template_card', 'text']);
    const ping = text(messages[1]);
    expect(ping.mentioned_mobile_list).toEqual(['13800000000']);
    expect(ping.mentioned_list).toEqual(['mom']);
    expect(ping.content).toContain('少儿国画（初级）');
  });

  it('falls back to markdown when a field is wider than the card allows, mentioning by <@userid>', () => {
    const long = f.opening({ clashes: Array.from({ length: 8 }, (_, i) => f.booked(`游泳提高班 第${i}期`)) });
    const messages = renderAlert(long, { mentionUserIds: ['mom'] });
    expect(messages).toHaveLength(1);
    const content = md(messages[0]);
    expect(content).toContain('有空位：少儿国画（初级）');
    expect(content).toContain('[打开课程页](http://127.0.0.1:4173/courses/ART-101)');
    expect(content).toContain('与「游泳提高班 第7期」（周六 09:00-10:00，已报名）时间冲突');
    expect(content).toContain('<@mom>');
  });

  it('adds a text message for mobiles when it falls back to markdown', () => {
    const long = f.opening({ observation: f.observation({ title: '少儿国画'.repeat(10) }) });
    const messages = renderAlert(long, { mentionMobiles: ['13800000000'] });
    expect(messages.map((m) => m.msgtype)).toEqual(['markdown', 'text']);
    expect(text(messages[1]).mentioned_mobile_list).toEqual(['13800000000']);
  });

  it('does not let portal text mention people or inject links', () => {
    const evil = f.opening({
      observation: f.observation({ title: '<@all> [点我](http://evil.example) **' }),
    });
    const messages = renderAlert(evil, {});
    const all = JSON.stringify(messages);
    expect(all).not.toContain('<@all>');
    const fallback = renderAlert({ ...evil, clashes: [f.booked('x'.repeat(300))] });
    expect(md(fallback[0])).not.toContain('[点我](http://evil.example)');
  });
});

describe('renderAlert: holds', () => {
  it('hold made: card with expiry, approve/release as jump_list entries and card_action', () => {
    const messages = renderAlert(f.holdMade(), { mentionMobiles: ['13800000000'] });
    expect(messages.map((m) => m.msgtype)).toEqual(['template_card', 'text']);
    const c = card(messages[0]);
    expect(c.main_title.title).toBe('已占位：少儿国画（初级）');
    expect(c.emphasis_content).toEqual({ title: '09:18', desc: '占位保留到' });
    expect(fieldsOf(c).保留到).toBe('11月7日 周六 09:18');
    expect(c.jump_list?.slice(0, 2)).toEqual([
      { type: 1, title: '批准报名', url: 'http://192.168.1.5:8787/approve/tok-a' },
      { type: 1, title: '放弃名额', url: 'http://192.168.1.5:8787/release/tok-r' },
    ]);
    expect(c.jump_list?.length).toBeLessThanOrEqual(3);
    expect(c.card_action.url).toBe('http://192.168.1.5:8787/approve/tok-a');
    expect(text(messages[1]).content).toContain('09:18');
  });

  it('hold made: markdown with both links when the card does not fit', () => {
    const wide = f.holdMade({
      observation: f.observation({ title: '少儿创意美术与国画综合提高班（周六上午九点至十点半）' }),
    });
    const content = md(renderAlert(wide)[0]);
    expect(content).toContain('[批准报名](http://192.168.1.5:8787/approve/tok-a)');
    expect(content).toContain('[放弃名额](http://192.168.1.5:8787/release/tok-r)');
    expect(content).toContain('09:18');
  });

  it('hold failed: text with the reason, the course link and the mentions', () => {
    const [message] = renderAlert(f.holdFailed('购物车已满'), { mentionUserIds: ['mom'] });
    const t = text(message);
    expect(t.content).toContain('占位失败：少儿国画（初级）');
    expect(t.content).toContain('原因：购物车已满');
    expect(t.content).toContain('http://127.0.0.1:4173/courses/ART-101');
    expect(t.mentioned_list).toEqual(['mom']);
  });

  it('hold reminder and result', () => {
    expect(md(renderAlert(f.holdReminder())[0])).toContain(
      '[批准报名](http://192.168.1.5:8787/approve/tok-a)',
    );
    const approved = md(renderAlert(f.holdResult('approved'))[0]);
    expect(approved).toContain('已提交报名：少儿国画（初级）');
    expect(approved).toContain('O-2026-001');
    expect(approved).toContain('官方 App');
    expect(md(renderAlert(f.holdResult('released'))[0])).toContain('已放弃占位');
  });
});

describe('renderAlert: problems and reports', () => {
  it('session expired: says the exact command for the account in alert.next', () => {
    const messages = renderAlert(f.problem({ next: { code: 'login', accountId: 'dad' } }));
    const content = md(messages[0]);
    expect(content).toContain('需要处理：登录已过期');
    expect(content).toContain('`jianlou login dad`');
  });

  it('marks reminders and names other problems', () => {
    const content = md(renderAlert(f.problem({ problem: 'portal_changed', reminder: true }))[0]);
    expect(content).toContain('【仍未处理】需要处理：报名网站改版了');
  });

  it('is a card with the command when a status page is known, followed by the mentions', () => {
    const messages = renderAlert(f.problem(), {
      statusUrl: 'http://192.168.1.5:8787/',
      mentionMobiles: ['1'],
    });
    expect(messages.map((m) => m.msgtype)).toEqual(['template_card', 'text']);
    expect(card(messages[0]).sub_title_text).toContain('请在电脑上运行：jianlou login mom');
  });

  it('recovered', () => {
    expect(md(renderAlert(f.recovered())[0])).toContain('已恢复：登录已过期');
  });

  it('daily summary: still watching, checks, sessions, next check', () => {
    expect(md(renderAlert(f.dailySummary())[0])).toContain(
      '仍在值守：412 次检查，会话正常，下次检查 11月8日 周日 07:00',
    );
    const bad = md(renderAlert(f.dailySummary({ sessions: [{ accountId: 'mom', ok: false }] }))[0]);
    expect(bad).toContain('会话需要登录（mom）');
  });

  it('daily summary carries the status page link when there is one', () => {
    const url = 'http://192.168.1.5:8787/s/abcdefghijklmnopqrstuvwx.sig';
    const message = md(renderAlert(f.dailySummary({ statusUrl: url }))[0]);
    expect(message).toContain(`[查看状态](${url})`);
    expect(md(renderAlert(f.dailySummary())[0])).not.toContain('/s/');
  });

  it('test message is plain text without mentions', () => {
    const [message] = renderAlert(f.testAlert(), { mentionMobiles: ['13800000000'] });
    expect(text(message).content).toContain('jianlou 测试消息');
    expect(text(message).mentioned_mobile_list).toBeUndefined();
  });
});

describe('renderAlert: limits', () => {
  it('every rendering passes the WeCom checks: card counts, byte limits, required fields', () => {
    for (const alert of everyAlert) {
      for (const opts of [{}, { locale: 'en' as const, mentionMobiles: ['138'], mentionUserIds: ['mom'] }]) {
        for (const message of renderAlert(alert, opts)) {
          expect(validateWecomBody(message), `${alert.kind} ${message.msgtype}`).toMatchObject({
            errcode: 0,
          });
          if (message.msgtype === 'template_card') {
            expect(message.template_card.horizontal_content_list?.length ?? 0).toBeLessThanOrEqual(6);
            expect(message.template_card.jump_list?.length ?? 0).toBeLessThanOrEqual(3);
          }
        }
      }
    }
  });

  it('text: exactly 2048 bytes is one message, one byte more is split cleanly', () => {
    const base = Buffer.byteLength(text(renderAlert(f.holdFailed('x'))[0]).content) - 1;
    const exact = renderAlert(f.holdFailed('x'.repeat(2048 - base)), { mentionMobiles: ['138'] });
    expect(exact).toHaveLength(1);
    expect(Buffer.byteLength(text(exact[0]).content)).toBe(2048);
    const over = renderAlert(f.holdFailed('x'.repeat(2049 - base)), { mentionMobiles: ['138'] });
    expect(over.length).toBe(2);
    for (const m of over) expect(Buffer.byteLength(text(m).content)).toBeLessThanOrEqual(2048);
    expect(text(over[0]).mentioned_mobile_list).toEqual(['138']);
    expect(text(over[1]).mentioned_mobile_list).toBeUndefined();
    expect(text(over[1]).content).toMatch(/^（续 2\/2）/);
    const xs = over.map((m) => text(m).content.match(/x/g)?.length ?? 0).reduce((a, b) => a + b);
    expect(xs).toBe(2049 - base);
  });

  it('markdown: exactly 4096 bytes is one message, one byte more is split cleanly', () => {
    // A problem that quotes the flow's words (a lost login is worded for parents, without them).
    const changed = (detail: string) =>
      f.problem({ problem: 'portal_changed', next: { code: 'doctor' }, detail });
    const base = Buffer.byteLength(md(renderAlert(changed('y'))[0])) - 1;
    const exact = renderAlert(changed('y'.repeat(4096 - base)));
    expect(exact).toHaveLength(1);
    expect(Buffer.byteLength(md(exact[0]))).toBe(4096);
    const over = renderAlert(changed('y'.repeat(4097 - base)));
    expect(over).toHaveLength(2);
    for (const m of over) expect(Buffer.byteLength(md(m))).toBeLessThanOrEqual(4096);
    expect(md(over[1])).toContain('jianlou doctor');
  });

  it('CJK text is split between characters, never inside one', () => {
    const reason = '名额被其他家长抢先一步😀'.repeat(120);
    const messages = renderAlert(f.holdFailed(reason));
    expect(messages.length).toBeGreaterThan(1);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (const m of messages) {
      const content = text(m).content;
      expect(Buffer.byteLength(content)).toBeLessThanOrEqual(2048);
      expect(decoder.decode(new TextEncoder().encode(content))).toBe(content);
      expect(content).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    }
    const joined = messages.map((m) => text(m).content.replace(/^（续 \d+\/\d+）\n/, '')).join('');
    expect(joined.replace(/\n/g, '')).toContain(reason);
  });
});

describe('renderAlert: English', () => {
  it('uses English strings, weekday names and dates', () => {
    const c = card(renderAlert(f.opening(), { locale: 'en' })[0]);
    expect(c.main_title.title).toBe('Seat open: 少儿国画（初级）');
    expect(fieldsOf(c)).toMatchObject({ Time: 'Sat 09:00-10:30', Seen: 'Sat 7 Nov 09:03' });
    expect(c.jump_list?.[0]?.title).toBe('Course page');
    const daily = md(renderAlert(f.dailySummary(), { locale: 'en' })[0]);
    expect(daily).toContain('Still watching: 412 checks, sessions fine, next check Sun 8 Nov 07:00');
    const problem = md(renderAlert(f.problem(), { locale: 'en' })[0]);
    expect(problem).toContain('On the computer, run: `jianlou login mom`');
  });

  it('shows times in the configured zone', () => {
    const c = card(renderAlert(f.opening(), { timeZone: 'UTC' })[0]);
    expect(fieldsOf(c).发现).toBe('11月7日 周六 01:03');
  });
});
