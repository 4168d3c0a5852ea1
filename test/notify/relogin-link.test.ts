import { describe, expect, it } from 'vitest';
import type { Alert } from '../../src/core/types.js';
import { alertSchema } from '../../src/notify/alert-schema.js';
import { renderAlert, renderPlainText } from '../../src/notify/render.js';

const LINK = 'https://jianlou.example/login/abc.def';

describe('issue 15: alerts carry the phone login link', () => {
  const expired: Alert = {
    kind: 'problem',
    problem: 'session_expired',
    accountId: 'mom',
    detail: 'the portal logged this account out',
    next: { code: 'login', accountId: 'mom' },
    since: '2026-12-02T06:00:00.000Z',
    reminder: false,
    loginUrl: LINK,
  };
  const soon: Alert = {
    kind: 'login_soon',
    accountId: 'mom',
    expectedEnd: '2026-12-02T06:30:00.000Z',
    loginUrl: LINK,
  };

  it('the expired-session alert links to the relayed login page, in Chinese and English', () => {
    expect(JSON.stringify(renderAlert(expired))).toContain(LINK);
    expect(renderPlainText(expired)).toContain('在手机上重新登录');
    expect(renderPlainText(expired, { locale: 'en' })).toContain('Log in again from the phone');
    expect(alertSchema.parse(expired)).toEqual(expired);
  });

  it('the ahead-of-time alert names the expected end and carries the link', () => {
    expect(JSON.stringify(renderAlert(soon))).toContain(LINK);
    const text = renderPlainText(soon);
    expect(text).toContain('登录即将过期');
    expect(text).toContain(LINK);
    expect(alertSchema.parse(soon)).toEqual(soon);
  });
});
