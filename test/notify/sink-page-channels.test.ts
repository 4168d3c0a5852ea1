import { describe, expect, it } from 'vitest';
import { createDingtalkChannel } from '../../src/notify/channels/dingtalk.js';
import { createFeishuChannel } from '../../src/notify/channels/feishu.js';
import { sinkPage } from '../../src/sink/sink-page.js';
import { holdMade } from './fixtures.js';

const at = '2026-11-07T01:00:00.000Z';
const message = (channel: string, msgtype: string, body: Record<string, unknown>) => ({
  seq: 1,
  channel,
  at,
  msgtype,
  bytes: 100,
  body,
});

describe('the sink page shows each channel', () => {
  it("draws DingTalk's and Feishu's buttons as links to the approve and release pages", () => {
    const [card] = createDingtalkChannel({ webhook: 'http://x/robot/send?access_token=t' }).render(
      holdMade(),
      {},
    );
    const [fei] = createFeishuChannel({ webhook: 'http://x/open-apis/bot/v2/hook/t' }).render(holdMade(), {});
    const page = sinkPage(
      [
        message('dingtalk', 'actionCard', card as unknown as Record<string, unknown>),
        message('feishu', 'interactive', fei as unknown as Record<string, unknown>),
      ],
      'ok',
    );
    expect(page.match(/class="btn" href="http:\/\/192\.168\.1\.5:8787\/approve\/tok-a"/g)).toHaveLength(2);
    expect(page.match(/href="http:\/\/192\.168\.1\.5:8787\/release\/tok-r"/g)).toHaveLength(2);
    expect(page).toContain('钉钉');
    expect(page).toContain('飞书');
  });

  it('shows HTML that arrived (PushPlus, e-mail) only inside a sandboxed frame, escaped', () => {
    const page = sinkPage(
      [
        message('pushplus', 'html', {
          title: 't',
          content: '<script>alert(1)</script><a href="https://a">x</a>',
        }),
      ],
      'ok',
    );
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toMatch(
      /<iframe class="mail" sandbox="[^"]*" srcdoc="&lt;script&gt;alert\(1\)&lt;\/script&gt;/,
    );
  });
});
