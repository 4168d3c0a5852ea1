/** The page shell: header with logo and navigation, notice bar, footer. */
import { maskUsername } from '../accounts.js';
import { html, type SafeHtml } from './html.js';

export type NavItem = 'courses' | 'cart' | 'orders';

export interface Viewer {
  name: string;
  username: string;
  csrfToken: string;
  cartCount: number;
}

export interface LayoutParams {
  title: string;
  body: SafeHtml;
  viewer?: Viewer;
  active?: NavItem;
  notice?: string;
}

const NAV: { id: NavItem; href: string; label: string }[] = [
  { id: 'courses', href: '/courses', label: '课程' },
  { id: 'cart', href: '/cart', label: '购物车' },
  { id: 'orders', href: '/orders', label: '我的订单' },
];

function header(viewer: Viewer | undefined, active: NavItem | undefined): SafeHtml {
  const nav = viewer
    ? html`<nav class="main-nav">${NAV.map(
        (item) =>
          html`<a href="${item.href}" class="${item.id === active ? 'active' : ''}">${item.label}${
            item.id === 'cart' && viewer.cartCount > 0
              ? html` <span class="badge cart-count">${viewer.cartCount}</span>`
              : ''
          }</a>`,
      )}</nav>
      <div class="user-box">
        <span class="user-name">${viewer.name}</span>
        <span class="user-phone">${maskUsername(viewer.username)}</span>
        <form method="post" action="/logout" class="logout-form"><button type="submit" class="link-btn">退出</button></form>
      </div>`
    : '';
  return html`<header class="site-header">
    <div class="wrap header-row">
      <a class="logo" href="/courses"><span class="logo-mark">宫</span><span class="logo-text">市少年宫</span><span class="logo-sub">暑期课程报名</span></a>
      ${nav}
    </div>
  </header>`;
}

export function layout(params: LayoutParams): string {
  const { viewer } = params;
  return `<!doctype html>${html`<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  ${viewer ? html`<meta name="csrf-token" content="${viewer.csrfToken}">` : ''}
  <title>${params.title} - 市少年宫暑期课程报名</title>
  <link rel="stylesheet" href="/static/portal.css">
  <script src="/static/portal.js" defer></script>
</head>
<body>
  ${header(viewer, params.active)}
  ${params.notice ? html`<div class="notice-bar"><div class="wrap"><span class="notice-label">公告</span>${params.notice}</div></div>` : ''}
  <div class="wrap content">${params.body}</div>
  <footer class="site-footer"><div class="wrap">
    <p>市少年宫 · 青少年校外活动中心 · 咨询电话 400-000-0000（工作日 9:00—17:00）</p>
    <p class="demo-note">演示站点，仅用于测试，非真实报名系统。</p>
  </div></footer>
</body>
</html>`}`;
}
