/**
 * Writes docs/screenshots/channel-<type>.png: one held-seat alert (approve / release links) as each
 * channel's local stand-in shows it on the sink page, in real Chromium.
 * Run: node --import tsx scripts/channel-pictures.ts
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser } from '../src/browser/launch.js';
import type { Alert } from '../src/core/types.js';
import type { Channel } from '../src/notify/channel.js';
import { createWecomChannel } from '../src/notify/channel.js';
import { createBarkChannel } from '../src/notify/channels/bark.js';
import { createDingtalkChannel } from '../src/notify/channels/dingtalk.js';
import { createEmailChannel } from '../src/notify/channels/email.js';
import { createFeishuChannel } from '../src/notify/channels/feishu.js';
import { createPushplusChannel } from '../src/notify/channels/pushplus.js';
import { createServerchanChannel } from '../src/notify/channels/serverchan.js';
import { startSink } from '../src/sink/sink.js';

const OUT = join(import.meta.dirname, '..', 'docs', 'screenshots');
const now = new Date();
const alert: Alert = {
  kind: 'hold_made',
  targetId: 'sister-art',
  child: { id: 'sister', name: '姐姐' },
  observation: {
    courseId: 'ART-101',
    title: '少儿国画（初级）',
    seats: 1,
    state: 'open',
    schedule: { weekday: 6, start: '09:00', end: '10:30' },
    url: 'https://portal.example.cn/courses/ART-101',
    campus: '市少年宫本部',
    fee: 1200,
  },
  hold: {
    id: 'h1',
    courseId: 'ART-101',
    heldAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + 30 * 60_000).toISOString(),
  },
  approveUrl: 'https://jianlou.example.cn/h/approve-token-0123456789',
  releaseUrl: 'https://jianlou.example.cn/h/release-token-0123456789',
};

const sink = await startSink();
const s = sink.standIns;
const channels: Channel[] = [
  createWecomChannel({ webhookUrl: sink.webhookUrl }) as Channel,
  createDingtalkChannel({ webhook: s.dingtalk, secret: s.dingtalkSecret }) as Channel,
  createFeishuChannel({ webhook: s.feishu, secret: s.feishuSecret }) as Channel,
  createPushplusChannel({ token: s.pushplusToken, url: s.pushplus }) as Channel,
  createServerchanChannel({ sendkey: s.serverchanKey, url: s.serverchan }) as Channel,
  createBarkChannel({ url: s.bark }) as Channel,
  createEmailChannel({
    smtp: s.smtp,
    from: '捡漏 <jianlou@example.com>',
    to: ['mom@example.com'],
  }) as Channel,
];
for (const channel of channels) await channel.send([alert]);

const browser = await launchBrowser();
try {
  mkdirSync(OUT, { recursive: true });
  const page = await browser.newPage({ viewport: { width: 480, height: 900 }, deviceScaleFactor: 2 });
  await page.goto(sink.url);
  const written: string[] = [];
  for (const type of ['wecom', 'dingtalk', 'feishu', 'pushplus', 'serverchan', 'bark', 'email']) {
    const item = page.locator(`li.msg[data-channel="${type}"]`).first();
    const file = join(OUT, `channel-${type}.png`);
    await item.screenshot({ path: file });
    written.push(file);
  }
  console.log(`wrote ${written.join(', ')}`);
} finally {
  await browser.close();
  await sink.close();
}
