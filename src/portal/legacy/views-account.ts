/**
 * The legacy style's pages behind the login: the login form (phone, password, image captcha), the SMS
 * code step, the parent's page, the orders (预报名) with their payment deadlines, and the page that sends
 * a parent to the official app to pay.
 */
import type { Account } from '../accounts.js';
import { maskUsername } from '../accounts.js';
import { html, type SafeHtml } from '../views/html.js';
import { type Frame, page, tokenInput } from './layout.js';
import type { PreRegistration } from './orders.js';

/** `2027-01-20 14:05:09`, Beijing time, as the portal prints instants. */
export function beijing(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}

export function loginPage(frame: Frame): string {
  return page(
    frame,
    html`<h3>用户登录</h3><form method="post" action="/xk/login.do" name="loginForm">${tokenInput(frame.token)}
<table class="grid" style="width:420px">
<tr><th>手机号码</th><td><input type="text" name="sjhm" maxlength="11"></td></tr>
<tr><th>登录密码</th><td><input type="password" name="mm"></td></tr>
<tr><th>验证码</th><td><input type="text" name="yzm" maxlength="4" size="6">
<img src="/xk/captcha.jsp" alt="验证码" title="看不清？点击换一张" class="yzm" onclick="this.src='/xk/captcha.jsp?t='+new Date().getTime()"></td></tr>
<tr><td colspan="2" align="center"><input type="submit" value="登 录" id="dl"></td></tr></table></form>
<p class="tip">登录后需输入发送到手机的短信验证码。</p>`,
  );
}

/** The second step; in test mode the code is printed on the page (never outside it). */
export function smsPage(frame: Frame, phone: string, testCode: string | undefined): string {
  const shown = testCode
    ? html`<p class="test" id="test-sms">【测试环境】短信验证码：<b>${testCode}</b></p>`
    : '';
  return page(
    frame,
    html`<h3>短信验证</h3><p>验证码已发送至 ${maskUsername(phone)}，5分钟内有效。</p>${shown}
<form method="post" action="/xk/sms.do" name="smsForm">${tokenInput(frame.token)}
短信验证码：<input type="text" name="dxyzm" maxlength="6"> <input type="submit" value="确 定" id="qd"></form>`,
  );
}

export function homeOfParent(frame: Frame, account: Account): string {
  return page(
    frame,
    html`<h3>个人中心</h3><p id="yhm">家长：${account.name}（${maskUsername(account.username)}）</p>
<table class="grid" id="xslist"><tr><th>学员编号</th><th>学员姓名</th></tr>${account.students.map(
      (s) => html`<tr><td>${s.studentId}</td><td>${s.name}</td></tr>`,
    )}</table><p><a href="/xk/wddd.jsp">查看我的订单</a></p>`,
  );
}

const STATUS_TEXT = (o: PreRegistration): string =>
  o.status === 'pending_payment'
    ? '待缴费'
    : o.status === 'paid'
      ? '已缴费'
      : o.cancelReason === 'timeout'
        ? '已取消（超时未缴费）'
        : '已取消';

export function ordersPage(
  frame: Frame,
  orders: PreRegistration[],
  names: { course(id: string): string; student(id: string): string },
): string {
  const action = (o: PreRegistration): SafeHtml =>
    o.status === 'pending_payment'
      ? html`<a href="/xk/zf.jsp?ddbh=${o.orderId}">去缴费</a>
<form method="post" action="/xk/qxdd.do" style="display:inline">${tokenInput(frame.token)}<input type="hidden" name="ddbh" value="${o.orderId}"><input type="submit" value="取消"></form>`
      : html``;
  const rows = orders.map(
    (o) =>
      html`<tr><td>${o.orderId}</td><td>${o.courseId}</td><td>${names.course(o.courseId)}</td><td>${o.studentId}</td><td>${names.student(o.studentId)}</td><td>${beijing(o.createdAtMs)}</td><td>${o.status === 'pending_payment' ? beijing(o.deadlineMs) : '-'}</td><td>${STATUS_TEXT(o)}</td><td>${action(o)}</td></tr>`,
  );
  return page(
    frame,
    html`<h3>我的订单</h3><table class="grid" id="ddlist"><tr><th>订单号</th><th>课程编号</th><th>课程名称</th><th>学员编号</th><th>学员</th><th>预报名时间</th><th>缴费截止</th><th>状态</th><th>操作</th></tr>${rows}</table>
${orders.length === 0 ? html`<p>暂无订单。</p>` : ''}<p class="tip">待缴费订单请在缴费截止时间前在官方App中缴费，逾期系统自动取消。</p>`,
  );
}

export function preRegisteredPage(frame: Frame, order: PreRegistration, title: string): string {
  return page(
    frame,
    html`<h3>预报名成功</h3><table class="grid" id="ybmjg"><tr><th>订单号</th><td>${order.orderId}</td></tr>
<tr><th>课程</th><td>${title}（${order.courseId}）</td></tr><tr><th>学员编号</th><td>${order.studentId}</td></tr>
<tr><th>缴费截止</th><td class="red">${beijing(order.deadlineMs)}</td></tr></table>
<p>请于 <b class="red">${beijing(order.deadlineMs)}</b> 前在官方App中完成缴费，逾期未缴费系统将自动取消，名额释放。</p>
<p><a href="/xk/wddd.jsp">查看我的订单</a></p>`,
  );
}

/** Payment is only in the official app: this site takes no money. */
export function payPage(frame: Frame, order: PreRegistration | undefined): string {
  return page(
    frame,
    html`<h3>缴费</h3><p id="zf">本网站不支持在线缴费。请打开“市少年宫”官方App，在“我的订单”中${
      order ? html`找到订单 <b>${order.orderId}</b> 并` : ''
    }完成缴费${order?.status === 'pending_payment' ? html`（截止 ${beijing(order.deadlineMs)}）` : ''}。</p>`,
  );
}
