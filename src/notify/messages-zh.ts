import { pad2 } from './format.js';
import type { Messages } from './messages.js';

const WEEKDAYS = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

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

export const zh: Messages = {
  locale: 'zh',
  brand: '捡漏 jianlou',
  weekday: (n) => WEEKDAYS[n] ?? `星期${n}`,
  dateTime: (p) => `${p.month}月${p.day}日 ${WEEKDAYS[p.weekday] ?? ''} ${pad2(p.hour)}:${pad2(p.minute)}`,
  time: (p) => `${pad2(p.hour)}:${pad2(p.minute)}`,
  colon: '：',
  listSep: '；',
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
  link: { course: '打开课程页', approve: '批准报名', release: '放弃名额', status: '查看状态' },
  opening: {
    title: (course) => `有空位：${course}`,
    clashes: (list) => `时间冲突：${list}`,
    holdSkipped: (reason) => `没有自动占位：${reason}`,
    ping: (child, course, seats) => `${child}的「${course}」有空位（${seats}），请看上面的消息`,
  },
  gone: { title: (course) => `空位没了：${course}` },
  holdMade: {
    title: (course) => `已占位：${course}`,
    decideBy: (child, until) => (until ? `${child} · 请在 ${until} 前决定` : `${child} · 请尽快决定`),
    emphasisLabel: '占位保留到',
    noExpiry: '网站没说占位能保留多久，请尽快决定。',
    explain: '批准＝提交订单（之后在官方 App 付款）；放弃＝把名额让给别人。',
    ping: (child, course, until) =>
      `已为${child}占住「${course}」，请${until ? `在 ${until} 前` : '尽快'}批准或放弃`,
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
    note: (outcome) =>
      ({
        approved: '订单待支付，请在官方 App 里完成付款。',
        released: '名额已经让出。',
        expired: '网站已收回名额。',
        failed: '请到报名网站上看一下。',
      })[outcome],
  },
  problem: {
    title: (kind) => `需要处理：${PROBLEMS[kind]}`,
    reminderPrefix: '【仍未处理】',
    runCommand: (command) => `请在电脑上运行：${command}`,
    ping: (kind, account) => `需要处理：${PROBLEMS[kind]}（账号 ${account}）`,
  },
  recovered: { title: (kind) => `已恢复：${PROBLEMS[kind]}` },
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
  },
};
