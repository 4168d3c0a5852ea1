import { describe, expect, it } from 'vitest';
import { mergeAlerts, mergeAlertsParts } from '../../src/notify/render.js';
import type { MarkdownMessage, TextMessage } from '../../src/notify/wecom-types.js';
import { validateWecomBody } from '../../src/sink/sink-validate.js';
import * as f from './fixtures.js';

const contentOf = (m: unknown) => (m as MarkdownMessage).markdown.content;

describe('mergeAlerts', () => {
  it('summarises ten openings in one markdown message naming every course with its link', () => {
    const alerts = f.openings(10);
    const messages = mergeAlerts(alerts);
    expect(messages).toHaveLength(1);
    const content = contentOf(messages[0]);
    expect(messages[0]?.msgtype).toBe('markdown');
    expect(content).toContain('捡漏：10 条新提醒');
    for (const a of alerts) {
      expect(content).toContain(a.observation.title);
      expect(content).toContain(`(${a.observation.url})`);
    }
    expect(Buffer.byteLength(content)).toBeLessThanOrEqual(4096);
  });

  it('keeps approve and release links of held seats clickable', () => {
    const content = contentOf(mergeAlerts([f.holdMade(), ...f.openings(4)])[0]);
    expect(content).toContain('[批准报名](http://192.168.1.5:8787/approve/tok-a)');
    expect(content).toContain('[放弃名额](http://192.168.1.5:8787/release/tok-r)');
  });

  it('splits a large burst into messages within 4096 bytes, each alert in exactly one', () => {
    const alerts = [...f.openings(60), f.problem(), f.dailySummary()];
    const parts = mergeAlertsParts(alerts);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) {
      expect(Buffer.byteLength(contentOf(p.message))).toBeLessThanOrEqual(4096);
      expect(validateWecomBody(p.message).errcode).toBe(0);
    }
    const covered = parts.flatMap((p) => p.covers);
    expect(covered).toEqual(alerts.map((_, i) => i));
    expect(contentOf(parts[0]?.message)).toContain(`（续 1/${parts.length}）`);
  });

  it('mentions userids inline and mobiles with a trailing text message when urgent', () => {
    const inline = mergeAlerts(f.openings(5), { mentionUserIds: ['mom', 'dad'] });
    expect(inline).toHaveLength(1);
    expect(contentOf(inline[0])).toContain('<@mom> <@dad>');
    const parts = mergeAlertsParts(f.openings(5), { mentionMobiles: ['13800000000'] });
    expect(parts.map((p) => p.message.msgtype)).toEqual(['markdown', 'text']);
    expect((parts[1]?.message as TextMessage | undefined)?.text.mentioned_mobile_list).toEqual([
      '13800000000',
    ]);
    expect(parts[1]?.covers).toEqual([]);
  });

  it('does not mention anyone for a burst of routine messages', () => {
    const messages = mergeAlerts([f.gone(), f.recovered(), f.dailySummary(), f.holdResult()], {
      mentionMobiles: ['13800000000'],
      mentionUserIds: ['mom'],
    });
    expect(messages).toHaveLength(1);
    expect(contentOf(messages[0])).not.toContain('<@');
  });

  it('speaks English with locale en', () => {
    expect(contentOf(mergeAlerts(f.openings(4), { locale: 'en' })[0])).toContain('jianlou: 4 new alerts');
  });
});
