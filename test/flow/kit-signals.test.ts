import { describe, expect, it } from 'vitest';
import {
  judgeAnswer,
  LOGGED_OUT_PHRASES,
  LOGIN_REDIRECT,
  matches,
  UNAVAILABLE_PHRASES,
} from '../../src/flow/portal-signals.js';

/** The kit's "logged out / unavailable" decision (src/flow/portal-signals.ts), case by case. */
describe('matches', () => {
  it('returns the string pattern that occurs, or what the regex matched', () => {
    expect(matches('请先登录后再试', ['系统维护', '请先登录'])).toBe('请先登录');
    expect(matches('Session has expired now', [/session (?:has )?expired/i])).toBe('Session has expired');
    expect(matches('all fine', ['系统维护', /busy/i])).toBeUndefined();
    expect(matches('anything', [])).toBeUndefined();
  });

  it('never matches an empty string pattern (it occurs in every text)', () => {
    expect(matches('some page', [''])).toBeUndefined();
    expect(matches('some page', ['', 'page'])).toBe('page');
  });

  it('uses a global regex without its state: the same text matches every time', () => {
    const g = /维护/g;
    expect(matches('系统维护中', [g])).toBe('维护');
    expect(matches('系统维护中', [g])).toBe('维护');
    expect(g.lastIndex).toBe(0);
  });

  it('keeps the other flags of a regex', () => {
    expect(matches('UNDER MAINTENANCE', [/under maintenance/i])).toBe('UNDER MAINTENANCE');
    expect(matches('UNDER MAINTENANCE', [/under maintenance/])).toBeUndefined();
    expect(matches('a\nb', [/^b$/m])).toBe('b');
  });
});

describe('judgeAnswer', () => {
  it('reads no facts at all as nothing to say', () => {
    expect(judgeAnswer({ status: 200 })).toBeUndefined();
    expect(judgeAnswer({ status: 200, text: 'course list', messages: ['课程'] })).toBeUndefined();
    expect(judgeAnswer({ status: 404 })).toBeUndefined();
    expect(judgeAnswer({ status: 499 })).toBeUndefined();
    expect(judgeAnswer({ status: 302 })).toBeUndefined();
  });

  it('401 is logged out, and so is a status the flow names', () => {
    expect(judgeAnswer({ status: 401 })).toEqual({ kind: 'logged_out', why: 'answered HTTP 401' });
    expect(judgeAnswer({ status: 403 })).toBeUndefined();
    expect(judgeAnswer({ status: 403 }, { loggedOut: { status: [403] } })).toEqual({
      kind: 'logged_out',
      why: 'answered HTTP 403',
    });
    // A logged-out 500 wins over "unavailable".
    expect(judgeAnswer({ status: 500 }, { loggedOut: { status: [500] } })).toEqual({
      kind: 'logged_out',
      why: 'answered HTTP 500',
    });
  });

  it('429 is rate limited', () => {
    expect(judgeAnswer({ status: 429 })).toEqual({ kind: 'rate_limited' });
    expect(judgeAnswer({ status: 428 })).toBeUndefined();
  });

  it('5xx and a status the flow names are unavailable; 499 is not', () => {
    expect(judgeAnswer({ status: 500 })).toEqual({ kind: 'unavailable', why: 'answered HTTP 500' });
    expect(judgeAnswer({ status: 503 })).toEqual({ kind: 'unavailable', why: 'answered HTTP 503' });
    expect(judgeAnswer({ status: 418 }, { unavailable: { status: [418] } })).toEqual({
      kind: 'unavailable',
      why: 'answered HTTP 418',
    });
  });

  it('a login phrase in the messages is logged out, quoted', () => {
    expect(judgeAnswer({ status: 200, messages: ['提示', '请先登录'] })).toEqual({
      kind: 'logged_out',
      why: 'says "请先登录"',
    });
    expect(judgeAnswer({ status: 200, messages: ['You are not logged in!'] })).toEqual({
      kind: 'logged_out',
      why: 'says "not logged in"',
    });
  });

  it('a default login phrase only counts in the messages, not in the whole text', () => {
    expect(judgeAnswer({ status: 200, text: '<p>课程说明：未登录用户可浏览</p>' })).toBeUndefined();
  });

  it("the flow's own login texts count in the messages and in the whole text", () => {
    const signals = { loggedOut: { text: ['会员中心登录'] } };
    expect(judgeAnswer({ status: 200, messages: ['会员中心登录'] }, signals)).toEqual({
      kind: 'logged_out',
      why: 'says "会员中心登录"',
    });
    expect(judgeAnswer({ status: 200, text: 'x 会员中心登录 y' }, signals)).toEqual({
      kind: 'logged_out',
      why: 'says "会员中心登录"',
    });
  });

  it('quotes at most 60 characters of what it found', () => {
    const long = 'a'.repeat(80);
    expect(judgeAnswer({ status: 200, text: long }, { loggedOut: { text: [long] } })).toEqual({
      kind: 'logged_out',
      why: `says "${'a'.repeat(60)}"`,
    });
  });

  it('a redirect to the login is logged out, named without its query', () => {
    expect(judgeAnswer({ status: 302, redirectTo: '/Login.jsp?from=/list&sid=abc' })).toEqual({
      kind: 'logged_out',
      why: 'sent to /Login.jsp',
    });
    expect(judgeAnswer({ status: 302, redirectTo: '/courses' })).toBeUndefined();
    expect(judgeAnswer({ status: 302, redirectTo: '' })).toBeUndefined();
    // The flow's own redirect patterns replace the default.
    expect(judgeAnswer({ status: 302, redirectTo: '/login' }, { loggedOut: { redirect: ['/sso'] } })).toBe(
      undefined,
    );
    expect(
      judgeAnswer({ status: 302, redirectTo: '/sso/auth' }, { loggedOut: { redirect: ['/sso'] } }),
    ).toEqual({ kind: 'logged_out', why: 'sent to /sso/auth' });
  });

  it('a maintenance phrase in the messages is unavailable; in the page text only when the flow says so', () => {
    expect(judgeAnswer({ status: 200, messages: ['系统维护中，请稍后再试'] })).toEqual({
      kind: 'unavailable',
      why: 'says "系统维护"',
    });
    expect(judgeAnswer({ status: 200, text: '<p>系统维护通知：周日停机</p>' })).toBeUndefined();
    const signals = { unavailable: { text: ['停机'] } };
    expect(judgeAnswer({ status: 200, text: '<p>周日停机</p>' }, signals)).toEqual({
      kind: 'unavailable',
      why: 'says "停机"',
    });
    expect(judgeAnswer({ status: 200, messages: ['停机'] }, signals)).toEqual({
      kind: 'unavailable',
      why: 'says "停机"',
    });
  });

  it('logged out wins over maintenance; a redirect to the login wins over a maintenance text', () => {
    expect(judgeAnswer({ status: 200, messages: ['系统维护', '请先登录'] })).toEqual({
      kind: 'logged_out',
      why: 'says "请先登录"',
    });
    expect(judgeAnswer({ status: 200, redirectTo: '/login', messages: ['系统维护'] })).toEqual({
      kind: 'logged_out',
      why: 'sent to /login',
    });
  });

  it('a login form is logged out, but only after every text', () => {
    expect(judgeAnswer({ status: 200, loginForm: true })).toEqual({
      kind: 'logged_out',
      why: 'shows the login form',
    });
    expect(judgeAnswer({ status: 200, loginForm: false })).toBeUndefined();
    expect(judgeAnswer({ status: 200, loginForm: true, messages: ['系统繁忙'] })).toEqual({
      kind: 'unavailable',
      why: 'says "系统繁忙"',
    });
  });

  it('the phrase lists hold what a portal says', () => {
    for (const said of [
      '请登录',
      '请重新登录',
      '登录超时',
      '登录已过期',
      '会话已过期',
      'Please log in',
      'login required',
    ]) {
      expect(matches(said, LOGGED_OUT_PHRASES), said).toBeDefined();
    }
    for (const said of ['服务器繁忙', '系统升级', 'temporarily unavailable', 'System is busy']) {
      expect(matches(said, UNAVAILABLE_PHRASES), said).toBeDefined();
    }
    expect(matches('/LOGIN', LOGIN_REDIRECT)).toBe('LOGIN');
  });
});
