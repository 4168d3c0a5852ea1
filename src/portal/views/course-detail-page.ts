/**
 * The course page. Its normal markup is part of the contract in docs/portal-api.md; the redesigned one
 * (redesign fault) deliberately shares none of those class names.
 */
import type { Student } from '../accounts.js';
import { CATEGORY_BLURBS, type CourseRecord } from '../seed.js';
import { courseStatus } from '../store.js';
import { ageRange, BUTTON_LABELS, holdDuration, money, STATUS_LABELS, weekdayName } from './format.js';
import { html, type SafeHtml } from './html.js';
import { layout, type Viewer } from './layout.js';

const REDESIGN_STATES = {
  open: '火热报名中',
  full: '名额已满',
  closed: '已截止',
  lottery: '摇号进行中',
} as const;

export interface CourseDetailParams {
  viewer: Viewer;
  course: CourseRecord;
  students: Student[];
  holdSeconds: number;
  redesign: boolean;
}

function studentSelect(students: Student[]): SafeHtml {
  return html`<select name="studentId">${students.map(
    (s) => html`<option value="${s.studentId}" data-name="${s.name}">${s.name}（${s.studentId}）</option>`,
  )}</select>`;
}

function normal(params: CourseDetailParams): SafeHtml {
  const { course } = params;
  const status = courseStatus(course);
  return html`<main class="course-detail" data-course-id="${course.id}">
    <nav class="breadcrumb"><a href="/courses">课程</a> › <a href="/courses?category=${encodeURIComponent(course.category)}">${course.category}</a> › ${course.id}</nav>
    <div class="detail-grid">
      <section class="detail-main">
        <span class="tag">${course.category}</span>
        <h1 class="course-title">${course.title}</h1>
        <p class="course-code">课程编号 ${course.id} · 适合 ${ageRange(course.ageMin, course.ageMax)}</p>
        <dl class="course-facts">
          <dt>上课时间</dt><dd class="course-time" data-weekday="${course.weekday}" data-start="${course.startTime}" data-end="${course.endTime}">${weekdayName(course.weekday)} ${course.startTime}-${course.endTime}</dd>
          <dt>上课校区</dt><dd class="course-campus">${course.campus}</dd>
          <dt>授课教师</dt><dd class="course-teacher">${course.teacher}</dd>
          <dt>学费</dt><dd class="course-fee" data-fee="${course.fee}">${money(course.fee)}</dd>
          <dt>班级人数</dt><dd class="course-capacity">${course.capacity} 人</dd>
          <dt>课时安排</dt><dd>7 月 6 日起每周一次，共 10 次课</dd>
        </dl>
        <section class="course-intro"><h2>课程介绍</h2><p>${CATEGORY_BLURBS[course.category] ?? ''}</p></section>
      </section>
      <aside class="enroll-box">
        <div class="course-status status-${status}" data-status="${status}">${STATUS_LABELS[status]}</div>
        <div class="seats-left" data-seats="${course.seats}">余位 <b>${course.seats}</b></div>
        <form class="add-to-cart" data-enroll data-course-id="${course.id}">
          <label class="field"><span>报名学员</span>${studentSelect(params.students)}</label>
          <button type="submit" class="btn btn-primary btn-block add-to-cart-btn" ${status === 'open' ? '' : html`disabled`}>${BUTTON_LABELS[status]}</button>
        </form>
        <p class="cart-message" data-enroll-message role="status" hidden></p>
        <p class="enroll-note">加入购物车后名额为您保留 ${holdDuration(params.holdSeconds)}，请在保留期内提交订单，逾期名额自动释放。</p>
      </aside>
    </div>
  </main>`;
}

function redesigned(params: CourseDetailParams): SafeHtml {
  const { course } = params;
  const status = courseStatus(course);
  return html`<main class="kc-page" data-kc-id="${course.id}">
    <div class="kc-info">
      <h2 class="kc-name">${course.title}</h2>
      <p class="kc-remain-line">剩余名额：<em class="kc-remain">${course.seats}</em> / ${course.capacity}</p>
      <p class="kc-state">${REDESIGN_STATES[status]}</p>
      <p class="kc-when">每${weekdayName(course.weekday)} ${course.startTime} 至 ${course.endTime}</p>
      <p class="kc-where">地点：${course.campus} · 老师：${course.teacher} · 费用：${course.fee} 元</p>
      <form class="kc-enroll" data-enroll data-course-id="${course.id}">
        ${studentSelect(params.students)}
        <button type="submit" class="btn btn-primary kc-enroll-btn" ${status === 'open' ? '' : html`disabled`}>立即报名</button>
      </form>
      <p class="kc-msg" data-enroll-message role="status" hidden></p>
    </div>
  </main>`;
}

export function courseDetailPage(params: CourseDetailParams): string {
  const body = params.redesign ? redesigned(params) : normal(params);
  return layout({ title: params.course.title, body, viewer: params.viewer, active: 'courses' });
}
