import { describe, expect, it } from 'vitest';
import { clipTitle } from '../../src/notify/bytes.js';
import { createDingtalkChannel } from '../../src/notify/channels/dingtalk.js';
import { createPushplusChannel } from '../../src/notify/channels/pushplus.js';
import { createServerchanChannel } from '../../src/notify/channels/serverchan.js';
import { openings } from './fixtures.js';

/** A provider's title limit never cuts off the re-send mark: a parent who skips re-sends must see it. */

describe('clipTitle', () => {
  it('leaves a title that fits alone, counting characters, not UTF-16 units', () => {
    expect(clipTitle('有空位：国画', 6)).toBe('有空位：国画');
    expect(clipTitle('😀😀😀', 3)).toBe('😀😀😀');
  });

  it('cuts a long title with … and keeps the number, the part and the re-send mark', () => {
    expect(clipTitle(`${'长'.repeat(40)}（重发）`, 32)).toBe(`${'长'.repeat(27)}…（重发）`);
    expect(clipTitle(`3 条提醒${'长'.repeat(40)} #17（续 2/3）（重发）`, 32)).toBe(
      `3 条提醒${'长'.repeat(11)}… #17（续 2/3）（重发）`,
    );
    expect(clipTitle(`Seats: ${'x'.repeat(60)} (re-sent)`, 30)).toBe(`Seats: ${'x'.repeat(12)}… (re-sent)`);
    const clipped = clipTitle(`${'长'.repeat(40)}（重发）`, 32);
    expect(Array.from(clipped)).toHaveLength(32);
  });

  it('cuts plainly when there is no tag, or the tag alone would not fit', () => {
    expect(clipTitle('长'.repeat(40), 32)).toBe('长'.repeat(32));
    expect(clipTitle(`长长长长长（重发）`, 4)).toBe('长长长长');
    expect(clipTitle('a (b) c'.repeat(10), 5)).toBe('a (b)');
  });
});

describe('channel titles keep （重发） when cut', () => {
  const long = openings(1).map((a) => ({
    ...a,
    observation: { ...a.observation, title: '长'.repeat(120) },
  }))[0];

  it('ServerChan (32 characters)', () => {
    const [m] = createServerchanChannel({ sendkey: 'SCTkey' }).render(long as never, { resend: true });
    expect(m?.title).toMatch(/…（重发）$/);
    expect(Array.from(m?.title ?? '')).toHaveLength(32);
  });

  it('DingTalk (64 characters)', () => {
    const [m] = createDingtalkChannel({
      webhook: 'https://oapi.dingtalk.com/robot/send?access_token=t',
    }).render(long as never, { resend: true });
    const title = JSON.stringify(m).match(/"title":"([^"]*)"/)?.[1] ?? '';
    expect(title).toMatch(/…（重发）$/);
    expect(Array.from(title)).toHaveLength(64);
  });

  it('PushPlus (100 characters)', () => {
    const [m] = createPushplusChannel({ token: 'tok' }).render(long as never, { resend: true });
    expect(m?.title).toMatch(/…（重发）$/);
    expect(Array.from(m?.title ?? '')).toHaveLength(100);
  });
});
