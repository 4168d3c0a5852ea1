import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { messageLines } from '../../src/cli/demo-story.js';
import { enDemo, zhDemo } from '../../src/i18n/demo-messages.js';
import type { ReceivedMessage } from '../../src/sink/sink.js';
import { CJK } from './cjk.js';

/** Every sentence of a messages object, functions called with plain ASCII arguments. */
function sentences(value: unknown, args: unknown[]): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'function') {
    // Some take a list (the watched targets, a target's courses) where the others take words.
    for (const attempt of [args, [args], [args[0], args, ...args.slice(2)]]) {
      try {
        return [String(value(...attempt))];
      } catch {}
    }
    throw new Error(`cannot call ${String(value)}`);
  }
  if (value && typeof value === 'object') return Object.values(value).flatMap((v) => sentences(v, args));
  return [];
}

const card: ReceivedMessage = {
  seq: 1,
  channel: 'wecom',
  at: '2026-12-07T12:00:00.000Z',
  msgtype: 'template_card',
  bytes: 100,
  summary: 'Seat open',
  body: {
    msgtype: 'template_card',
    template_card: {
      main_title: { title: 'Seat open: Painting', desc: 'Lily · ART-101' },
      horizontal_content_list: [{ keyname: 'Time', value: 'Sat 09:00-10:30' }],
      jump_list: [{ title: 'Approve', url: 'http://127.0.0.1:1/h/x' }],
    },
  },
};

// Issue 29 (the one-language sweep found these): under locale: en the demo's own words carried
// Chinese — 捡漏 in the title, 批准报名/放弃名额 for the buttons, 预报名, and the card's 【】 and ：.
describe('jianlou demo --locale en', () => {
  it('says every sentence of its own without Chinese (every style, outcome and ending)', () => {
    const lines = [
      ...sentences(enDemo, ['x', 'y', 'z', 'w']),
      ...(['classic', 'spa', 'legacy'] as const).map((s) => enDemo.portal(s, 'http://p', 'http://a', 30)),
      ...(['session_expired', 'portal_changed', 'rate_limited', 'unavailable', 'error'] as const).map((o) =>
        enDemo.problem('mom', o),
      ),
      ...(['order', 'registration'] as const).map((k) => enDemo.gaveUp(30, k) + enDemo.outcome('A', 'b', k)),
    ];
    expect(lines.filter((line) => CJK.test(line))).toEqual([]);
  });

  it("shows a received card in the locale's frame: [title] and Key: value; zh keeps 【】 and ：", () => {
    expect(messageLines(card, enDemo).map(stripVTControlCharacters)).toEqual([
      '[Seat open: Painting] Lily · ART-101',
      'Time: Sat 09:00-10:30',
      '[Approve] http://127.0.0.1:1/h/x',
    ]);
    expect(messageLines(card, zhDemo)[1]).toBe('Time：Sat 09:00-10:30');
  });
});
