/**
 * How a portal says "logged out" and "unavailable", for both clients of the kit (JSON and HTML):
 * a decision over what an answer showed, without I/O. Real portals say it many ways — a 401, a 500
 * to a request without a session, a redirect to `login.jsp`, `<script>alert('请先登录')</script>`
 * in a 200 page, the login form itself in a 200 page, `{"code":401}`, a 200 page "系统维护中" — and
 * reading any of them as "portal down" or "portal changed" sends the wrong alert (or none): the
 * family must hear "log in again" for a logged-out session and nothing alarming for maintenance.
 */

export type TextPattern = string | RegExp;

/** What a flow states about its portal (every field optional; defaults below). */
export interface PortalSignals {
  loggedOut?: {
    /** Statuses that mean "no session" here (some portals answer 500 or 403). 401 always does. */
    status?: readonly number[];
    /** Texts of the page or answer that mean it (matched anywhere in the text of any answer). */
    text?: readonly TextPattern[];
    /** A redirect whose target matches means it. Default: a target containing `login` (any case). */
    redirect?: readonly TextPattern[];
    /** A CSS selector whose presence in a 200 page means it (HTML reader). Default `input[type=password]`; false: none. */
    loginForm?: string | false;
  };
  unavailable?: {
    /** Statuses that mean "down for now" besides 5xx (e.g. a 200-with-status envelope's codes). */
    status?: readonly number[];
    /** Texts of a 200 page or answer that mean it ("系统维护中", "系统繁忙"), matched anywhere in the text. */
    text?: readonly TextPattern[];
  };
}

/**
 * Phrases that say "log in" wherever a portal shows a message (an alert, the title, a short text
 * error answer): never course data. A flow's own `loggedOut.text` is matched in the whole text.
 */
export const LOGGED_OUT_PHRASES: readonly TextPattern[] = [
  '请先登录',
  '请登录',
  '请重新登录',
  '未登录',
  '没有登录',
  '登录超时',
  '登录已过期',
  '登录失效',
  '会话已过期',
  '会话超时',
  /not (?:logged|signed) in/i,
  /please (?:log|sign) ?in/i,
  /login required/i,
  /session (?:has )?(?:expired|timed? ?out)/i,
  /unauthenticated/i,
];

/** Phrases that say "down for maintenance / busy", in an alert, the title or a short text answer. */
export const UNAVAILABLE_PHRASES: readonly TextPattern[] = [
  '系统维护',
  '维护中',
  '系统繁忙',
  '服务器繁忙',
  '系统升级',
  /under maintenance/i,
  /temporarily unavailable/i,
  /system (?:is )?busy/i,
];

/** The default redirect target of a logged-out request. */
export const LOGIN_REDIRECT: readonly TextPattern[] = [/login/i];

/** The part of `text` the first matching pattern matched, or undefined when none does. */
export function matches(text: string, patterns: readonly TextPattern[]): string | undefined {
  for (const p of patterns) {
    if (typeof p === 'string') {
      if (p && text.includes(p)) return p;
    } else {
      const found = new RegExp(p.source, p.flags.replace('g', '')).exec(text);
      if (found) return found[0];
    }
  }
  return undefined;
}

/** What one answer showed, as far as the signals go. */
export interface AnswerFacts {
  status: number;
  /** The Location of a 3xx, or where an inline script sends the page. */
  redirectTo?: string;
  /** The whole text (page text, or the answer's body). */
  text?: string;
  /** Short messages: alerts, the title, a short text error answer. */
  messages?: readonly string[];
  /** Whether the stated (or default) login-form selector matched (HTML pages only). */
  loginForm?: boolean;
}

export type Verdict =
  | { kind: 'logged_out'; why: string }
  | { kind: 'rate_limited' }
  | { kind: 'unavailable'; why: string }
  | undefined;

function describe(found: string): string {
  return `"${found.slice(0, 60)}"`;
}

/**
 * The verdict on one answer: logged out, rate limited, unavailable, or none (the flow reads it).
 * Order: a "logged out" status, 429, other statuses, "logged out" texts, a redirect to the login,
 * "unavailable" texts (a login page that also mentions maintenance still wants a login), then a
 * login form in the page.
 */
export function judgeAnswer(facts: AnswerFacts, signals: PortalSignals = {}): Verdict {
  const out = signals.loggedOut ?? {};
  const down = signals.unavailable ?? {};
  const { status } = facts;
  if (status === 401 || out.status?.includes(status)) {
    return { kind: 'logged_out', why: `answered HTTP ${status}` };
  }
  if (status === 429) return { kind: 'rate_limited' };
  if (status >= 500 || down.status?.includes(status))
    return { kind: 'unavailable', why: `answered HTTP ${status}` };
  const messages = (facts.messages ?? []).join('\n');
  const text = facts.text ?? '';
  const loggedOutText =
    matches(messages, LOGGED_OUT_PHRASES) ??
    matches(messages, out.text ?? []) ??
    matches(text, out.text ?? []);
  if (loggedOutText) return { kind: 'logged_out', why: `says ${describe(loggedOutText)}` };
  if (facts.redirectTo !== undefined) {
    const hit = matches(facts.redirectTo, out.redirect ?? LOGIN_REDIRECT);
    if (hit) return { kind: 'logged_out', why: `sent to ${facts.redirectTo.split('?', 1)[0]}` };
  }
  const downText = matches(messages, UNAVAILABLE_PHRASES) ?? matches(`${messages}\n${text}`, down.text ?? []);
  if (downText) return { kind: 'unavailable', why: `says ${describe(downText)}` };
  if (facts.loginForm) return { kind: 'logged_out', why: 'shows the login form' };
  return undefined;
}
