/**
 * `jianlou doctor`'s lines in the config's language (issue 29 item 12): each check's name as a person
 * reads it, its detail, the next step and the summary. Paths, URLs, config keys, commands and the
 * channels' own answers stay as they are. English: src/i18n/doctor-cli-en.ts.
 */
import { type ChannelWords, zhChannelWords } from './status-cli-channels.js';

/** One way to install something: on which system, whether as root, and the command. */
export interface InstallStep {
  system: string;
  asRoot?: boolean;
  command: string;
}

/** Why no browser was found: JIANLOU_CHROMIUM names no executable, none anywhere, or another error. */
export type BrowserMissing =
  | { code: 'env_not_executable'; path: string; message: string }
  | { code: 'none_found'; message: string }
  | { code: 'other'; message: string };

/** Why no Chinese font was found (src/browser/fonts.ts): no fontconfig, none listed, or another error. */
export interface FontMissing {
  code: 'no_fontconfig' | 'none_listed' | 'other';
  /** The probe's own (English) words. */
  reason: string;
}

export interface DoctorCliMessages {
  /** Between a check's name and its detail. */
  sep: string;
  names: {
    browser: string;
    font: string;
    config: string;
    chromiumLanguage: string;
    portal: string;
    flow: string;
    store: string;
    session(accountId: string): string;
    approval: string;
    notify: string;
    channel(id: string): string;
  };
  /** A channel's name, endpoint and config place (src/i18n/status-cli-channels.ts). */
  channels: ChannelWords;
  browserFound(path: string, source: string): string;
  browserMissing(reason: BrowserMissing): string;
  browserMissingNext: string;
  /** `systemOwn`: macOS and Windows come with one (`family` then says so in English). */
  fontFound(family: string, systemOwn: boolean): string;
  fontMissing(reason: FontMissing): string;
  /** The ways to install it, on one line. */
  installSteps(steps: readonly InstallStep[]): string;
  /** `systemOwn`: a macOS or Windows build, which carries every language (`file` then says so in English). */
  chromiumPresent(file: string, systemOwn: boolean): string;
  chromiumMissing(file: string, dir: string, locale: string): string;
  configValid(file: string): string;
  portalPlaceholder(url: string): string;
  portalPlaceholderNext(file: string): string;
  flowFound(name: string, flow: string): string;
  fixOptions: string;
  fixFlow: string;
  fixStore: string;
  /** A flow that did not load, or a store that did not open, for a reason with no words of its own. */
  flowFailed(detail: string): string;
  storeFailed(detail: string): string;
  loggedIn(url: string): string;
  /**
   * The portal logged the account out; `detail` is the error's own (English) words when there was one,
   * `missingFile` the saved session's path when there is none.
   */
  expired(detail?: string, missingFile?: string): string;
  login(accountId: string): string;
  unreachable(url: string, detail: string): string;
  unreachableNext: string;
  /** A session check that failed otherwise: the error's own (English) words. */
  sessionFailed(detail: string): string;
  debugNext: string;
  noApproval: string;
  noApprovalNext: string;
  publicLoopback(url: string): string;
  publicLoopbackNext: string;
  listenLoopback(listen: string, url: string): string;
  listenLoopbackNext(port: number): string;
  approvalOk(url: string, listen: string): string;
  noChannel: string;
  noChannelNext: string;
  broken(what: string, since: string, errcode: number | null, pending: number): string;
  brokenNext(fix: string): string;
  configured(what: string): string;
  configuredNext: string;
  sent(what: string, answer: string, brokenPending?: number): string;
  /** `answer`: the errcode and the channel's own words; `advice`: jianlou's (English) reading of it, if any. */
  refused(what: string, answer: string, advice: string | null): string;
  refusedNext(fix: string): string;
  /** What a person can do about a WeCom robot's refusal, by errcode. */
  wecomAdvice: Readonly<Record<number, string>>;
  allPassed(warnings: number): string;
  failed(count: number): string;
}

/** Where the browser was found (src/browser/resolve.ts's `source`). */
const SOURCE_ZH: Readonly<Record<string, string>> = {
  env: 'JIANLOU_CHROMIUM 指定的',
  system: '系统里装的',
  playwright: 'Playwright 下载的',
};

const BROWSER_MISSING_ZH = (reason: BrowserMissing): string => {
  switch (reason.code) {
    case 'env_not_executable':
      return `JIANLOU_CHROMIUM 指向的 ${reason.path} 不是能运行的浏览器：改成 Chromium 或 Chrome 的路径，或者去掉这个环境变量`;
    case 'none_found':
      return 'JIANLOU_CHROMIUM、PATH、常见的安装位置和 Playwright 的下载里都没有';
    case 'other':
      return `技术细节：${reason.message}`;
  }
};

const FONT_MISSING_ZH: Partial<Record<FontMissing['code'], string>> = {
  no_fontconfig: '没有 fontconfig（找不到 fc-list）',
  none_listed: 'fontconfig 里找不到中文字体',
};

export const zhDoctorCli: DoctorCliMessages = {
  sep: '：',
  names: {
    browser: '浏览器',
    font: '中文字体',
    config: '配置文件',
    chromiumLanguage: 'Chromium 的语言',
    portal: '报名网站',
    flow: '报名网站的操作流程',
    store: '数据存储',
    session: (id) => `账号 ${id} 的登录`,
    approval: '批准链接',
    notify: '提醒',
    channel: (id) => `提醒渠道 ${id}`,
  },
  channels: zhChannelWords,
  browserFound: (path, source) => `${path}（${SOURCE_ZH[source] ?? source}）`,
  browserMissing: (reason) =>
    `没有 Chromium（${BROWSER_MISSING_ZH(reason)}）。只用 ctx.request 的流程（演示流程）不用浏览器也能检查、保留和批准；` +
    '在窗口里运行 jianlou login、手机登录和要读网页的流程需要它',
  browserMissingNext: 'npm run browser:setup（没有浏览器的机器上用 jianlou login --import）',
  fontFound: (family, systemOwn) => (systemOwn ? '系统自带的' : family),
  fontMissing: (reason) =>
    `没有中文字体（${FONT_MISSING_ZH[reason.code] ?? `技术细节：${reason.reason}`}）：报名网站的页面和手机登录画面上的中文会显示成方框`,
  installSteps: (steps) =>
    `安装（任选一种系统）：${steps.map((s) => `${s.system}${s.asRoot ? '（用 root 运行）' : ''}：${s.command}`).join('；')}`,
  chromiumPresent: (file, systemOwn) => (systemOwn ? 'Chromium 自带所有语言' : `Chromium 有 ${file}`),
  chromiumMissing: (file, dir, locale) =>
    `Chromium 在 ${dir} 里没有 ${file}：locale: ${locale} 时，登录窗口和手机登录画面里 Chromium 自己的提示` +
    '（“请填写此字段。”、出错页）仍是英文',
  configValid: (file) => `${file} 没有问题`,
  portalPlaceholder: (url) => `portal.baseUrl 还是 jianlou init 写的占位地址 ${url}`,
  portalPlaceholderNext: (file) => `在 ${file} 里填上报名网站的地址，再运行：jianlou doctor`,
  flowFound: (name, flow) => `${name}（portal.flow: ${flow}）`,
  fixOptions: '改好配置里的 portal.options',
  fixFlow: '改好配置里的 portal.flow',
  fixStore: '改好配置里的 store:',
  flowFailed: (detail) => `流程加载不了（技术细节：${detail}）`,
  storeFailed: (detail) => `数据存储打不开（技术细节：${detail}）`,
  loggedIn: (url) => `已登录 ${url}`,
  expired: (_detail, missingFile) =>
    missingFile ? `还没有保存的登录（${missingFile} 不存在）` : '登录已过期（报名网站让这个账号退出了）',
  login: (id) => `运行：jianlou login ${id}`,
  unreachable: (url, detail) => `连不上报名网站 ${url}（技术细节：${detail}）`,
  unreachableNext: '检查 portal.baseUrl 和网络，再运行：jianlou doctor',
  sessionFailed: (detail) => `检查登录时出错（技术细节：${detail}）`,
  debugNext: '加上 JIANLOU_DEBUG=1 再运行，看详细原因',
  noApproval: '没有 approval 一节：提醒里没有保留/放弃的链接，也不会保留名额',
  noApprovalNext: '要保留名额，加上 approval: { listen, publicUrl, secret }',
  publicLoopback: (url) => `approval.publicUrl ${url} 指向这台机器：手机上打开的链接到不了它`,
  publicLoopbackNext: '把 approval.publicUrl 设成手机能到的地址（局域网地址，或者 HTTPS 反向代理）',
  listenLoopback: (listen, url) =>
    `approval.listen ${listen} 只接受这台机器的连接，但链接指向 ${url}：手机到不了它`,
  listenLoopbackNext: (port) =>
    `改成监听 0.0.0.0:${port}（或者局域网地址），或者在这台机器上放一个反向代理在它前面`,
  approvalOk: (url, listen) => `链接指向 ${url}，服务器监听 ${listen}`,
  noChannel: '没有配置提醒渠道：提醒只写进日志，家长收不到',
  noChannelNext:
    '在 notify.channels 下加一个渠道（wecom、dingtalk、feishu、pushplus、serverchan、bark、email；见 docs/channels.md），密钥放在环境变量里，比如 WECOM_WEBHOOK',
  broken: (what, since, errcode, pending) =>
    `${what} 从 ${since} 起发不出去` +
    (errcode !== null ? `（errcode ${errcode}）` : '') +
    `；${pending} 条提醒在等着发`,
  brokenNext: (fix) => `改好 ${fix}，再运行：jianlou doctor --send`,
  configured: (what) => `${what} 已配置（还没试过）`,
  configuredNext: '运行 jianlou doctor --send 发一条测试消息',
  // The endpoint is followed by a space: the secret scrubber reads a URL parameter up to one.
  sent: (what, answer, pending) =>
    `${what} 收下了测试消息：errcode 0（${answer}）` +
    (pending !== undefined ? `；已恢复，等着的 ${pending} 条提醒下次运行时发出` : ''),
  // jianlou's English reading of the answer is left out: the next step says where to fix it.
  refused: (what, answer) => `${what} 没收下测试消息（回复原文：${answer}）`,
  refusedNext: (fix) => `按回复改好 ${fix}，再运行：jianlou doctor --send`,
  wecomAdvice: {
    93000:
      '机器人的 key 不对，或者机器人已被移出群：从群机器人设置里重新复制 webhook 地址，填到 notify.wecom.webhook',
    93004: '机器人被停用了：在群机器人设置里启用它',
    45009: '一分钟超过 20 条消息：等一分钟再试',
  },
  allPassed: (warnings) => `必需的检查都通过了${warnings ? `（${warnings} 个提醒）` : ''}`,
  failed: (count) => `${count} 项检查没通过`,
};
