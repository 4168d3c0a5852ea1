/**
 * Every sentence `jianlou login` shows a person, one table per locale, so that each event is said once,
 * in the configured `locale`. Kept apart from the logic so it can move into a shared catalogue later.
 */
import type { Locale } from './locale.js';

export type LoginLocale = Locale;

export interface LoginText {
  /** A wait, as a person reads it: seconds under two minutes, otherwise minutes (and seconds). */
  duration(ms: number): string;
  opened(account: string, url: string): string;
  waiting(account: string, duration: string): string;
  /** The countdown line while waiting, rewritten in place on a terminal. */
  countdown(remaining: string): string;
  loginPageFailed(reason: string, url: string): string;
  scripting(account: string, baseUrl: string): string;
  importing(account: string): string;
  saved(account: string, path: string): string;
  /** The page shown in the browser for a moment after the login is seen. */
  successTitle: string;
  successBody(account: string): string;
  // Errors (the CLI prints them after "jianlou: ").
  windowClosed(account: string): string;
  timedOut(account: string, duration: string): string;
  /** Ctrl-C / SIGTERM while the person was logging in. */
  stopped(account: string): string;
  notLoggedIn(what: 'window' | 'scripted' | 'import', account: string, baseUrl: string): string;
  noDisplay(account: string, path: string, baseUrl: string): string;
  noScriptedLogin(flow: string, account: string): string;
  noCredentials(account: string): string;
  importNeedsSource: string;
  // r3b-phone-demo (issue 29 item 11): the "logged in" page counts down before the window closes.
  successClosing(seconds: number): string;
}

function splitDuration(ms: number): { minutes: number; seconds: number; total: number } {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return { minutes: Math.floor(total / 60), seconds: total % 60, total };
}

export const zh: LoginText = {
  duration(ms) {
    const { minutes, seconds, total } = splitDuration(ms);
    if (total < 120) return `${total} 秒`;
    return seconds === 0 ? `${minutes} 分钟` : `${minutes} 分 ${seconds} 秒`;
  },
  opened: (account, url) => `已打开浏览器：请在窗口里登录账号 ${account}（${url}）。`,
  waiting: (_account, duration) =>
    `登录完成后这里会自动保存，无需关闭窗口；也可以在新标签页里登录。最多等待 ${duration}。`,
  countdown: (remaining) => `等待登录…还剩 ${remaining}`,
  loginPageFailed: (reason, url) => `登录页没有打开（${reason}），请在浏览器里手动打开 ${url}`,
  scripting: (account, baseUrl) => `正在为账号 ${account} 自动登录 ${baseUrl} …`,
  importing: (account) => `正在检查导入的登录状态（账号 ${account}）…`,
  saved: (account, path) => `已保存账号 ${account} 的登录状态：${path}（仅你本人可读）`,
  successTitle: '登录成功',
  successBody: (account) => `已保存账号 ${account} 的登录状态，窗口马上会自动关闭。`,
  windowClosed: (account) =>
    `浏览器窗口在账号 ${account} 登录完成前被关闭了，未保存任何内容。请重新运行：jianlou login ${account}`,
  timedOut: (account, duration) =>
    `账号 ${account} 在 ${duration}内没有完成登录，未保存任何内容。请重新运行：jianlou login ${account}（可用 --timeout 秒数 延长等待）`,
  stopped: (account) =>
    `账号 ${account} 的登录在完成前被中止（收到停止信号），未保存任何内容。请重新运行：jianlou login ${account}`,
  notLoggedIn: (what, account, baseUrl) =>
    `${{ window: '浏览器里的会话', scripted: '自动登录后的会话', import: '导入的登录状态' }[what]}（账号 ${account}）在 ${baseUrl} 没有登录，未保存任何内容。请运行：jianlou login ${account}`,
  noDisplay: (account, path, baseUrl) =>
    [
      `无法为账号 ${account} 打开浏览器窗口：这台机器没有显示器（DISPLAY / WAYLAND_DISPLAY 未设置）。`,
      `可以在有屏幕的电脑上登录（运行：jianlou login ${account}），再把 ${path} 复制到这里的同一路径；`,
      `或者在任意浏览器里登录 ${baseUrl}，从开发者工具（Network → 任一请求 → Cookie）复制 Cookie 请求头到一个文件，`,
      `网站把登录存在 localStorage 里时，把令牌写成 {"localStorage":{"键名":"令牌"}}（开发者工具 → Application → Local Storage），`,
      `然后运行：jianlou login ${account} --import FILE`,
    ].join('\n'),
  noScriptedLogin: (flow, account) =>
    `流程 "${flow}" 不支持自动登录。请运行：jianlou login ${account}，在浏览器窗口里登录`,
  noCredentials: (account) =>
    `账号 ${account} 在配置里没有 credentials（accounts[].credentials），无法自动登录`,
  importNeedsSource:
    '导入需要一个文件（storage-state JSON、Cookie 请求头或 {"localStorage":{…}}）：jianlou login <账号> --import FILE',
  // r3b-phone-demo (issue 29 item 11)
  successClosing: (seconds) =>
    seconds > 0 ? `窗口 ${seconds} 秒后关闭，也可以现在关闭。` : '窗口正在关闭。',
};

export const en: LoginText = {
  duration(ms) {
    const { minutes, seconds, total } = splitDuration(ms);
    if (total < 120) return total === 1 ? '1 second' : `${total} seconds`;
    return seconds === 0 ? `${minutes} minutes` : `${minutes} min ${seconds} s`;
  },
  opened: (account, url) => `Browser opened: log in to account "${account}" in the window (${url}).`,
  waiting: (_account, duration) =>
    `jianlou saves the session by itself once you are logged in (no need to close the window; another tab works too). Waiting up to ${duration}.`,
  countdown: (remaining) => `Waiting for the login… ${remaining} left`,
  loginPageFailed: (reason, url) =>
    `The login page did not open (${reason}); open ${url} in the browser by hand`,
  scripting: (account, baseUrl) => `Logging in account "${account}" at ${baseUrl} by script…`,
  importing: (account) => `Checking the imported session of account "${account}"…`,
  saved: (account, path) => `Session for account "${account}" saved to ${path} (readable by you only)`,
  successTitle: 'Logged in',
  successBody: (account) => `The session of account "${account}" is saved; this window closes in a moment.`,
  windowClosed: (account) =>
    `the browser window was closed before the login of account "${account}" finished — nothing was saved; run: jianlou login ${account}`,
  timedOut: (account, duration) =>
    `account "${account}" was not logged in within ${duration} — nothing was saved; run: jianlou login ${account} (--timeout SECONDS waits longer)`,
  stopped: (account) =>
    `the login of account "${account}" was stopped (a stop signal) before it finished — nothing was saved; run: jianlou login ${account}`,
  notLoggedIn: (what, account, baseUrl) =>
    `${{ window: 'the session in the browser', scripted: 'the scripted login', import: 'the imported session' }[what]} for account "${account}" is not logged in at ${baseUrl} — nothing was saved; run: jianlou login ${account}`,
  noDisplay: (account, path, baseUrl) =>
    [
      `cannot open a browser window for account "${account}": this machine has no display (DISPLAY / WAYLAND_DISPLAY unset).`,
      `Either log in on a machine with a screen (run: jianlou login ${account}) and copy ${path} to the same path here,`,
      `or log in to ${baseUrl} in any browser, copy the Cookie header from its dev tools (Network → a request → Cookie) into a file`,
      `(a site that keeps its login in localStorage: write the token as {"localStorage":{"KEY":"TOKEN"}}, from Application → Local Storage),`,
      `and run: jianlou login ${account} --import FILE`,
    ].join('\n'),
  noScriptedLogin: (flow, account) =>
    `flow "${flow}" has no scripted login — run: jianlou login ${account} and log in in the browser window`,
  noCredentials: (account) =>
    `account "${account}" has no credentials in the config (accounts[].credentials) for a scripted login`,
  importNeedsSource:
    'import needs a file (storage-state JSON, a Cookie header or {"localStorage":{…}}): jianlou login <account> --import FILE',
  // r3b-phone-demo (issue 29 item 11)
  successClosing: (seconds) =>
    seconds > 0
      ? `This window closes in ${seconds} second${seconds === 1 ? '' : 's'}, or close it now.`
      : 'This window is closing.',
};

export function loginText(locale: LoginLocale = 'zh'): LoginText {
  return locale === 'en' ? en : zh;
}
