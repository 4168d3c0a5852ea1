import type { AddressInfo } from 'node:net';
import express from 'express';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import { renderAlert } from '../../src/notify/render.js';
import { type Sink, startSink } from '../../src/sink/sink.js';
import { fakeClock } from './doubles.js';
import * as f from './fixtures.js';

let sink: Sink;
let lines: string[];
let clock: ReturnType<typeof fakeClock>;

beforeEach(async () => {
  lines = [];
  clock = fakeClock();
  sink = await startSink({ log: (l) => lines.push(l), now: clock.now });
});
afterEach(() => sink.close());

async function post(body: unknown, url = sink.webhookUrl): Promise<{ errcode: number; errmsg: string }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { errcode: number; errmsg: string };
}

const textOf = (content: string) => ({ msgtype: 'text', text: { content } });
const markdownOf = (content: string) => ({ msgtype: 'markdown', markdown: { content } });
const cardOf = (over: Record<string, unknown>) => ({
  msgtype: 'template_card',
  template_card: {
    card_type: 'text_notice',
    main_title: { title: '有空位' },
    card_action: { type: 1, url: 'http://127.0.0.1/x' },
    ...over,
  },
});

describe('WeCom-compatible sink', () => {
  it('accepts a message, keeps it and logs one line without the key', async () => {
    expect(await post(textOf('有空位：少儿国画'))).toEqual({ errcode: 0, errmsg: 'ok' });
    const [received] = sink.received();
    expect(received).toMatchObject({ seq: 1, msgtype: 'text', summary: '有空位：少儿国画' });
    expect(received?.body).toEqual(textOf('有空位：少儿国画'));
    expect(lines).toEqual([expect.stringContaining('#1 text 有空位：少儿国画')]);
    expect(lines.join('\n')).not.toContain('demo');
    const listed = (await (await fetch(`${sink.url}/__sink/messages`)).json()) as unknown[];
    expect(listed).toHaveLength(1);
  });

  it('answers 93000 without a key, 40008 for an unknown msgtype, 44004 without content', async () => {
    expect((await post(textOf('x'), `${sink.url}/cgi-bin/webhook/send`)).errcode).toBe(93000);
    expect((await post({ msgtype: 'video', video: {} })).errcode).toBe(40008);
    expect((await post(textOf(''))).errcode).toBe(44004);
    expect((await post({ msgtype: 'markdown', markdown: {} })).errcode).toBe(44004);
    expect((await post('{not json')).errcode).toBe(40058);
    expect(sink.received()).toEqual([]);
  });

  it('takes text of 2048 bytes and refuses 2049 with WeCom’s wording', async () => {
    expect((await post(textOf(`${'字'.repeat(682)}ab`))).errcode).toBe(0);
    const over = await post(textOf(`${'字'.repeat(682)}abc`));
    expect(over.errcode).toBe(40058);
    expect(over.errmsg).toMatch(/^text\.content exceed max length 2048/);
    expect(over.errmsg).toContain('more info at https://open.work.weixin.qq.com/devtool/query?e=40058');
  });

  it('takes markdown of 4096 bytes and refuses 4097', async () => {
    expect((await post(markdownOf(`${'余'.repeat(1365)}a`))).errcode).toBe(0);
    const over = await post(markdownOf(`${'余'.repeat(1365)}ab`));
    expect(over.errcode).toBe(40058);
    expect(over.errmsg).toMatch(/^markdown\.content exceed max length 4096/);
  });

  it('checks template cards: card_action, jump_list ≤ 3, horizontal_content_list ≤ 6', async () => {
    expect((await post(cardOf({}))).errcode).toBe(0);
    expect((await post(cardOf({ card_action: undefined }))).errcode).toBe(42045);
    const jump = { type: 1, title: '批准', url: 'http://127.0.0.1/a' };
    expect((await post(cardOf({ jump_list: [jump, jump, jump] }))).errcode).toBe(0);
    expect((await post(cardOf({ jump_list: [jump, jump, jump, jump] }))).errcode).toBe(42042);
    const row = { keyname: '上课', value: '周六' };
    expect((await post(cardOf({ horizontal_content_list: Array(6).fill(row) }))).errcode).toBe(0);
    expect((await post(cardOf({ horizontal_content_list: Array(7).fill(row) }))).errcode).toBe(42035);
    expect((await post(cardOf({ main_title: {} }))).errcode).toBe(42033);
  });

  it('answers 45009, 93000 or -1 when told to, also over HTTP', async () => {
    sink.setMode('45009');
    expect((await post(textOf('a'))).errcode).toBe(45009);
    const res = await fetch(`${sink.url}/__sink/mode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode: '93000' }),
    });
    expect(res.status).toBe(200);
    expect((await post(textOf('a'))).errcode).toBe(93000);
    sink.setMode('-1');
    expect((await post(textOf('a'))).errcode).toBe(-1);
    sink.setMode('ok');
    expect((await post(textOf('a'))).errcode).toBe(0);
    expect(sink.received()).toHaveLength(1);
  });

  it('enforces 20 messages a minute per robot', async () => {
    for (let i = 0; i < 20; i++) expect((await post(textOf(`m${i}`))).errcode).toBe(0);
    expect((await post(textOf('m20'))).errcode).toBe(45009);
    clock.advance(60_001);
    expect((await post(textOf('m20'))).errcode).toBe(0);
    expect(sink.received()).toHaveLength(21);
  });
});

describe('sink page', () => {
  it('lists received messages in Chinese with approve links a parent can tap', async () => {
    const approval = express();
    approval.get('/approve/:token', (req, res) => {
      res.type('html').send(`<h1>确认批准 ${req.params.token}？</h1>`);
    });
    const server = approval.listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const browser = await launchBrowser();
    try {
      const alert = f.holdMade({ approveUrl: `${base}/approve/tok-a`, releaseUrl: `${base}/release/tok-r` });
      for (const m of renderAlert(alert, { mentionMobiles: ['13800000000'] })) await post(m);
      await post(renderAlert(f.problem())[0]);
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.goto(sink.url);
      expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
      expect(await page.getByText('共收到 3 条消息').isVisible()).toBe(true);
      expect(await page.getByText('已占位：少儿国画（初级）').isVisible()).toBe(true);
      expect(await page.getByText('jianlou login mom').isVisible()).toBe(true);
      const approve = page.getByRole('link', { name: '批准报名' });
      expect(await approve.getAttribute('href')).toBe(`${base}/approve/tok-a`);
      const [popup] = await Promise.all([context.waitForEvent('page'), approve.click()]);
      await popup.waitForLoadState();
      expect(await popup.getByRole('heading').textContent()).toBe('确认批准 tok-a？');
    } finally {
      await browser.close();
      server.close();
    }
  });
});
