import { describe, expect, it } from 'vitest';
import { flowTryNext, type TryFailureKind } from '../../src/i18n/flow-try-text.js';
import { CJK } from './cjk.js';
import { alertText, chineseLines, englishRuns, KNOWN_ELSEWHERE, pageText, sweep } from './sweep/detect.js';

// The sweep's detector must be able to fail: English sentences are found, what stays English is not.
describe('the one-language sweep detector', () => {
  it('finds a run of English words in a Chinese line, and a label like "WeCom robot"', () => {
    expect(englishRuns('运行：jianlou login mom is not logged in')).toHaveLength(1);
    expect(englishRuns('下一步：the flow expects a field')).toHaveLength(1);
    expect(englishRuns('✓ 提醒渠道 wecom：WeCom robot 已配置')).toHaveLength(1);
    expect(englishRuns('observe 失败 [portal_changed]：course page has no title')).toHaveLength(1);
  });

  it('keeps addresses, paths, commands, keys, ids and product names', () => {
    for (const line of [
      '已创建 /tmp/x/family：package.json, tsconfig.json, jianlou.yaml, flows/my-portal.ts, .gitignore',
      '  3. npx jianlou login mom            手动登录一次，登录状态保存在 storage-state/',
      '  1. cd family && npm install',
      '  4. export WECOM_WEBHOOK=… JIANLOU_SECRET=…，然后 npx jianlou doctor --send',
      '⚠ 批准链接：approval.publicUrl http://127.0.0.1:1 指向这台机器',
      '✓ 中文字体：Noto Serif CJK JP',
      '### <font color="warning">需要处理：登录已过期</font>',
      '要换一个链接，运行：jianlou status --link --rotate',
    ]) {
      expect(englishRuns(line), line).toEqual([]);
    }
  });

  it('finds Chinese in an English text once portal and config names are out', () => {
    expect(chineseLines('Seat open: 少儿国画 · 姐姐', ['少儿国画', '姐姐'])).toEqual([]);
    expect(chineseLines('[Seat open: 少儿国画】', ['少儿国画'])).toHaveLength(1);
  });

  it('reads pages and alerts as a person does, and lets KNOWN_ELSEWHERE through only under zh', () => {
    expect(pageText('<p>One <b>two</b></p><script>const x = "hidden words here"</script>')).toBe('One two');
    expect(alertText({ msgtype: 'markdown', markdown: { content: 'a\nb' } })).toBe('a\nb');
    // Every gap other branches were fixing is fixed: nothing is let through any more.
    expect(KNOWN_ELSEWHERE).toEqual([]);
    expect(sweep('zh', { doctor: 'WeCom robot 正常' }, [])).toHaveLength(1);
    expect(sweep('zh', { doctor: '详情：the portal answered nothing at all' }, [])).toHaveLength(1);
    expect(sweep('en', { doctor: 'WeCom robot ok' }, [])).toEqual([]);
  });
});

// Issue 29: flow try's next step is jianlou's advice, said in the config's language.
describe("flow try's next step", () => {
  it('is Chinese under zh and English under en, for every kind of failure', () => {
    for (const kind of Object.keys(flowTryNext.zh) as TryFailureKind[]) {
      expect(englishRuns(flowTryNext.zh[kind]('mom')), kind).toEqual([]);
      expect(CJK.test(flowTryNext.en[kind]('mom')), kind).toBe(false);
    }
  });
});
