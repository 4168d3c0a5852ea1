import type { RunOutcome } from '../../store/runs.js';
import type { StatusMessages } from './status-catalogue.js';

const OUTCOME_ZH: Record<RunOutcome, string> = {
  ok: '正常',
  session_expired: '发现登录已失效',
  portal_changed: '看不懂报名网站的页面（网站可能改版了）',
  rate_limited: '被报名网站限流',
  unavailable: '连不上报名网站',
  error: '出错',
};

export const statusZh: StatusMessages = {
  lang: 'zh-CN',
  title: '值守状态',
  brand: '捡漏 jianlou',
  updated: (at) => `更新于 ${at}（刷新页面即可更新）`,
  readOnlyNote: '打开这个页面不会做任何操作；只有按下按钮才会确认或放弃名额。',
  sections: {
    children: '孩子与课程',
    openings: '名额通常什么时候出现',
    holds: '保留中的名额',
    sessions: '账号登录状态',
    robot: '群机器人',
    alerts: '最近的群消息',
    problems: '需要处理的问题',
  },
  target: (autoHold) => (autoHold ? '任选其一 · 自动保留' : '任选其一'),
  state: { open: '有空位', full: '已满', closed: '已截止', not_found: '找不到课程', unseen: '尚未检查' },
  seats: (n) => (n === null ? '余位未知' : `余位 ${n}`),
  lastSeen: (at) => (at ? `最后检查 ${at}` : '尚未检查'),
  chartLabel: (course, days) => `${course}：最近 ${days} 天的余位`,
  legend: { seats: '余位', alert: '提醒', hold: '保留', order: '下单' },
  noHistory: '还没有记录',
  openingsNote: (total, days) => `最近 ${days} 天所有课程共出现空位 ${total} 次`,
  byHour: '按钟点',
  byWeekday: '按星期',
  weekdays: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'],
  hold: {
    status: { held: '保留中', approved: '已下单', released: '已放弃', expired: '已过期', failed: '未成功' },
    expires: (at) => `保留到 ${at}`,
    kept: '报名网站会一直保留，直到你们决定',
    decided: (by, at) => [by, at].filter(Boolean).join(' · '),
    approve: '确认报名（提交订单）',
    release: '放弃名额',
    none: '现在没有保留中的名额。',
  },
  health: { ok: '正常', needs_login: '需要重新登录', problem: '检查出错', unchecked: '尚未检查' },
  sessionExpires: (at) => (at ? `登录大约在 ${at} 失效` : '登录失效时间未知'),
  checks24h: (checks, failures) => `24 小时内检查 ${checks} 次，失败 ${failures} 次`,
  lastCheck: (at) => (at ? `最后检查 ${at}` : '尚未检查'),
  relogin: '用手机重新登录',
  advice: (a) => {
    switch (a.code) {
      case 'no_session':
        return `还没有保存的登录，请重新登录（或运行 ${a.login}）`;
      case 'unreadable':
        return `保存的登录文件无法读取，请重新登录（或运行 ${a.login}）`;
      case 'cookies_expired':
        return `保存的登录已全部过期，请重新登录（或运行 ${a.login}）`;
      case 'logged_out':
        return `报名网站已退出这个账号的登录，请重新登录（或运行 ${a.login}）`;
      case 'unchecked':
        return '还没有检查过，下一次检查后会显示结果';
      case 'saved_after_failure':
        return '上次检查失败后已重新登录，下一次检查会确认';
      case 'failing':
        return `上次检查${OUTCOME_ZH[a.outcome]}，请在电脑上运行 jianlou doctor 查看原因`;
    }
  },
  channel: { ok: '正常', paused: '限流暂停中', broken: '发送失败' },
  channelLine: (sent, max, pending) => `最近一分钟发送 ${sent}/${max}，待发 ${pending} 条`,
  brokenSince: (at) => `自 ${at} 起`,
  outbox: (messages, effects) => `待发消息 ${messages} 条${effects ? `，待办保留操作 ${effects} 个` : ''}`,
  delivery: { sent: '已送达', pending: '待发送', failed: '发送失败', unknown: '' },
  noAlerts: '还没有发过消息。',
  noProblems: '没有需要处理的问题。',
  problem: {
    session_expired: '登录已失效',
    portal_changed: '网站改版，无法读取',
    portal_unavailable: '网站无法访问',
  },
  problemExpired: (account) =>
    `报名网站把账号 ${account} 登出了，检查先停下了。请在「账号登录状态」里用手机重新登录，或在电脑上运行 jianlou login ${account}。`,
  decision: {
    done: { approved: '已提交订单，请在官方 App 里付款。', released: '已放弃名额，留给其他家庭。' },
    already: '这个名额已经处理过了（可能是群里的链接或另一位家长）。',
    expired: '保留时间已过，名额已自动释放。',
    failed: '没有成功，名额仍在保留中，可以再试一次。',
    back: '返回状态页',
  },
  refused: {
    title: '链接无效',
    body: '这个状态页链接已失效或被更换。请在群里找最新的“每日值守报告”，或让管理员运行 jianlou status --link。',
  },
};
