import type { Locale } from './locale.js';

/**
 * `jianlou flow try`'s next step after a failed step, by the failure's kind (issue 29): jianlou's own
 * advice to the person writing the flow, in the config's language. The flow's message stays as the
 * flow wrote it; `--json` keeps the English `next`.
 */
export type TryFailureKind =
  | 'session_expired'
  | 'portal_changed'
  | 'unavailable'
  | 'rate_limited'
  | 'bad_input'
  | 'flow_bug';

export type FlowTryNext = Record<TryFailureKind, (accountId: string) => string>;

const zh: FlowTryNext = {
  session_expired: (id) =>
    `登录一次（jianlou login ${id}）；如果还是说登录已失效，检查流程的 checkSession 和它从哪里读登录状态（cookie、ctx.storage.local）`,
  portal_changed: () => '流程要找的字段或元素在报名网站上没有：按消息里说的改 JSON 路径或选择器',
  rate_limited: () => '报名网站要求慢一点：等一会儿再试',
  unavailable: () => '报名网站没有回应：portal.baseUrl（和 portal.options）对吗？网站开着吗？',
  bad_input: () => '按消息里说的改',
  flow_bug: () =>
    '流程自己抛出了错误：改成抛出 jianlou/flow 里的那些错误类型（见 README 里讲写流程的那一节）',
};

const en: FlowTryNext = {
  session_expired: (id) =>
    `log in (jianlou login ${id}); if it still says expired, check the flow's checkSession and where it reads the session (cookie, ctx.storage.local)`,
  portal_changed: () =>
    'the flow expects a field or element the portal does not have: fix the JSON paths / selectors it names',
  rate_limited: () => 'the portal asks to slow down: wait, then try again',
  unavailable: () =>
    'the portal did not answer: is portal.baseUrl (and portal.options) right and the site up?',
  bad_input: () => 'fix what the message names',
  flow_bug: () =>
    'the flow threw an error of its own: throw the typed errors of jianlou/flow instead (see README "Writing a flow")',
};

export const flowTryNext: Record<Locale, FlowTryNext> = { zh, en };
