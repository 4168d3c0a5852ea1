/**
 * What `jianlou holds approve|release` says after a decision, in the config's language: the
 * outcome, and whether the group was told. zh and en side by side (both short).
 */
export interface HoldsCliMessages {
  /** An order submitted and waiting for payment in the official app. */
  approved(what: string, orderId: string | undefined): string;
  /** A registration the portal made final when it was held: `note` says what approval did. */
  kept(what: string, note: string): string;
  released(what: string): string;
  already(
    id: string,
    status: string,
    by: string | undefined,
    at: string | undefined,
    orderId?: string,
  ): string;
  expired(id: string, at: string): string;
  failed(action: 'approve' | 'release', id: string, detail: string): string;
  delivered(sent: number): string;
  deferred(left: number): string;
  /** `jianlou watch` holds the store: its sender delivers the alert. */
  watchDelivers(pid: number | undefined): string;
}

export const zhHoldsCli: HoldsCliMessages = {
  approved: (what, order) => `已批准：${what} — 订单 ${order ?? '?'} 待支付，请在官方 App 里付款`,
  kept: (what, note) => `已批准：${what} — ${note}`,
  released: (what) => `已放弃：${what} — 名额已退回报名网站，其他家庭可以报名了`,
  already: (id, status, by, at, order) =>
    `jianlou：保留 "${id}" 之前已经是「${status}」${by ? `（${by}，${at ?? ''}）` : ''}${order ? `（订单 ${order}）` : ''}，这次没有操作`,
  expired: (id, at) => `jianlou：保留 "${id}" 已在 ${at} 到期，网站已收回名额，这次没有操作`,
  failed: (action, id, detail) =>
    `jianlou：在报名网站上${action === 'approve' ? '批准' : '放弃'}保留 "${id}" 没有成功：${detail}`,
  delivered: (sent) => `已发到群里：${sent} 条消息`,
  deferred: (left) => `群里的消息下次运行时再发：还有 ${left} 条在待发队列里`,
  watchDelivers: (pid) => `jianlou（进程 ${pid ?? '?'}）正在用这份数据运行，由它把消息发到群里`,
};

export const enHoldsCli: HoldsCliMessages = {
  approved: (what, order) =>
    `approved: ${what} — order ${order ?? '?'} is waiting for payment; pay in the official app`,
  kept: (what, note) => `approved: ${what} — ${note}`,
  released: (what) => `released: ${what} — the seat went back to the portal for another family`,
  already: (id, status, by, at, order) =>
    `jianlou: hold "${id}" was already ${status}${by ? ` by ${by} at ${at ?? ''}` : ''}${order ? ` (order ${order})` : ''} — nothing done`,
  expired: (id, at) => `jianlou: hold "${id}" expired at ${at}; the portal gave the seat back — nothing done`,
  failed: (action, id, detail) => `jianlou: could not ${action} hold "${id}" at the portal: ${detail}`,
  delivered: (sent) => `alerts delivered: ${sent}`,
  deferred: (left) => `the group is told on the next run: ${left} alert(s) left in the outbox`,
  watchDelivers: (pid) => `jianlou (pid ${pid ?? '?'}) is running on this store and will deliver the alert`,
};
