/**
 * What `jianlou demo` (`npm start`) says around the results it shows (issue 29 item 12): one
 * language, the config's `locale`. Added to the catalogue as `demo` by r3b-phone-demo.
 */

export type DemoStyle = 'classic' | 'spa' | 'legacy';
export type DemoOutcome = 'session_expired' | 'portal_changed' | 'rate_limited' | 'unavailable' | 'error';

/** How the demo portal's style holds a seat: classic a cart, legacy a 预报名, spa a registration. */
export type HoldingWay = 'cart' | 'prereg' | 'registration';

export interface DemoMessages {
  title: string;
  workDir(dir: string): string;
  stopping: string;
  portal(style: DemoStyle, url: string, apiUrl: string | undefined, paymentSeconds: number): string;
  labels: { portal: string; group: string; approvals: string; watching: string };
  group: string;
  approvals: string;
  /** The watched targets: `姐姐: ART-101 或 ART-102（自动占位）`, …, and what happens. */
  watching(targets: readonly string[]): string;
  target(child: string, courses: readonly string[], autoHold: boolean): string;
  seatState(state: 'open' | 'full' | string, seats: number | null): string;
  /** One check; `seats` is '' when no course was read (the account's problem is said apart). */
  check(n: number, ms: number, seats: string): string;
  /** An account's check stopped working, said once until it changes. */
  problem(account: string, outcome: DemoOutcome): string;
  recovered(account: string): string;
  holding(course: string, child: string, how: HoldingWay): string;
  received(seq: number, kind: string, bytes: number): string;
  /** A received card as the group shows it: its title line and one `key: value` row. */
  card: { title(title: string): string; row(key: string, value: string): string };
  released(course: string, title: string, seats: string): string;
  expired: { title: string; hint: string };
  autoApprove: { tapping: string; says(title: string): string; failed(reason: string): string };
  openLink: string;
  /** A child's course at the portal at the end: kind 'order' (to pay) or 'registration' (under review). */
  outcome(course: string, child: string, kind: 'order' | 'registration'): string;
  ended: { order(list: string): string; registration(list: string): string; legacy: string };
  next: { order: string; registration: string; legacy: string };
  gaveUp(seconds: number, kind: 'order' | 'registration'): string;
  waiting(seconds: number): string;
  /** After the ending (no --exit-after): the pages stay up until Ctrl-C. */
  over: string;
  legacy: {
    held(order: string, course: string, child: string, deadline: string): string;
    approved: string;
    cancelled: string;
    newsAgain: string;
  };
  /** A line of jianlou's own log, shown dimmed with its time in the config's timezone. */
  log(time: string, level: string, message: string): string;
}

const listZh = (xs: readonly string[]) => xs.join(' 或 ');

export const zhDemo: DemoMessages = {
  title: 'jianlou 演示 — 捡漏：盯着少年宫报名网站，一有空位就提醒',
  workDir: (dir) => `临时文件在 ${dir}（结束时删除）`,
  stopping: '\n正在停止演示（等这一轮检查做完；再按一次 Ctrl-C 立即停止）…',
  portal: (style, url, apiUrl, paymentSeconds) =>
    style === 'spa'
      ? `${url}（单页应用，接口 ${apiUrl ?? ''}；登录：13800000000 / demo1234）`
      : style === 'legacy'
        ? `${url}/xk/kclist.jsp（老式 GBK 网页；登录：13800000000 / demo1234 / 验证码 8888，再填测试页显示的短信验证码；预报名 ${paymentSeconds} 秒内不付款会被取消）`
        : `${url}（登录：13800000000 / demo1234 / 验证码 8888）`,
  labels: { portal: '演示网站', group: '企业微信群', approvals: '批准链接', watching: '正在盯' },
  group: '（家长群机器人收到的消息）',
  approvals: '（提醒里的链接）',
  watching: (targets) => `${targets.join(' · ')} — 现在都满了，名额会随机空出来`,
  target: (child, courses, autoHold) => `${child}：${listZh(courses)}${autoHold ? '（自动占位）' : ''}`,
  seatState: (state, seats) =>
    state === 'open'
      ? `余位${seats ?? ''}`
      : state === 'full'
        ? '已满'
        : state === 'closed'
          ? '未开放'
          : state,
  check: (n, ms, seats) => `第 ${n} 次检查（${ms} 毫秒）${seats ? `：${seats}` : ''}`,
  problem: (account, outcome) =>
    `账号 ${account}：${
      {
        session_expired: '登录已过期',
        portal_changed: '网站改版了，读不懂',
        rate_limited: '网站要求慢一点',
        unavailable: '网站暂时打不开',
        error: '检查出错',
      }[outcome]
    }`,
  recovered: (account) => `账号 ${account}：已恢复`,
  holding: (course, child, how) =>
    ({
      cart: `有空位：正在为${child}把 ${course} 放进网站的购物车占住…`,
      prereg: `有空位：正在为${child}预报名 ${course}，先占住名额…`,
      registration: `有空位：正在为${child}报名 ${course}，先占住名额…`,
    })[how],
  received: (seq, kind, bytes) => `企业微信群收到（#${seq}，${kind}，${bytes} 字节）`,
  card: { title: (title) => `【${title}】`, row: (key, value) => `${key}：${value}` },
  released: (course, title, seats) => `网站：${course} ${title} 空出一个名额，余位 ${seats}`,
  expired: {
    title: '网站上的登录过期了（--expire-session-after）。用手机重新登录：',
    hint: '（下一条提醒也会带上同一个链接；验证码图片上是测试码 8888）',
  },
  autoApprove: {
    tapping: '--auto-approve：家长点了「批准报名」并确认…',
    says: (title) => `批准页显示：${title}`,
    failed: (reason) => `自动批准没有成功：${reason}`,
  },
  openLink: '在浏览器里打开上面的「批准报名」链接提交订单（或点「放弃名额」让出名额）',
  outcome: (course, child, kind) => `${child} 的 ${course}（${kind === 'order' ? '待支付' : '待审核'}）`,
  ended: {
    order: (list) => `网站上已下单：${list}`,
    registration: (list) => `网站上的报名已保留：${list}`,
    legacy: '没付款的预报名到期了，网站收回的名额又成了新消息',
  },
  next: {
    order: '接下来家长在官方 App 付款。演示到此结束。',
    registration: '接下来由主办方审核报名，不用付款。演示到此结束。',
    legacy: 'jianlou 从不付款：批准的意思是「去官方 App 付款」。演示到此结束。',
  },
  gaveUp: (seconds, kind) =>
    `${seconds} 秒内没有${kind === 'order' ? '下单' : '批准的报名'} — 放弃（退出码 1）`,
  waiting: (seconds) => `等名额空出来… ${seconds} 秒后再检查（Ctrl-C 停止）`,
  over: '演示已结束：网页和群消息还可以继续看（Ctrl-C 退出）',
  legacy: {
    held: (order, course, child, deadline) =>
      `预报名 ${order}：${child} 的 ${course}，未付款；${deadline} 前不在官方 App 付款，网站就会取消`,
    approved: '已批准：接下来家长在官方 App 付款（jianlou 从不付款）…',
    cancelled: '没人付款：网站在付款期限到时取消了这个订单，名额回来了',
    newsAgain: '群里知道了网站收回名额，这个课程又在盯着了。',
  },
  log: (time, level, message) => `${time} 日志（${level}）：${message}`,
};

const listEn = (xs: readonly string[]) => xs.join(' or ');

export const enDemo: DemoMessages = {
  title: 'jianlou demo: watching a youth-palace portal for freed seats',
  workDir: (dir) => `working files in ${dir} (removed at the end)`,
  stopping: '\nstopping the demo (after the current check; Ctrl-C again to cut it short)…',
  portal: (style, url, apiUrl, paymentSeconds) =>
    style === 'spa'
      ? `${url}  (spa style, API ${apiUrl ?? ''}; log in: 13800000000 / demo1234)`
      : style === 'legacy'
        ? `${url}/xk/kclist.jsp  (legacy style, GBK pages; log in: 13800000000 / demo1234 / captcha 8888, then the SMS code the test page shows; unpaid pre-registrations cancelled after ${paymentSeconds} s)`
        : `${url}  (log in: 13800000000 / demo1234 / captcha 8888)`,
  labels: { portal: 'demo portal', group: 'WeCom group', approvals: 'approvals', watching: 'watching' },
  group: "(what the parents' group robot receives)",
  approvals: '(the links in the alerts)',
  watching: (targets) => `${targets.join(' · ')} — all full; seats free up at random`,
  target: (child, courses, autoHold) => `${child}: ${listEn(courses)}${autoHold ? ' (auto-hold)' : ''}`,
  seatState: (state, seats) => (state === 'open' ? `${seats ?? ''} left` : state === 'full' ? 'full' : state),
  check: (n, ms, seats) => `check #${n} (${ms} ms)${seats ? `: ${seats}` : ''}`,
  problem: (account, outcome) =>
    `account ${account}: ${
      {
        session_expired: 'login expired',
        portal_changed: 'the portal changed',
        rate_limited: 'the portal asks to slow down',
        unavailable: 'the portal is unavailable',
        error: 'the check failed',
      }[outcome]
    }`,
  recovered: (account) => `account ${account}: working again`,
  holding: (course, child, how) =>
    ({
      cart: `seat open: holding ${course} for ${child} in the portal cart…`,
      prereg: `seat open: pre-registering ${child} for ${course} to hold the seat…`,
      registration: `seat open: registering ${child} for ${course} to hold the seat…`,
    })[how],
  received: (seq, kind, bytes) => `WeCom group receives (#${seq}, ${kind}, ${bytes} bytes)`,
  card: { title: (title) => `[${title}]`, row: (key, value) => `${key}: ${value}` },
  released: (course, title, seats) => `portal: a seat came free on ${course} ${title}, seats left ${seats}`,
  expired: {
    title: 'session expired at the portal (--expire-session-after). Log back in from a phone:',
    hint: '(the same link comes with the next alert; the captcha picture shows the test code 8888)',
  },
  autoApprove: {
    tapping: '--auto-approve: a parent taps Approve and confirms…',
    says: (title) => `approval page says: ${title}`,
    failed: (reason) => `auto-approve failed: ${reason}`,
  },
  openLink: 'open the Approve link above in a browser to submit the order (or Release to give the seat back)',
  outcome: (course, child, kind) =>
    `${course} for ${child} (${kind === 'order' ? 'to pay' : 'under review'})`,
  ended: {
    order: (list) => `order created on the portal: ${list}`,
    registration: (list) => `registration kept on the portal: ${list}`,
    legacy: 'an unpaid pre-registration ran out at the portal and its seat came back as news',
  },
  next: {
    order: 'the parent now pays in the official app. That is the whole story.',
    registration: 'the organiser now reviews the registration; nothing to pay. That is the whole story.',
    legacy: 'jianlou never pays: approving meant "go and pay in the official app". That is the whole story.',
  },
  gaveUp: (seconds, kind) =>
    `no ${kind === 'order' ? 'order' : 'approved registration'} within ${seconds} s — giving up (exit 1)`,
  waiting: (seconds) => `waiting for a seat to free up… next check in ${seconds}s (Ctrl-C to stop)`,
  over: "the demo is over: the pages and the group's messages stay up (Ctrl-C to quit)",
  legacy: {
    held: (order, course, child, deadline) =>
      `pre-registration ${order}: ${course} for ${child}, unpaid; the portal cancels it at ${deadline} unless paid in the official app`,
    approved: 'approved: the parent now pays in the official app (jianlou never pays)…',
    cancelled: 'nobody paid: the portal cancelled the unpaid order at its deadline and the seat is back',
    newsAgain: 'the group heard the portal took the seat back, and the target is news again.',
  },
  log: (time, level, message) => `${time} log (${level}): ${message}`,
};
