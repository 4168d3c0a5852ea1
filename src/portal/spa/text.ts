/**
 * Every sentence the spa style's pages show, in Chinese (default) and English (`?lang=en`). The server
 * renders the shell with them and hands the same table to the page's script, so the text lives here only.
 */
import type { Request } from 'express';

export type SpaLang = 'zh' | 'en';

export interface SpaText {
  htmlLang: string;
  siteName: string;
  siteSub: string;
  /** The `<title>` suffix. */
  siteTitle: string;
  loginTitle: string;
  loginSub: string;
  phone: string;
  phonePlaceholder: string;
  password: string;
  passwordPlaceholder: string;
  loginButton: string;
  loggingIn: string;
  badCredentials: string;
  testHint: string;
  eventsTitle: string;
  eventTitle: string;
  notice: string;
  noticeLabel: string;
  logout: string;
  loading: string;
  allEvents: string;
  myRegistrations: string;
  noRegistrations: string;
  noEvents: string;
  remaining: string;
  /** The redesign fault's wording for seats left. */
  remainingRedesign: string;
  network: string;
  capacity: string;
  student: string;
  register: string;
  registered: string;
  status: { open: string; full: string; closed: string };
  registration: { pending_review: string; approved: string; rejected: string };
  registrationCols: { event: string; student: string; status: string; createdAt: string };
  errors: Record<string, string>;
  /** `{status}` is replaced by the HTTP status. */
  busy: string;
  weekdays: string[];
  notFoundTitle: string;
  notFoundMessage: string;
  footer: string;
  demoNote: string;
}

const ZH: SpaText = {
  htmlLang: 'zh-CN',
  siteName: '市少年宫',
  siteSub: '暑期活动报名',
  siteTitle: '市少年宫暑期活动报名',
  loginTitle: '家长登录',
  loginSub: '使用报名时登记的手机号登录',
  phone: '手机号',
  phonePlaceholder: '请输入手机号',
  password: '密码',
  passwordPlaceholder: '请输入密码',
  loginButton: '登录',
  loggingIn: '正在登录…',
  badCredentials: '手机号或密码错误',
  testHint: '测试模式：账号 13800000000，密码 demo1234',
  eventsTitle: '暑期活动',
  eventTitle: '活动详情',
  notice: '报名提交后由主办方审核，审核期间名额为您保留；报名后不可自行取消，如需退出请联系主办方。',
  noticeLabel: '公告',
  logout: '退出',
  loading: '加载中…',
  allEvents: '全部活动',
  myRegistrations: '我的报名',
  noRegistrations: '暂无报名记录',
  noEvents: '没有找到活动',
  remaining: '余位',
  remainingRedesign: '剩余名额',
  network: '网络异常，请检查网络后重试',
  capacity: '名额',
  student: '报名学员',
  register: '提交报名',
  registered: '报名已提交，等待主办方审核',
  status: { open: '可报名', full: '已满', closed: '报名结束' },
  registration: { pending_review: '待审核', approved: '已通过', rejected: '未通过' },
  registrationCols: { event: '活动', student: '学员', status: '状态', createdAt: '提交时间' },
  errors: {
    full: '手慢了，名额已被抢完',
    duplicate: '该学员已报名这个活动',
    closed: '该活动不在报名时间',
    not_found: '活动不存在，请刷新页面',
    unknown_student: '请选择报名学员',
    rate_limited: '操作过于频繁，请稍后再试',
  },
  busy: '系统繁忙，请稍后再试（{status}）',
  weekdays: ['周日', '周一', '周二', '周三', '周四', '周五', '周六'],
  notFoundTitle: '页面不存在',
  notFoundMessage: '未找到您要访问的页面，可能已下架或链接有误。',
  footer: '市少年宫 · 青少年校外活动中心 · 咨询电话 400-000-0000（工作日 9:00—17:00）',
  demoNote: '演示站点，仅用于测试，非真实报名系统。',
};

const EN: SpaText = {
  htmlLang: 'en',
  siteName: 'Youth Palace',
  siteSub: 'Summer events',
  siteTitle: 'Youth Palace summer events',
  loginTitle: 'Parent login',
  loginSub: 'Use the phone number you registered with',
  phone: 'Phone',
  phonePlaceholder: 'Phone number',
  password: 'Password',
  passwordPlaceholder: 'Password',
  loginButton: 'Log in',
  loggingIn: 'Logging in…',
  badCredentials: 'Wrong phone number or password',
  testHint: 'Test mode: phone 13800000000, password demo1234',
  eventsTitle: 'Summer events',
  eventTitle: 'Event',
  notice:
    'The organiser reviews each registration and keeps the seat for you meanwhile; registrations cannot be cancelled here, ask the organiser.',
  noticeLabel: 'Notice',
  logout: 'Log out',
  loading: 'Loading…',
  allEvents: 'All events',
  myRegistrations: 'My registrations',
  noRegistrations: 'No registrations yet',
  noEvents: 'No events found',
  remaining: 'Seats left',
  remainingRedesign: 'Places remaining',
  network: 'Network problem: check the connection and try again',
  capacity: 'Capacity',
  student: 'Student',
  register: 'Register',
  registered: 'Registered: waiting for the organiser’s review',
  status: { open: 'Open', full: 'Full', closed: 'Closed' },
  registration: { pending_review: 'Pending review', approved: 'Approved', rejected: 'Rejected' },
  registrationCols: { event: 'Event', student: 'Student', status: 'Status', createdAt: 'Submitted' },
  errors: {
    full: 'Too late: the last seat is gone',
    duplicate: 'This student is already registered for this event',
    closed: 'This event is not open for registration',
    not_found: 'Event not found: reload the page',
    unknown_student: 'Choose a student',
    rate_limited: 'Too many requests: try again in a moment',
  },
  busy: 'The site is busy: try again later ({status})',
  weekdays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  notFoundTitle: 'Page not found',
  notFoundMessage: 'This page does not exist: the link may be wrong or the event gone.',
  footer: 'Youth Palace · After-school activity centre · 400-000-0000 (weekdays 9:00–17:00)',
  demoNote: 'A demo site for tests, not a real registration system.',
};

export const SPA_TEXT: Record<SpaLang, SpaText> = { zh: ZH, en: EN };

export function langOf(req: Request): SpaLang {
  return req.query.lang === 'en' ? 'en' : 'zh';
}
