import { zhDetail } from './check-detail.js';
import { type ChannelWhat, type ChannelWords, zhChannelWords } from './status-cli-channels.js';

/**
 * The words of `jianlou status` (src/cli/status.ts lays them out), in the config's language. The
 * English lines are those the command printed before it spoke Chinese. Codes, ids, paths, commands and
 * cron texts stay as they are in both languages.
 */

/** A check's outcome (store/runs.ts RunOutcome, and 'interrupted' for a check we stopped). */
export type CheckOutcome =
  | 'ok'
  | 'session_expired'
  | 'portal_changed'
  | 'rate_limited'
  | 'unavailable'
  | 'error'
  | 'interrupted';

/** Why a session needs attention (approve/status-types.ts SessionAdvice, restated: i18n is a lower room). */
export type CliSessionAdvice =
  | { code: 'no_session' | 'unreadable' | 'cookies_expired' | 'logged_out'; login: string }
  | { code: 'unchecked' | 'saved_after_failure' }
  | { code: 'failing'; outcome: CheckOutcome };

export interface StatusCliMessages {
  header(at: string, timeZone: string, file: string): string;
  /** "3 min ago" / "in 12 min": `amount` with its unit. */
  relative(amount: number, unit: 's' | 'min' | 'h' | 'd', past: boolean): string;
  /** An instant with how long ago it is. */
  when(local: string, relative: string): string;
  never: string;
  targets: string;
  target(child: string, childId: string, targetId: string, autoHold: boolean): string;
  /** A course's state as last seen; null: never seen. */
  state(s: string | null): string;
  seen(when: string): string;
  alerts(count: number, pending: number): string;
  lastAlert(kind: string, courseId: string | null, when: string, delivery: string): string;
  delivery(d: 'sent' | 'pending' | 'failed' | 'unknown'): string;
  /** An alert's kind (core Alert['kind']) as a reader names it. */
  alertKind(kind: string): string;
  holdsNone: string;
  /** One hold: its course, its status (worded) and what to know about it. */
  hold(courseId: string, status: string, detail: string): string;
  holdStatus(s: string): string;
  /** A held seat's end; `null` with `kept`: the portal keeps it until someone decides. */
  holdExpires(when: string | null, kept: boolean): string;
  holdDecided(by: string, at: string): string;
  order(id: string): string;
  holdNext(id: string): string;
  holdId(id: string): string;
  openings: string;
  openingLast(when: string): string;
  schedule: string;
  cron(cron: string, next: string): string;
  surge(name: string, everySeconds: number, perHour: number, inForceUntil: string | null): string;
  suggestionsIntro: string;
  suggestion(openings: number, percent: number): string;
  learnMode(enabled: boolean, perHour: number): string;
  learnedFrom(total: number, mode: string): string;
  learnedWindow(when: string, everySeconds: number, perHour: number, inForce: boolean): string;
  cronFor(cron: string, minutes: number | null): string;
  because(explanation: string): string;
  notUsed(explanation: string, reason: string): string;
  accounts: string;
  health(h: string): string;
  account(id: string, health: string, advice: string | null): string;
  advice(a: CliSessionAdvice): string;
  outcome(o: CheckOutcome): string;
  lastCheck(outcome: string, when: string, ms: number, detail: string | null): string;
  lastCheckNever: string;
  lastHour(checks: number, requests: number): string;
  cookieExpires(when: string): string;
  noExpiry: string;
  savedSession(path: string, when: string, cookies: string): string;
  savedNone(path: string): string;
  heldBackTitle: string;
  goesOutAt(local: string, relative: string): string;
  quietOver: string;
  heldBack(kind: string, subject: string, since: string, when: string): string;
  notify: string;
  /** A channel's name, endpoint and config place (src/i18n/status-cli-channels.ts). */
  channels: ChannelWords;
  /**
   * A channel as the NOTIFY lines name it: `label` is `--json`'s English label, `what` its kind and
   * endpoint (null for the log fallback, whose id is `log`).
   */
  channelLabel(id: string, label: string, what: ChannelWhat | null): string;
  channelOk: string;
  channelBroken(since: string): string;
  channelPaused(until: string): string;
  channel(label: string, line: string, sent: number, max: number, pending: number): string;
  outbox(messages: number, effects: number): string;
  approvalLinks(publicUrl: string, listen: string): string;
  approvalOff: string;
  /** The banner over everything when a channel is broken. */
  bannerBroken(label: string, since: string, errcode: number | null, fix: string): string;
  /** `place`: the config key to fix, worded by `channels.place`; null: none to name. */
  bannerFix(place: string | null): string;
  bannerNotReaching(pending: number): string;
}

/** A check's outcome in Chinese (also the `check` lines'). */
export const OUTCOME_ZH: Record<CheckOutcome, string> = {
  ok: '正常',
  session_expired: '登录已失效',
  portal_changed: '看不懂报名网站（网站可能改版了）',
  rate_limited: '被报名网站限流',
  unavailable: '连不上报名网站',
  error: '出错',
  interrupted: '被中止',
};

const UNIT_ZH = { s: '秒', min: '分钟', h: '小时', d: '天' } as const;

export const zhStatusCli: StatusCliMessages = {
  header: (at, tz, file) => `jianlou 状态 — ${at} ${tz} — ${file}`,
  relative: (n, unit, past) => `${n} ${UNIT_ZH[unit]}${past ? '前' : '后'}`,
  when: (local, rel) => `${local}（${rel}）`,
  never: '从未',
  targets: '关注的课程',
  target: (child, childId, targetId, autoHold) =>
    `${child}（${childId}）— 目标 ${targetId}${autoHold ? '，自动保留' : ''}`,
  state: (s) =>
    s === null
      ? '未看到'
      : (({ open: '有名额', full: '已满', closed: '已关闭', not_found: '找不到' } as Record<string, string>)[
          s
        ] ?? s),
  seen: (when) => `看到于 ${when}`,
  alerts: (count, pending) => `提醒：${count} 条${pending ? `（${pending} 条还没发出）` : ''}`,
  lastAlert: (kind, course, when, delivery) =>
    `，最近一条 ${kind}${course ? ` ${course}` : ''} 于 ${when} — ${delivery}`,
  delivery: (d) => ({ sent: '已发出', pending: '待发送', failed: '发送失败', unknown: '不明' })[d],
  alertKind: (kind) =>
    (
      ({
        opening: '空出名额',
        gone: '名额没了',
        hold_made: '已保留',
        hold_failed: '保留失败',
        hold_reminder: '保留快到期',
        hold_result: '保留的结果',
        problem: '需要处理',
        login_soon: '登录快过期',
        recovered: '已恢复',
        daily_summary: '每日报告',
        test: '测试消息',
      }) as Record<string, string>
    )[kind] ?? kind,
  holdsNone: '保留：无',
  hold: (course, status, detail) => `保留 ${course} ${status}${detail ? ` ${detail}` : ''}`,
  holdStatus: (s) =>
    (
      ({
        held: '保留中',
        approved: '已批准',
        released: '已放弃',
        expired: '已过期',
        failed: '失败',
      }) as Record<string, string>
    )[s] ?? s,
  holdExpires: (when, kept) =>
    when ? `保留到 ${when}` : kept ? '报名网站会一直保留，直到你们决定' : '报名网站没说保留到什么时候',
  holdDecided: (by, at) => `由${by}于 ${at} 决定`,
  order: (id) => `订单 ${id}`,
  holdNext: (id) => `→ jianlou holds approve ${id}   （或：release）`,
  holdId: (id) => `编号 ${id}`,
  openings: '名额空出（座位记录，最近 14 天）',
  openingLast: (when) => `最近一次 ${when}`,
  schedule: '检查时间',
  cron: (cron, next) => `cron：${cron} — 下次检查 ${next}`,
  surge: (name, every, perHour, until) =>
    `加密检查 ${name}：每 ${every} 秒一次（每个账号每小时约 ${perHour} 次请求）${until ? ` — 正在进行，到 ${until}` : ''}`,
  suggestionsIntro: '名额最常在这些时段空出来；在那时加密检查可能更早发现：',
  suggestion: (openings, percent) => `空出 ${openings} 次，占全部的 ${percent}% →`,
  learnMode: (enabled, perHour) =>
    enabled
      ? `schedule.learn 已打开：watch 按这些时段检查，每个账号每小时最多 ${perHour} 次请求`
      : 'schedule.learn 没打开：`jianlou surges suggest` 把它们写成配置行',
  learnedFrom: (total, mode) => `从 ${total} 次名额空出学到（${mode}）：`,
  learnedWindow: (when, every, perHour, inForce) =>
    `${when}，每 ${every} 秒一次（每小时不超过 ${perHour} 次请求）${inForce ? ' — 正在进行' : ''}`,
  cronFor: (cron, minutes) => (minutes === null ? cron : `${cron} 持续 ${minutes} 分钟`),
  because: (e) => `原因：${e}`,
  notUsed: (e, reason) => `不用：${e} — ${reason}`,
  accounts: '账号',
  health: (h) =>
    (
      ({ ok: '正常', needs_login: '需要登录', problem: '有问题', unchecked: '还没检查' }) as Record<
        string,
        string
      >
    )[h] ?? h,
  account: (id, health, advice) => `${id}：登录状态${health}${advice ? ` — ${advice}` : ''}`,
  advice: (a) => {
    switch (a.code) {
      case 'no_session':
        return `还没有保存的登录 — 运行：${a.login}`;
      case 'unreadable':
        return `保存的登录文件无法读取 — 运行：${a.login}`;
      case 'cookies_expired':
        return `保存的登录已全部过期 — 运行：${a.login}`;
      case 'logged_out':
        return `报名网站把这个账号登出了 — 运行：${a.login}`;
      case 'unchecked':
        return '还没有检查过 — 运行：jianlou check';
      case 'saved_after_failure':
        return '上次检查失败后已重新登录 — 运行：jianlou check';
      case 'failing':
        return `上次检查${OUTCOME_ZH[a.outcome]} — 运行：jianlou doctor`;
    }
  },
  outcome: (o) => OUTCOME_ZH[o] ?? o,
  // A lost login is said by the advice line above it (as `check` does); other details in the catalogue's
  // words, or framed as the flow's own.
  lastCheck: (outcome, when, ms, detail) =>
    `上次检查：${outcome}，${when}，用时 ${ms} ms${detail && outcome !== OUTCOME_ZH.session_expired ? ` — 详情：${zhDetail(detail)}` : ''}`,
  lastCheckNever: '上次检查：从未',
  lastHour: (checks, requests) => `最近一小时：检查 ${checks} 次，向报名网站发出 ${requests} 次请求`,
  cookieExpires: (when) => `最晚的 cookie ${when} 过期`,
  noExpiry: '没有保存过期时间（会话 cookie 或令牌）',
  savedSession: (path, when, cookies) => `保存的登录：${path}，保存于 ${when}；${cookies}`,
  savedNone: (path) => `保存的登录：没有（${path} 不存在）`,
  heldBackTitle: '等免打扰时段结束再发',
  goesOutAt: (local, rel) => `${local}（${rel}）之后的第一次检查时发出`,
  quietOver: '免打扰时段已结束：下一次检查时发出',
  heldBack: (kind, subject, since, when) => `${kind} ${subject} — 从 ${since} 起暂不发送；${when}`,
  notify: '消息渠道',
  channels: zhChannelWords,
  // The kind names it; an id of the config's own (a second robot, "grandma") follows it.
  channelLabel: (id, label, what) =>
    id === 'log'
      ? '只记日志（没有配置消息渠道）'
      : what
        ? `${zhChannelWords.name(what.type)}${id === what.type || id === 'json-webhook' ? '' : `（${id}）`}`
        : label,
  channelOk: '正常',
  channelBroken: (since) => `从 ${since} 起发送失败`,
  channelPaused: (until) => `限流暂停到 ${until}`,
  channel: (label, line, sent, max, pending) =>
    `${label}：${line}；最近一分钟发送 ${sent}/${max}，待发 ${pending} 条`,
  outbox: (messages, effects) =>
    `待发队列：${messages} 条消息${effects ? `，${effects} 个保留操作等着做` : ''}`,
  approvalLinks: (url, listen) => `批准链接：${url}（jianlou watch 运行时在 ${listen} 上监听）`,
  approvalOff: '批准链接：关闭（配置里没有 approval 一节）',
  bannerBroken: (label, since, errcode, fix) =>
    `!! ${label} 从 ${since} 起发送失败${errcode !== null ? `（errcode ${errcode}）` : ''}：${fix}`,
  bannerFix: (path) => (path ? `改好 ${path}，再运行 jianlou doctor --send` : '运行 jianlou doctor --send'),
  bannerNotReaching: (pending) => `!! 提醒没有送到家长那里；待发队列里有 ${pending} 条`,
};
