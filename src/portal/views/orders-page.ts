/** My orders: pending payment (待支付) or cancelled (已取消). */
import type { CourseRecord } from '../seed.js';
import type { Order } from '../store.js';
import { beijingTime, money, weekdayName } from './format.js';
import { html } from './html.js';
import { layout, type Viewer } from './layout.js';

export interface OrderLine {
  order: Order;
  course: CourseRecord;
  studentName: string;
}

const ORDER_STATUS = { pending_payment: '待支付', cancelled: '已取消' } as const;

export function ordersPage(viewer: Viewer, lines: OrderLine[]): string {
  const rows = lines.map(
    ({
      order,
      course,
      studentName,
    }) => html`<tr class="order-row" data-order-id="${order.orderId}" data-course-id="${course.id}">
      <td class="order-id">${order.orderId}</td>
      <td><a href="/courses/${course.id}">${course.title}</a><div class="muted">${course.id}</div></td>
      <td>${studentName}</td>
      <td>${weekdayName(course.weekday)} ${course.startTime}-${course.endTime}</td>
      <td>${money(course.fee)}</td>
      <td>${beijingTime(order.createdAtMs)}</td>
      <td><span class="order-status status-${order.status}" data-status="${order.status}">${ORDER_STATUS[order.status]}</span></td>
      <td>${
        order.status === 'pending_payment'
          ? html`<button type="button" class="btn btn-plain btn-small cancel-order-btn" data-order-id="${order.orderId}">取消订单</button>`
          : ''
      }</td>
    </tr>`,
  );
  const body = html`<main class="orders-page">
    <div class="page-head"><h1>我的订单</h1></div>
    <p class="hint">待支付订单请在 24 小时内到“市少年宫”App 完成支付，逾期系统自动取消。</p>
    ${
      lines.length === 0
        ? html`<div class="orders-empty empty"><p>暂无订单。</p></div>`
        : html`<table class="orders-table data-table">
        <thead><tr><th>订单号</th><th>课程</th><th>学员</th><th>上课时间</th><th>学费</th><th>下单时间</th><th>状态</th><th></th></tr></thead>
        <tbody>${rows}</tbody></table>`
    }
    <p class="action-message" data-action-message role="status" hidden></p>
  </main>`;
  return layout({ title: '我的订单', body, viewer, active: 'orders' });
}
