/**
 * A failed check's detail (r4-surges-import, issue 29): the run keeps it as one English line
 * (`describeError`, the rate pause); here it is told apart — jianlou's own words, which the catalogue
 * says in the config's language, or the flow author's free text, which is quoted as the flow's.
 *
 * The patterns match the messages of src/app/runtime/time-box.ts, src/app/cycle/observe.ts,
 * src/flow/http.ts, json-client.ts, html-client.ts, shape.ts, src/browser/session.ts and
 * Playwright's first lines. A message they no longer match is quoted as it is: framed, never lost.
 */
export type DetailWords =
  /** The portal's Retry-After is still running: no request was sent. */
  | { code: 'wait'; until: string }
  | { code: 'deadline' }
  | { code: 'cancelled' }
  | { code: 'rate_limited'; label: string; seconds: number }
  /** The portal answered 5xx. */
  | { code: 'http'; label: string; status: number }
  /** The kit got an answer it does not know (the portal changed). */
  | { code: 'changed_http'; label: string; status: number }
  | { code: 'changed_fields'; label: string; fields: string }
  | { code: 'timeout'; seconds: number }
  /** A network failure: `reason` is the system's or Chromium's code (ECONNREFUSED, net::ERR_…). */
  | { code: 'network'; reason: string }
  | { code: 'session_unreadable'; file: string; reason: string }
  | { code: 'session_bad_json'; file: string; accountId: string }
  /** Anything else: the flow's own words, said as they are. */
  | { code: 'flow'; text: string };

const NETWORK = /\b(net::ERR_[A-Z_]+|ECONNREFUSED|ECONNRESET|ENOTFOUND|ETIMEDOUT|EAI_AGAIN|EHOSTUNREACH)\b/;

type Rule = [RegExp, (m: RegExpMatchArray) => DetailWords];

/** First match wins; `m[n]` are the groups (each rule's groups are not optional unless said). */
const RULES: Rule[] = [
  [/^the portal asked us to wait; next check after (\S+)$/, (m) => ({ code: 'wait', until: g(m, 1) })],
  [/ did not finish before the check's deadline; gave up waiting$/, () => ({ code: 'deadline' })],
  [/ stopped: the check was cancelled \(timed out or shutting down\)$/, () => ({ code: 'cancelled' })],
  [
    /^(.+?) answered (?:429|code \S+) \(rate limited\); retry after (\d+) s$/,
    (m) => ({ code: 'rate_limited', label: g(m, 1), seconds: Number(m[2]) }),
  ],
  [/^(.+?) answered HTTP (5\d\d)$/, (m) => ({ code: 'http', label: g(m, 1), status: Number(m[2]) })],
  [
    /^(.+?) answered HTTP (\d{3})(?: \([^)]*\))?(?: with [^—]+)? — has the portal changed\?$/,
    (m) => ({ code: 'changed_http', label: g(m, 1), status: Number(m[2]) }),
  ],
  [
    /^(.+?): the answer no longer has the expected field\(s\) (.+) — the portal has changed; update the flow$/,
    (m) => ({ code: 'changed_fields', label: g(m, 1), fields: g(m, 2) }),
  ],
  [
    /^cannot read the saved session (.+?): ([A-Z]+)\b/,
    (m) => ({ code: 'session_unreadable', file: g(m, 1), reason: g(m, 2) }),
  ],
  [
    /^the saved session (.+?) is not valid JSON — run: jianlou login (\S+) to replace it$/,
    (m) => ({ code: 'session_bad_json', file: g(m, 1), accountId: g(m, 2) }),
  ],
  [/\bTimeout (\d+)ms exceeded\b/, (m) => ({ code: 'timeout', seconds: Math.ceil(Number(m[1]) / 1000) })],
  [NETWORK, (m) => ({ code: 'network', reason: g(m, 1) })],
];

const g = (m: RegExpMatchArray, i: number): string => m[i] ?? '';

export function detailWords(detail: string): DetailWords {
  for (const [pattern, words] of RULES) {
    const m = detail.match(pattern);
    if (m) return words(m);
  }
  return { code: 'flow', text: detail };
}

/** The detail in Chinese: jianlou's own in its words, the flow's quoted and framed as the flow's. */
export function zhDetail(detail: string): string {
  const w = detailWords(detail);
  switch (w.code) {
    case 'wait':
      return `报名网站要求等一等，${w.until} 之前不发请求`;
    case 'deadline':
      return '检查没有在期限内完成，已放弃等待';
    case 'cancelled':
      return '检查被取消了（超时或正在停止）';
    case 'rate_limited':
      return `报名网站限流（${w.label}），${w.seconds} 秒后再试`;
    case 'http':
      return `报名网站暂时出错（${w.label} 回答 HTTP ${w.status}）`;
    case 'changed_http':
      return `报名网站的回答和以前不一样（${w.label} 回答 HTTP ${w.status}），网站可能改版了`;
    case 'changed_fields':
      return `报名网站的回答里少了字段 ${w.fields}（${w.label}），网站可能改版了：要更新网站流程`;
    case 'timeout':
      return `报名网站 ${w.seconds} 秒内没有回应`;
    case 'network':
      return `连不上报名网站（网络错误 ${w.reason}）`;
    case 'session_unreadable':
      return `读不了保存的登录状态 ${w.file}（系统代码 ${w.reason}）`;
    case 'session_bad_json':
      return `保存的登录状态 ${w.file} 不是有效的 JSON — 运行：jianlou login ${w.accountId}`;
    case 'flow':
      return `网站流程的原话：${w.text}`;
  }
}

/** The detail in English: jianlou's own as it is, the flow's framed as the flow's. */
export function enDetail(detail: string): string {
  const w = detailWords(detail);
  return w.code === 'flow' ? `What the portal flow said: ${w.text}` : detail;
}
