import { describe, expect, it } from 'vitest';
import { detailWords, enDetail, zhDetail } from '../../src/i18n/check-detail.js';

// r4-surges-import (issue 29): a failed check's detail — jianlou's own words said in Chinese, the
// flow author's free text quoted and framed as the flow's.
describe('a failed check’s detail in the catalogue', () => {
  it.each([
    [
      'the portal asked us to wait; next check after 2026-07-01T10:00:00.000Z',
      '报名网站要求等一等，2026-07-01T10:00:00.000Z 之前不发请求',
    ],
    [
      'the check of account "mom" did not finish before the check\'s deadline; gave up waiting',
      '检查没有在期限内完成，已放弃等待',
    ],
    [
      'GET http://x/login stopped: the check was cancelled (timed out or shutting down)',
      '检查被取消了（超时或正在停止）',
    ],
    [
      'GET /api/courses answered 429 (rate limited); retry after 30 s',
      '报名网站限流（GET /api/courses），30 秒后再试',
    ],
    [
      'GET /api/courses answered code 4290 (rate limited); retry after 60 s',
      '报名网站限流（GET /api/courses），60 秒后再试',
    ],
    ['GET /api/courses answered HTTP 503', '报名网站暂时出错（GET /api/courses 回答 HTTP 503）'],
    [
      'GET /api/courses answered HTTP 404 (E_GONE) — has the portal changed?',
      '报名网站的回答和以前不一样（GET /api/courses 回答 HTTP 404），网站可能改版了',
    ],
    [
      'GET /api/courses answered HTTP 200 with something that is not JSON — has the portal changed?',
      '报名网站的回答和以前不一样（GET /api/courses 回答 HTTP 200），网站可能改版了',
    ],
    [
      'GET /api/courses: the answer no longer has the expected field(s) courses.0.seats — the portal has changed; update the flow',
      '报名网站的回答里少了字段 courses.0.seats（GET /api/courses），网站可能改版了：要更新网站流程',
    ],
    ['locator.waitFor: Timeout 30000ms exceeded.', '报名网站 30 秒内没有回应'],
    [
      'page.goto: net::ERR_CONNECTION_REFUSED at http://127.0.0.1:9/',
      '连不上报名网站（网络错误 net::ERR_CONNECTION_REFUSED）',
    ],
    ['GET /api/courses failed: connect ECONNREFUSED 127.0.0.1:9', '连不上报名网站（网络错误 ECONNREFUSED）'],
    [
      'cannot read the saved session /x/mom.json: EISDIR: illegal operation on a directory, read',
      '读不了保存的登录状态 /x/mom.json（系统代码 EISDIR）',
    ],
    [
      'the saved session /x/mom.json is not valid JSON — run: jianlou login mom to replace it',
      '保存的登录状态 /x/mom.json 不是有效的 JSON — 运行：jianlou login mom',
    ],
  ])('jianlou’s own: %s', (detail, zh) => {
    expect(zhDetail(detail)).toBe(zh);
    expect(detailWords(detail).code).not.toBe('flow');
    // English keeps the line as it always was.
    expect(enDetail(detail)).toBe(detail);
  });

  it('the flow’s own free text is quoted and framed as the flow’s, in each language', () => {
    const said = 'my-portal: the course table is missing — has the portal changed?';
    expect(zhDetail(said)).toBe(`网站流程的原话：${said}`);
    expect(enDetail(said)).toBe(`What the portal flow said: ${said}`);
    expect(detailWords('HTTP 503')).toEqual({ code: 'flow', text: 'HTTP 503' });
  });
});
