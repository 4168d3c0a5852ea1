import { describe, expect, it } from 'vitest';
import { renderStatusPage } from '../../src/approve/status-page.js';
import type { StatusPageData } from '../../src/approve/status-types.js';
import { emptyPageData, PAGE_NOW } from './page-data.js';

/**
 * Issue 29 item 12, found in a parent's check: the status page's "需要处理的问题" printed the run's
 * English developer detail (`session for account "mom" expired at … — run: jianlou login mom`).
 * The page words each problem in its language, as the group's alert does.
 */

const NOW = PAGE_NOW;
const EXPIRED =
  'session for account "mom" expired at http://127.0.0.1:36255/api/courses — run: jianlou login mom (the portal answered HTTP 401)';

const data = (problems: StatusPageData['problems']) => emptyPageData({ problems });

const render = (locale: 'zh' | 'en', problems: StatusPageData['problems']) =>
  (
    renderStatusPage(data(problems), { locale, decidePath: '/s/x/decide', proof: () => 'p' }).split(
      '<section id="problems"',
    )[1] ?? ''
  ).split('</section>')[0]!;

describe('the status page words the open problems in its language', () => {
  it('zh: a lost login says what happened and where to log in again, without the developer line', () => {
    const html = render('zh', [{ kind: 'session_expired', accountId: 'mom', since: NOW, detail: EXPIRED }]);
    expect(html).toContain('登录已失效');
    expect(html).toContain('报名网站把账号 mom 登出了');
    expect(html).not.toMatch(/session for account|expired at|the portal answered/);
    expect(html).not.toContain('127.0.0.1');
  });

  it("zh: jianlou's own failure in Chinese; the flow's own words framed as the flow's", () => {
    const html = render('zh', [
      {
        kind: 'portal_unavailable',
        accountId: 'dad',
        since: NOW,
        detail: "courses did not finish before the check's deadline; gave up waiting",
      },
      { kind: 'portal_changed', accountId: 'mom', since: NOW, detail: 'no course table on /xk/kclist.jsp' },
    ]);
    expect(html).not.toContain('gave up waiting');
    expect(html).toContain('网站流程的原话：no course table on /xk/kclist.jsp');
  });

  it('en: the same problems in English', () => {
    const html = render('en', [{ kind: 'session_expired', accountId: 'mom', since: NOW, detail: EXPIRED }]);
    expect(html).toContain('logged out');
    expect(html).toContain('mom');
    expect(html).not.toMatch(/[\u4e00-\u9fff]/);
    expect(html).not.toContain('127.0.0.1');
  });
});
