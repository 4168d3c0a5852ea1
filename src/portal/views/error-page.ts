/** Error pages: unknown course (404 with `.not-found`), busy (500), too many requests (429). */
import { html } from './html.js';
import { layout, type Viewer } from './layout.js';

const TEXT: Record<404 | 429 | 500, { title: string; message: string }> = {
  404: { title: '页面不存在', message: '未找到您要访问的课程或页面，可能已下架或链接有误。' },
  429: { title: '访问过于频繁', message: '您的操作过于频繁，请稍后再试。' },
  500: { title: '系统繁忙', message: '报名高峰期系统繁忙，请稍后刷新重试。' },
};

export function errorPage(status: 404 | 429 | 500, viewer?: Viewer): string {
  const text = TEXT[status];
  const body = html`<main class="${status === 404 ? 'not-found' : 'server-error'} error-box" data-status="${status}">
    <h1>${text.title}</h1>
    <p>${text.message}</p>
    <p><a class="btn" href="/courses">返回课程列表</a></p>
  </main>`;
  return layout({ title: text.title, body, viewer });
}
