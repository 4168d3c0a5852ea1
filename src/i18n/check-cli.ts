import { zhDetail } from './check-detail.js';
import { type CheckOutcome, OUTCOME_ZH } from './status-cli.js';

/**
 * The result lines of `jianlou check` and the list of `jianlou holds`, in the config's language. The
 * English lines are those the commands printed before they spoke Chinese.
 */
export interface CheckCliMessages {
  /** One account's check; `detail` is jianlou's, the browser's or the flow's (see check-detail.ts). */
  account(id: string, outcome: CheckOutcome, ms: number, detail: string | undefined): string;
  nothingNew: string;
  hold(dryRun: boolean, courseId: string, childId: string, accountId: string): string;
  alert(dryRun: boolean, kind: string, courseId: string | undefined, why: string | undefined): string;
  delivered(sent: number, deferred: number, failed: number): string;
  rateLimited(accountId: string, until: string): string;
  needsLogin(accountId: string): string;
}

export interface HoldsListMessages {
  none: string;
  /** A hold's line: who, which course, its status and the rest (`extra`, already worded). */
  line(child: string, childId: string, course: string, status: string, extra: string): string;
  expires(when: string): string;
  /** A hold of a kind that expires, whose end the portal did not give. */
  expiresUnknown: string;
  decided(by: string, at: string): string;
  order(id: string): string;
  waiting(n: number): string;
  usage: string;
  unknownAction(action: string): string;
  needsId(action: string): string;
  unexpectedArgument(arg: string): string;
  noHold(id: string): string;
  neverMade(id: string, why: string, action: 'approve' | 'release'): string;
}

export const zhCheckCli: CheckCliMessages = {
  // A lost login is said by the line that says what to do (needsLogin); jianlou's own details in
  // Chinese, the flow's quoted as the flow's (check-detail.ts).
  account: (id, outcome, ms, detail) =>
    `账号 ${id}：${OUTCOME_ZH[outcome] ?? outcome}，用时 ${ms} ms${detail && outcome !== 'session_expired' ? ` — 详情：${zhDetail(detail)}` : ''}`,
  nothingNew: '这次检查没有新情况',
  hold: (dry, course, child, account) =>
    `${dry ? '本会' : '已'}为 ${child} 保留 ${course}（账号 ${account}）`,
  alert: (dry, kind, course, why) =>
    `${dry ? '本会发' : '已发'}提醒：${kind}${course ? ` ${course}` : ''}${why ? ` — ${why}` : ''}`,
  delivered: (sent, deferred, failed) =>
    `已发到群里：${sent} 条${deferred ? `，留在待发队列里下次再发：${deferred} 条` : ''}${failed ? `，被拒收：${failed} 条` : ''}`,
  rateLimited: (account, until) => `报名网站对账号 "${account}" 限流：检查暂停到 ${until}，之后照常检查`,
  needsLogin: (account) => `账号 "${account}" 需要重新登录 — 运行：jianlou login ${account}`,
};

export const enCheckCli: CheckCliMessages = {
  account: (id, outcome, ms, detail) =>
    `account ${id}: ${outcome} in ${ms} ms${detail ? ` — ${detail}` : ''}`,
  nothingNew: 'nothing new decided in this cycle',
  hold: (dry, course, child, account) => `${dry ? 'would' : 'did'} hold ${course} for ${child} (${account})`,
  alert: (dry, kind, course, why) =>
    `${dry ? 'would' : 'did'} alert: ${kind}${course ? ` ${course}` : ''}${why ? ` — ${why}` : ''}`,
  delivered: (sent, deferred, failed) =>
    `alerts delivered: ${sent}` +
    (deferred ? `, left in the outbox for the next run: ${deferred}` : '') +
    (failed ? `, refused: ${failed}` : ''),
  rateLimited: (account, until) =>
    `portal rate limit for account "${account}": checks pause until ${until}; the next check after that goes out as scheduled`,
  needsLogin: (account) => `session for account "${account}" needs a login — run: jianlou login ${account}`,
};

const USAGE_EN = 'usage: jianlou holds [list] | jianlou holds approve ID | jianlou holds release ID';
const USAGE_ZH = '用法：jianlou holds [list] | jianlou holds approve 编号 | jianlou holds release 编号';

export const zhHoldsList: HoldsListMessages = {
  none: '还没有保留',
  line: (child, childId, course, status, extra) => `  ${child}（${childId}）  ${course}  ${status}${extra}`,
  expires: (when) => `  保留到 ${when}`,
  expiresUnknown: '  报名网站没说保留到什么时候',
  decided: (by, at) => `  由${by}于 ${at} 决定`,
  order: (id) => `  订单 ${id}`,
  waiting: (n) => `${n} 个保留等你们决定 — 运行：jianlou holds approve|release 编号`,
  usage: USAGE_ZH,
  unknownAction: (action) => `不认识的操作 "${action}"\n${USAGE_ZH}`,
  needsId: (action) => `holds ${action} 需要保留的编号（看：jianlou holds）\n${USAGE_ZH}`,
  unexpectedArgument: (arg) => `多了一个参数 "${arg}"\n${USAGE_ZH}`,
  noHold: (id) => `没有保留 "${id}"（看：jianlou holds）`,
  neverMade: (id, why, action) =>
    `保留 "${id}" 从来没有在报名网站上做成（${why}）：没有可以${action === 'approve' ? '批准' : '放弃'}的`,
};

export const enHoldsList: HoldsListMessages = {
  none: 'no holds yet',
  line: (child, childId, course, status, extra) => `  ${child} (${childId})  ${course}  ${status}${extra}`,
  expires: (when) => `  expires ${when}`,
  expiresUnknown: '  the portal did not say when it expires',
  decided: (by, at) => `  decided by ${by} at ${at}`,
  order: (id) => `  order ${id}`,
  waiting: (n) => `${n} waiting for a decision — run: jianlou holds approve|release ID`,
  usage: USAGE_EN,
  unknownAction: (action) => `unknown action "${action}"\n${USAGE_EN}`,
  needsId: (action) => `holds ${action} needs a hold id (see: jianlou holds)\n${USAGE_EN}`,
  unexpectedArgument: (arg) => `unexpected argument "${arg}"\n${USAGE_EN}`,
  noHold: (id) => `no hold "${id}" (see: jianlou holds)`,
  neverMade: (id, why, action) => `hold "${id}" was never made at the portal (${why}): nothing to ${action}`,
};
