/**
 * The legacy style's page frame: table layout, GB-era styling, the site's name, a nav bar, and the
 * alert-script answers such portals give instead of error pages. Everything here is encoded as GBK by
 * the caller (gbk.ts); the fault pages are plain ASCII with character references, valid in any charset.
 */
import { escapeHtml, html, raw, type SafeHtml } from '../views/html.js';
import type { CharsetDeclaration } from './gbk.js';

export const SITE = '市少年宫课程报名系统';
/** The hidden field every form posts back (a Struts token: new on every page). */
export const TOKEN_FIELD = 'org.apache.struts.taglib.html.TOKEN';

export interface Frame {
  title: string;
  /** The logged-in parent's name, if any. */
  user?: string;
  /** This page's form token (the logout form carries it too). */
  token?: string;
  declared: CharsetDeclaration;
}

const STYLE = `body{font:12px/1.6 SimSun,"宋体",serif;background:#eef3f8;margin:0}
.top{background:#1d4f91;color:#fff;font-size:16px;font-weight:bold}.top td{padding:10px}
.nav{background:#d9e6f5;padding:4px 10px}.nav a{margin-right:14px}
.main{background:#fff;width:940px;margin:8px auto;padding:10px;border:1px solid #9cb6d8}
table.grid{border-collapse:collapse;width:100%}table.grid td,table.grid th{border:1px solid #9cb6d8;padding:3px 6px}
table.grid th{background:#e8eff8}.red{color:#c00}.tip{color:#666}.test{background:#ffd;border:1px dashed #c90;padding:4px}`;

export const tokenInput = (token: string | undefined): SafeHtml =>
  token ? html`<input type="hidden" name="${TOKEN_FIELD}" value="${token}">` : raw('');

export function page(frame: Frame, body: SafeHtml): string {
  const meta =
    frame.declared === 'meta' ? raw('<meta http-equiv="Content-Type" content="text/html; charset=GBK">') : '';
  const user = frame.user
    ? html`欢迎您，${frame.user} | <form method="post" action="/xk/logout.do" style="display:inline">${tokenInput(frame.token)}<input type="submit" value="退出"></form>`
    : html`<a href="/xk/login.jsp" style="color:#fff">登录</a>`;
  return html`<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html><head>${meta}<title>${frame.title} - ${SITE}</title><style>${raw(STYLE)}</style></head>
<body><table width="100%" class="top"><tr><td>${SITE}</td><td align="right" class="user">${user}</td></tr></table>
<div class="nav"><a href="/xk/kclist.jsp">课程查询</a><a href="/xk/wddd.jsp">我的订单</a><a href="/xk/index.jsp">个人中心</a><a href="/">少年宫首页</a></div>
<div class="main">${body}</div>
<div align="center" class="tip">Copyright 2009-2027 市少年宫 版权所有 建议使用IE8及以上浏览器，1024×768分辨率</div>
</body></html>`.value;
}

/** `<script>alert('…');location.href='…'</script>`: how such portals answer errors, with HTTP 200. */
export function alertScript(message: string, then: { href: string } | 'back'): string {
  const js = (s: string) => s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/</g, '\\x3c');
  const after = then === 'back' ? 'history.back()' : `location.href='${js(then.href)}'`;
  return `<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK"></head><body><script>alert('${js(message)}');${after}</script></body></html>`;
}

export const LOGIN_TIMEOUT = '登录超时，请重新登录';
export const loginTimeout = (): string => alertScript(LOGIN_TIMEOUT, { href: '/xk/login.jsp' });

/** Chinese as character references, so the page is right whatever charset the client assumes. */
function ascii(text: string): string {
  return [...escapeHtml(text)].map((c) => (c.charCodeAt(0) > 127 ? `&#${c.codePointAt(0)};` : c)).join('');
}

/** The answer of a 500 / 429 page fault: a server's bare error page. */
export function faultPage(status: 429 | 500): string {
  const text = status === 429 ? '访问过于频繁，请稍后再试' : '服务器内部错误';
  return `<html><head><title>${status}</title></head><body><h2>HTTP Status ${status} - ${ascii(text)}</h2><hr><p>${ascii(SITE)}</p></body></html>`;
}

/** A page that is not an error by its status: 200 and a notice (maintenance, "系统繁忙"). */
export function noticePage(title: string, text: string): string {
  return html`<html><head><meta http-equiv="Content-Type" content="text/html; charset=GBK"><title>${title}</title></head>
<body><table width="600" align="center" style="margin-top:80px;border:1px solid #9cb6d8"><tr><td align="center" style="padding:30px">
<h2 class="notice">${title}</h2><p>${text}</p><p><a href="javascript:history.back()">返回</a></p></td></tr></table></body></html>`
    .value;
}

/** The switch for portals made for WeChat's built-in browser. */
export function wechatOnlyPage(): string {
  return noticePage(
    '请在微信中打开',
    '本系统仅支持在微信客户端内使用，请关注“市少年宫”公众号，从菜单“课程报名”进入。',
  );
}
