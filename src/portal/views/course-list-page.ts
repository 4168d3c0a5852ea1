/** The course list: filters, a grid of cards (or the redesigned list), pagination. */
import { CAMPUSES, CATEGORIES, type CourseRecord } from '../seed.js';
import { courseStatus } from '../store.js';
import { ageRange, money, STATUS_LABELS, WEEKDAYS, weekdayName } from './format.js';
import { html, type SafeHtml } from './html.js';
import { layout, type Viewer } from './layout.js';

export interface CourseFilters {
  category?: string;
  campus?: string;
  weekday?: number;
  q?: string;
}

export interface CourseListParams {
  viewer: Viewer;
  courses: CourseRecord[];
  total: number;
  page: number;
  pageCount: number;
  filters: CourseFilters;
  redesign: boolean;
  notice: string;
}

function pageHref(filters: CourseFilters, page: number): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) query.set(key, String(value));
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return text ? `/courses?${text}` : '/courses';
}

function option(value: string, label: string, selected: boolean): SafeHtml {
  return html`<option value="${value}" ${selected ? html`selected` : ''}>${label}</option>`;
}

function filterForm(filters: CourseFilters): SafeHtml {
  return html`<form class="course-filters" method="get" action="/courses">
    <select name="category" aria-label="类别">${option('', '全部类别', !filters.category)}${CATEGORIES.map(
      (c) => option(c, c, c === filters.category),
    )}</select>
    <select name="campus" aria-label="校区">${option('', '全部校区', !filters.campus)}${CAMPUSES.map((c) =>
      option(c, c, c === filters.campus),
    )}</select>
    <select name="weekday" aria-label="上课日">${option('', '全部上课日', !filters.weekday)}${WEEKDAYS.slice(
      1,
    ).map((label, i) => option(String(i + 1), label, i + 1 === filters.weekday))}</select>
    <input type="search" name="q" placeholder="课程名称 / 编号 / 老师" value="${filters.q ?? ''}">
    <button type="submit" class="btn btn-primary">筛选</button>
    <a class="btn btn-plain" href="/courses">清除</a>
  </form>`;
}

function card(course: CourseRecord): SafeHtml {
  const status = courseStatus(course);
  return html`<article class="course-card status-${status}" data-course-id="${course.id}">
    <div class="card-head"><span class="tag">${course.category}</span>
      <span class="course-status status-${status}" data-status="${status}">${STATUS_LABELS[status]}</span></div>
    <h2 class="course-card-title"><a href="/courses/${course.id}">${course.title}</a></h2>
    <p class="card-code">${course.id} · ${ageRange(course.ageMin, course.ageMax)}</p>
    <ul class="card-meta">
      <li class="course-time" data-weekday="${course.weekday}" data-start="${course.startTime}" data-end="${course.endTime}">${weekdayName(course.weekday)} ${course.startTime}-${course.endTime}</li>
      <li>${course.campus} · ${course.teacher}</li>
    </ul>
    <div class="card-foot"><span class="course-fee" data-fee="${course.fee}">${money(course.fee)}</span>
      <span class="seats-left" data-seats="${course.seats}">余位 <b>${course.seats}</b></span></div>
  </article>`;
}

/** The redesign fault: same data, other markup and wording. */
function redesignedRow(course: CourseRecord): SafeHtml {
  const status = courseStatus(course);
  return html`<li class="kc-item"><a href="/courses/${course.id}">${course.title}</a>
    <span class="kc-meta">每${weekdayName(course.weekday)} ${course.startTime} 至 ${course.endTime} · ${course.campus}</span>
    <span class="kc-remain-line">剩余名额：${course.seats}</span><span class="kc-state">${status === 'open' ? '火热报名中' : '暂停报名'}</span></li>`;
}

function pagination(params: CourseListParams): SafeHtml {
  if (params.pageCount <= 1) return html``;
  const pages = Array.from({ length: params.pageCount }, (_, i) => i + 1);
  return html`<nav class="pagination" aria-label="分页">
    ${params.page > 1 ? html`<a class="page-link prev" href="${pageHref(params.filters, params.page - 1)}">上一页</a>` : ''}
    ${pages.map((p) =>
      p === params.page
        ? html`<a class="page-link current" aria-current="page" href="${pageHref(params.filters, p)}">${p}</a>`
        : html`<a class="page-link" href="${pageHref(params.filters, p)}">${p}</a>`,
    )}
    ${params.page < params.pageCount ? html`<a class="page-link next" href="${pageHref(params.filters, params.page + 1)}">下一页</a>` : ''}
  </nav>`;
}

export function courseListPage(params: CourseListParams): string {
  const list = params.redesign
    ? html`<ul class="kc-list">${params.courses.map(redesignedRow)}</ul>`
    : html`<div class="course-grid">${params.courses.map(card)}</div>`;
  const body = html`<main class="course-list">
    <div class="page-head"><h1>暑期课程</h1><p class="result-summary">共 <b class="result-count">${params.total}</b> 门课程 · 第 ${params.page}/${Math.max(1, params.pageCount)} 页</p></div>
    ${filterForm(params.filters)}
    ${params.courses.length === 0 ? html`<p class="empty">没有符合条件的课程，换个条件试试。</p>` : list}
    ${pagination(params)}
  </main>`;
  return layout({ title: '课程', body, viewer: params.viewer, active: 'courses', notice: params.notice });
}
