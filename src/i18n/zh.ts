import { type BookedCourse, isUnpaidRegistration, type Schedule } from '../core/types.js';
import { zhDetail } from './check-detail.js';
import { zhDemo } from './demo-messages.js';
import { pad2 } from './locale.js';
import { scheduleWording, zhScheduleWords } from './schedule-text.js';
import type { AlertMessages, Catalogue, HoldMessages } from './types.js';
import { zhCli } from './zh-cli.js';
import { zhPages } from './zh-pages.js';
import { zhRelay } from './zh-relay.js';

/** The one weekday table of the Chinese catalogue (index 0 = Monday). */
const WEEKDAYS = ['周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;
const weekday = (n: number): string | undefined => WEEKDAYS[n - 1];
const SCHEDULE_WORDS = zhScheduleWords(WEEKDAYS);
/** The schedule with its dates, in the one wording of pages, alerts and the CLI. */
const slot = (s: Schedule): string => scheduleWording(s, SCHEDULE_WORDS);

/** 「游泳初级班」（周六 10:00-11:00，已报名） */
function commitment(c: BookedCourse): string {
  const schedule = c.schedule ? slot(c.schedule) : '';
  const when = schedule ? `${schedule}，` : '';
  return `「${c.title ?? c.courseId}」（${when}${c.kind === 'order' ? '已报名' : '保留中'}）`;
}

/** A hold the portal keeps until the family decides (no expiry): said plainly, everywhere. */
const KEPT = '报名网站会一直保留，直到你们决定';

const PROBLEMS = {
  session_expired: '登录已过期',
  portal_changed: '报名网站改版了',
  portal_unavailable: '报名网站打不开',
  channel_broken: '通知渠道故障',
} as const;

const OUTCOMES = {
  approved: '已提交报名',
  released: '已放弃占位',
  expired: '占位已过期',
  failed: '操作没有成功',
} as const;

const alerts: AlertMessages = {
  locale: 'zh',
  brand: '捡漏 jianlou',
  weekday: (n) => weekday(n) ?? `星期${n}`,
  dateTime: (p) => `${p.month}月${p.day}日 ${weekday(p.weekday) ?? ''} ${pad2(p.hour)}:${pad2(p.minute)}`,
  time: (p) => `${pad2(p.hour)}:${pad2(p.minute)}`,
  schedule: slot,
  colon: '：',
  listSep: '；',
  nameSep: '、',
  linkSep: '　',
  commitment,
  clash: (c) => `与${commitment(c)}时间冲突`,
  holdSkip: (s) => {
    switch (s.code) {
      case 'dry_run':
        return '试运行（dry-run）：本会自动保留此课程，但未操作';
      case 'account_down':
        return `账号 ${s.accountId} 本轮检查失败，未自动保留`;
      case 'expired_before':
        return '此课程之前的保留已过期无人处理，不再自动保留';
      case 'clash':
        return `与${s.with.map(commitment).join('、')}时间冲突，未自动保留`;
      case 'cap':
        return `该账号已有 ${s.max} 个保留（上限），未自动保留`;
      case 'already_tried':
        return '本次空位已尝试保留但未成功，不再重试';
      case 'preferred_other':
        return `已优先保留「${s.title}」`;
    }
  },
  nextStep: (s) => {
    switch (s.code) {
      case 'login':
        return `jianlou login ${s.accountId}`;
      case 'doctor':
        return '门户页面可能改版：运行 jianlou doctor，必要时更新门户流程（flow）';
      case 'wait':
        return '无需操作：门户恢复后会自动继续检查';
    }
  },
  seats: (n) => (n === null ? '有空位' : `余位 ${n}`),
  seatState: (s) => ({ open: '可报名', full: '已满', closed: '已停止报名', not_found: '找不到这门课' })[s],
  problemKind: (k) => PROBLEMS[k],
  continued: (i, n) => `（续 ${i}/${n}）`,
  key: {
    seats: '余位',
    schedule: '上课',
    campus: '校区',
    seenAt: '发现',
    expiresAt: '保留到',
    state: '状态',
    since: '开始于',
    recoveredAt: '恢复于',
    account: '账号',
    order: '订单号',
    by: '操作人',
    time: '时间',
    teacher: '老师',
    fee: '学费',
  },
  link: {
    course: '打开课程页',
    approve: '批准报名',
    release: '放弃名额',
    status: '查看状态',
    relogin: '在手机上重新登录',
  },
  opening: {
    title: (course) => `有空位：${course}`,
    clashes: (list) => `时间冲突：${list}`,
    holdSkipped: (reason) => `没有自动占位：${reason}`,
    ping: (child, course, seats) => `${child}的「${course}」有空位（${seats}），请看上面的消息`,
  },
  gone: { title: (course) => `空位没了：${course}` },
  holdMade: {
    title: (course) => `已占位：${course}`,
    decideBy: (child, until, kind) =>
      until && kind && isUnpaidRegistration(kind)
        ? `${child} · 请在 ${until} 前到官方 App 付款，过时网站会取消报名`
        : until
          ? `${child} · 请在 ${until} 前决定`
          : kind && !kind.expires
            ? `${child} · ${KEPT}`
            : `${child} · 请尽快决定`,
    emphasisLabel: '占位保留到',
    noExpiry: '网站没说占位能保留多久，请尽快决定。',
    keptUntilDecided: '网站会一直保留这个名额，直到你们决定。',
    explain: (kind) => {
      const approve = {
        payment:
          kind.kind === 'cart'
            ? '批准＝提交订单（之后在官方 App 付款）'
            : '批准＝保留报名（之后在官方 App 付款）',
        review: '批准＝保留这个报名，等主办方审核（免费，无需付款）',
        none: '批准＝保留这个名额（无需付款）',
      }[kind.after];
      return kind.release ? `${approve}；放弃＝把名额让给别人。` : `${approve}。这个网站不能自己取消报名。`;
    },
    ping: (child, course, until, canRelease, kind) =>
      `已为${child}占住「${course}」，请${until ? `在 ${until} 前` : kind && !kind.expires ? '' : '尽快'}${canRelease ? '批准或放弃' : '确认'}${!until && kind && !kind.expires ? `（${KEPT}）` : ''}`,
  },
  holdFailed: {
    title: (course) => `占位失败：${course}`,
    reason: (reason) => `原因：${reason}`,
    manual: '名额可能还在，请尽快手动报名。',
    ping: (child, course) => `${child}的「${course}」占位失败，请尽快手动报名`,
  },
  holdReminder: {
    title: (course) => `占位快到期了：${course}`,
    ping: (child, course, until) =>
      `${child}的「${course}」占位${until ? `将在 ${until} ` : '快要'}到期，请决定`,
  },
  holdResult: {
    title: (outcome, course) => `${OUTCOMES[outcome]}：${course}`,
    note: (outcome, kind) =>
      ({
        approved: {
          payment: '订单待支付，请在官方 App 里完成付款。',
          review: '报名已保留，等待主办方审核；审核结果请留意网站通知。',
          none: '名额已经是你们的了。',
        }[kind.after],
        released: '名额已经让出。',
        expired: '网站已收回名额。',
        failed: '这一步没有做成；名额如果还在保留中，可以再试一次，或到报名网站上看一下。',
      })[outcome],
    failedTitle: (action, refused, course) =>
      `${refused ? `报名网站拒绝了${action === 'approve' ? '批准' : '放弃名额'}` : `${action === 'approve' ? '批准' : '放弃名额'}没有办成`}：${course}`,
    keptTitle: (course) => `已确认保留：${course}`,
    keptNote: (kind) =>
      `报名在占位时就已经提交好了，这次批准没有在报名网站上再做任何操作。${
        {
          payment: '请在官方 App 里付款，过了期限网站会取消报名。',
          review: '报名已保留，等待主办方审核；审核结果请留意网站通知。',
          none: '名额是你们的了，无需付款。',
        }[kind.after]
      }`,
  },
  problem: {
    title: (kind) => `需要处理：${PROBLEMS[kind]}`,
    reminderPrefix: '【仍未处理】',
    runCommand: (command) => `请在电脑上运行：${command}`,
    detail: zhDetail,
    sessionExpired: (account, byPhone) =>
      `报名网站把账号 ${account} 登出了，检查先停下了。${byPhone ? '点「在手机上重新登录」登录一次就能继续。' : '请在电脑上运行下面的命令重新登录。'}`,
    ping: (kind, account) => `需要处理：${PROBLEMS[kind]}（账号 ${account}）`,
  },
  recovered: { title: (kind) => `已恢复：${PROBLEMS[kind]}` },
  loginSoon: {
    title: '登录即将过期',
    expectedEnd: '预计过期',
    note: '现在就在手机上重新登录，检查不会中断。',
  },
  daily: {
    title: '每日值守报告',
    line: (checks, sessions, next) => `仍在值守：${checks} 次检查，${sessions}，下次检查 ${next}`,
    sessionsOk: '会话正常',
    sessionsBad: (accounts) => `会话需要登录（${accounts}）`,
    openings: (n) => `发现空位 ${n} 次`,
    noNextCheck: '未安排',
  },
  test: { title: 'jianlou 测试消息', body: '机器人连接正常，之后的提醒会发到这个群。' },
  burst: {
    title: (n) => `捡漏：${n} 条新提醒`,
    ping: (n) => `有 ${n} 条新提醒，请看上面的消息`,
    seq: (n) => ` #${n}`,
  },
  resent: '（重发）',
};

const hold: HoldMessages = {
  failure: (f) => {
    switch (f.code) {
      case 'no_seats':
        return '名额已被他人抢先，未能保留';
      case 'cart_full':
        return '购物车已满（门户上限），未能保留';
      case 'already_ordered':
        return '该孩子已报名此课程';
      case 'not_open':
        return '课程当前不可报名';
      case 'unverified':
        return '加入购物车后未能在购物车中确认，未视为保留';
      case 'refused':
        return f.said ? `报名网站拒绝了，它的原话：${f.said}` : `报名网站拒绝了（代码 ${f.reason}）`;
      case 'session_expired':
        return `登录已过期，请运行 jianlou login ${f.accountId} 后重试`;
      case 'rate_limited':
        return '门户要求稍后再试（限流）';
      case 'portal_changed':
        return '门户页面可能改版，无法操作';
      case 'unavailable':
        return '门户暂时无法访问，请稍后再试';
      case 'unsupported':
        return '这个网站不支持这一步（例如不能自己取消报名），不必重试';
    }
  },
  decidedByCli: '终端（jianlou holds）',
  decidedByLink: (ip, agent) => `链接（${ip}${agent ? `，${agent}` : ''}）`,
  decidedByStatusPage: (ip, agent) => `状态页（${ip}${agent ? `，${agent}` : ''}）`,
  agentNames: { wxwork: '企业微信', wechat: '微信' },
  keptByPortal: KEPT,
  concurrentFailed: '同时进行的另一个操作没有成功，名额仍在保留中，可以再试一次',
};

export const zh: Catalogue = {
  locale: 'zh',
  weekdays: WEEKDAYS,
  alerts,
  schedule: slot,
  pages: zhPages(WEEKDAYS, slot),
  relay: zhRelay,
  hold,
  cli: zhCli(slot),
  // r3b-phone-demo (issue 29 item 12)
  demo: zhDemo,
};
