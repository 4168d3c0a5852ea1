/** The cart: each held seat with a countdown, submit and remove buttons (driven by portal.js). */
import type { CourseRecord } from '../seed.js';
import type { CartItem } from '../store.js';
import { holdDuration, money, weekdayName } from './format.js';
import { html } from './html.js';
import { layout, type Viewer } from './layout.js';

export interface CartLine {
  item: CartItem;
  course: CourseRecord;
  studentName: string;
}

export interface CartPageParams {
  viewer: Viewer;
  lines: CartLine[];
  maxItems: number;
  holdSeconds: number;
  nowMs: number;
}

function countdownText(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

export function cartPage(params: CartPageParams): string {
  const total = params.lines.reduce((sum, line) => sum + line.course.fee, 0);
  const rows = params.lines.map(
    ({
      item,
      course,
      studentName,
    }) => html`<tr class="cart-item" data-item-id="${item.itemId}" data-course-id="${course.id}" data-student-id="${item.studentId}">
      <td><a class="cart-course" href="/courses/${course.id}">${course.title}</a><div class="muted">${course.id} · ${course.category}</div></td>
      <td class="cart-student">${studentName}</td>
      <td>${weekdayName(course.weekday)} ${course.startTime}-${course.endTime}<div class="muted">${course.campus}</div></td>
      <td class="cart-fee">${money(course.fee)}</td>
      <td><span class="countdown" data-expires-at="${new Date(item.expiresAtMs).toISOString()}">${countdownText(item.expiresAtMs - params.nowMs)}</span></td>
      <td class="cart-actions">
        <button type="button" class="btn btn-primary btn-small submit-order-btn" data-item-id="${item.itemId}">提交订单</button>
        <button type="button" class="btn btn-plain btn-small remove-item-btn" data-item-id="${item.itemId}">移除</button>
      </td>
    </tr>`,
  );
  const body = html`<main class="cart-page">
    <div class="page-head"><h1>购物车</h1><p>已保留 <b class="cart-size">${params.lines.length}</b> / ${params.maxItems} 门课程</p></div>
    <p class="hint">名额自加入购物车起保留 ${holdDuration(params.holdSeconds)}，倒计时结束后自动释放给其他家庭。提交订单后请在“市少年宫”App 完成支付。</p>
    ${
      params.lines.length === 0
        ? html`<div class="cart-empty empty"><p>购物车是空的。</p><p><a class="btn btn-primary" href="/courses">去选课</a></p></div>`
        : html`<table class="cart-table data-table">
        <thead><tr><th>课程</th><th>学员</th><th>上课时间</th><th>学费</th><th>保留剩余</th><th>操作</th></tr></thead>
        <tbody>${rows}</tbody>
        <tfoot><tr><td colspan="3">合计</td><td class="cart-total">${money(total)}</td><td colspan="2"></td></tr></tfoot>
      </table>`
    }
    <p class="action-message" data-action-message role="status" hidden></p>
  </main>`;
  return layout({ title: '购物车', body, viewer: params.viewer, active: 'cart' });
}
