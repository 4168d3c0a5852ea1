import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/core/types.js';
import { catalogue } from '../../src/i18n/catalogue.js';
import { renderPlainText } from '../../src/notify/render.js';

// Issue 29 item 12: what a parent reads is in the configured language, worded for a parent.
const DEV = 'session for account "mom" expired at https://portal.example/courses — run: jianlou login mom';
const expired = (loginUrl?: string): Alert => ({
  kind: 'problem',
  problem: 'session_expired',
  accountId: 'mom',
  detail: DEV,
  next: { code: 'login', accountId: 'mom' },
  since: '2026-12-02T06:00:00.000Z',
  reminder: false,
  ...(loginUrl ? { loginUrl } : {}),
});

describe('the login-expired alert', () => {
  it("gives a parent's sentence from the catalogue, not the flow's developer string", () => {
    const zh = renderPlainText(expired('https://j.example/login/x'), { serving: true });
    expect(zh).not.toContain('session for account');
    expect(zh).toContain('报名网站把账号 mom 登出了，检查先停下了。点「在手机上重新登录」登录一次就能继续。');
    const en = renderPlainText(expired('https://j.example/login/x'), { locale: 'en', serving: true });
    expect(en).not.toContain('session for account');
    expect(en).toContain('The portal logged account mom out, so checks are paused.');
  });

  it('without a phone link it points to the computer, and the command is still given once', () => {
    const zh = renderPlainText(expired());
    expect(zh).toContain('请在电脑上运行下面的命令重新登录。');
    expect(zh.split('jianlou login mom').length - 1).toBe(1);
  });
});

describe('the phone login page', () => {
  it('an expired, invalid or failed link tells a parent what to do, not a command to run', () => {
    for (const locale of ['zh', 'en'] as const) {
      const { notices } = catalogue(locale).relay;
      for (const kind of ['expired', 'invalid', 'failed'] as const) {
        expect(notices[kind].body).not.toMatch(/jianlou|--remote|ACCOUNT/);
      }
    }
    expect(catalogue('zh').relay.notices.expired.body).toContain('请等群里的下一条提醒');
    expect(catalogue('en').relay.notices.expired.body).toContain('Wait for the next alert in the group');
  });
});
