/**
 * The public catalogue of the legacy style: the site's home page, the course list (20 a page, with
 * paging links) and the course page, seats said in a table cell as `剩余名额：3` or `已满`. With the
 * redesign fault the wording and the table change (`可报名人数`, `满员`), as after a portal's update.
 */
import type { Student } from '../accounts.js';
import type { CourseRecord } from '../seed.js';
import { courseStatus } from '../store.js';
import { html, raw, type SafeHtml } from '../views/html.js';
import { type Frame, page, SITE, tokenInput } from './layout.js';
import { datesText, kindText, type LegacySchedule, timesText } from './schedule.js';

export const PAGE_SIZE = 20;

export interface CourseView {
  course: CourseRecord;
  schedule: LegacySchedule;
}

/** The seat cell: `剩余名额：3` / `已满` / `报名已结束` / `摇号中`. */
export function seatText(course: CourseRecord, redesign: boolean): string {
  const status = courseStatus(course);
  if (status === 'closed') return '报名已结束';
  if (status === 'lottery') return '摇号中';
  if (redesign) return status === 'full' ? '满员' : `可报名人数 ${course.seats}`;
  return status === 'full' ? '已满' : `剩余名额：${course.seats}`;
}

export function homePage(frame: Frame): string {
  return page(
    frame,
    html`<h3>${SITE}</h3><p>2027年寒假班、春季班及各类活动现已开放报名。报名采用“预报名”方式：
预报名成功后请在规定时间内通过官方App缴费，逾期未缴费的订单系统将自动取消。</p>
<p><a href="/xk/kclist.jsp">进入课程报名 &gt;&gt;</a></p>`,
  );
}

function pager(current: number, pages: number, total: number): SafeHtml {
  const link = (n: number, label: string) =>
    n >= 1 && n <= pages && n !== current
      ? html`<a href="kclist.jsp?page=${n}">${label}</a>`
      : html`<span>${label}</span>`;
  return html`<div class="pager">共 ${total} 条记录 第 ${current}/${pages} 页
${link(1, '首页')} ${link(current - 1, '上一页')} ${link(current + 1, '下一页')} ${link(pages, '尾页')}</div>`;
}

export function listPage(frame: Frame, all: CourseView[], current: number, redesign: boolean): string {
  const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
  const shown = all.slice((current - 1) * PAGE_SIZE, current * PAGE_SIZE);
  const head = redesign
    ? raw('<tr><th>课程</th><th>开课时间</th><th>余量</th><th></th></tr>')
    : raw(
        '<tr><th>课程编号</th><th>课程名称</th><th>班型</th><th>上课地点</th><th>上课日期</th><th>上课时间</th><th>收费</th><th>名额</th><th>操作</th></tr>',
      );
  const rows = shown.map(({ course: c, schedule: s }) =>
    redesign
      ? html`<tr><td>${c.title}</td><td>${datesText(s)} ${timesText(s)}</td><td>${seatText(c, true)}</td><td><a href="kcxx.jsp?kcid=${c.id}">查看</a></td></tr>`
      : html`<tr><td>${c.id}</td><td><a href="kcxx.jsp?kcid=${c.id}">${c.title}</a></td><td>${kindText(s)}</td><td>${c.campus}</td><td>${datesText(s)}</td><td>${timesText(s)}</td><td>￥${c.fee}</td><td>${seatText(c, false)}</td><td><a href="kcxx.jsp?kcid=${c.id}">详情</a></td></tr>`,
  );
  return page(
    frame,
    html`<h3>课程查询</h3><table class="grid" id="kclist">${head}${rows}</table>${pager(current, pages, all.length)}`,
  );
}

export interface DetailExtras {
  /** The logged-in parent's children (the 预报名 form), or undefined when nobody is logged in. */
  students?: Student[];
  redesign: boolean;
}

export function detailPage(
  frame: Frame,
  { course: c, schedule: s }: CourseView,
  extra: DetailExtras,
): string {
  const row = (label: string, value: unknown) =>
    html`<tr><th width="120">${label}</th><td>${value}</td></tr>`;
  // The button is there while enrolment is open, full or not: a full course answers alert('该课程名额已满').
  const form = !extra.students
    ? html`<p>请先 <a href="/xk/login.jsp">登录</a> 后预报名。</p>`
    : c.phase === 'open'
      ? html`<form method="post" action="/xk/ybm.do" name="ybmForm">${tokenInput(frame.token)}
<input type="hidden" name="kcid" value="${c.id}">报名学员：<select name="xsid">${extra.students.map(
          (st) => html`<option value="${st.studentId}">${st.name}</option>`,
        )}</select> <input type="submit" value="预报名"></form>
<p class="tip">预报名成功后请在规定时间内在官方App中完成缴费，逾期未缴费系统将自动取消，名额释放。每位学员限报3门课程。</p>`
      : html`<p class="tip">当前不可报名。</p>`;
  const rows = extra.redesign
    ? [
        row('课程', `${c.title}（${c.id}）`),
        row('时间', `${datesText(s)} ${timesText(s)}`),
        row('状态', seatText(c, true)),
      ]
    : [
        row('课程编号', c.id),
        row('课程名称', c.title),
        row('课程类别', `${c.category} · ${kindText(s)}`),
        row('授课教师', c.teacher),
        row('上课地点', c.campus),
        row('上课日期', datesText(s)),
        row('上课时间', timesText(s)),
        row('适合年龄', `${c.ageMin}-${c.ageMax}岁`),
        row('收费标准', `￥${c.fee}`),
        row('招生人数', c.capacity),
        row('报名状态', seatText(c, false)),
      ];
  return page(frame, html`<h3>课程详情</h3><table class="grid" id="kcxx">${rows}</table>${form}`);
}
