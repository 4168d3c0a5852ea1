import type { ErrorWords, IssueWords } from '../core/error-words.js';
import { zhConfigIssue } from './config-issues-zh.js';
import { enImportWords, zhImportWords } from './import-words.js';

/**
 * Operator errors in the config's language: what the CLI prints on stderr after "jianlou: ". Paths,
 * ids, config keys and commands stay as they are. English is what the errors' own messages say.
 */
export interface ErrorCliMessages {
  say(w: ErrorWords): string;
  /** The first line of a config that failed validation. */
  configInvalid(file: string): string;
  /** `message`: the issue's own English sentence (what English says for the words of src/config's rules). */
  issue(w: IssueWords, message: string): string;
  /** Where a YAML syntax error is (its path is "line N"). */
  line(n: number): string;
  /** The place of a problem at the top level of the file (no key path). */
  root: string;
  /** A problem whose words we do not have: the validator's own (English) sentence. */
  issueAsIs(message: string): string;
  /** Another process holds the store lock: this check is skipped. */
  checkLocked(pid: number | undefined): string;
  unexpected(message: string): string;
}

const list = (items: readonly string[], sep: string) => items.join(sep);

export const zhErrorsCli: ErrorCliMessages = {
  say: (w) => {
    switch (w.code) {
      case 'config_missing':
        return `找不到配置文件 ${w.path}：把 examples/jianlou.yaml 复制成 ${w.given} 再改，或者用 --config FILE 指定`;
      case 'config_unreadable':
        return `读不了配置文件 ${w.path}（${w.reason}）`;
      case 'no_account':
        return `${w.file} 里没有账号 "${w.accountId}"（已有的账号：${list(w.known, '、') || '无'}）：在 accounts 下加上它，或者换一个账号`;
      case 'no_approval':
        return w.need === 'status_link'
          ? `${w.file} 里没有 approval 一节：状态页由批准服务器提供 — 加上 approval: { listen, publicUrl, secret }，再运行 jianlou watch`
          : `--remote 需要 ${w.file} 里的 approval 一节（listen、publicUrl、secret）：手机通过它打开登录页`;
      case 'store_in_use':
        return `另一个 jianlou 进程（进程 ${w.pid ?? '?'}）已经在用数据 ${w.store}：先停掉它（一份数据只能有一个 jianlou watch）`;
      case 'import_unrecognised':
        return w.file
          ? `${w.file} 里既不是登录状态 JSON，也不是 Cookie 请求头`
          : '要导入的登录状态既不是已有的文件，也不是 Cookie 请求头 — 给一个登录状态 JSON 文件、一行像 "a=1; b=2" 的请求头，或者 {"localStorage":{"键名":"令牌"}}';
      default:
        return zhImportWords(w);
    }
  },
  configInvalid: (file) => `配置文件 ${file} 有问题：`,
  issue: (w) => {
    switch (w.code) {
      case 'env_unset':
        return `环境变量 ${w.name} 没有设置（export ${w.name}=…，或者放进运行任务的环境里）`;
      case 'required':
        return '必须填写';
      case 'unknown_keys':
        return `不认识的键 ${w.keys.map((k) => `"${k}"`).join('、')}`;
      case 'unknown_account':
        return `没有账号 "${w.id}"（已有：${list(w.known, '、')}）`;
      case 'unknown_child':
        return `没有孩子 "${w.id}"（已有：${list(w.known, '、')}）`;
      case 'not_mapping':
        return '最外层应该是 YAML 映射（键: 值）';
      default:
        return zhConfigIssue(w);
    }
  },
  line: (n) => `第 ${n} 行`,
  issueAsIs: (message) => message,
  root: '（最外层）',
  checkLocked: (pid) => `另一个 jianlou 进程（进程 ${pid ?? '?'}）正在用这份数据检查，这次检查跳过`,
  unexpected: (message) => `意外的错误：${message}`,
};

export const enErrorsCli: ErrorCliMessages = {
  say: (w) => {
    switch (w.code) {
      case 'config_missing':
        return `config file ${w.path} not found: copy examples/jianlou.yaml to ${w.given} and edit it, or pass --config FILE`;
      case 'config_unreadable':
        return `cannot read config file ${w.path} (${w.reason})`;
      case 'no_account':
        return `no account "${w.accountId}" in ${w.file} (accounts: ${list(w.known, ', ')})`;
      case 'no_approval':
        return w.need === 'status_link'
          ? `${w.file} has no approval section: the status page is served by the approval server — add approval: { listen, publicUrl, secret } and run jianlou watch`
          : `--remote needs the approval section (listen, publicUrl, secret) in ${w.file}: the phone opens the login page through it`;
      case 'store_in_use':
        return `another jianlou process (pid ${w.pid ?? '?'}) is already using the store ${w.store}: stop it first (one watcher per store)`;
      case 'import_unrecognised':
        return w.file
          ? `${w.file} holds neither storage-state JSON nor a Cookie header`
          : 'the session to import is neither an existing file nor a Cookie header — give a storage-state JSON file, a header like "a=1; b=2", or {"localStorage":{"KEY":"TOKEN"}}';
      default:
        return enImportWords(w);
    }
  },
  configInvalid: (file) => `config ${file} is invalid:`,
  issue: (w, message) => {
    switch (w.code) {
      case 'env_unset':
        return `environment variable ${w.name} is not set (export ${w.name}=… or put it in the environment of the job)`;
      case 'required':
        return 'required';
      case 'unknown_keys':
        return `unknown key(s) ${w.keys.map((k) => `"${k}"`).join(', ')}`;
      case 'unknown_account':
        return `unknown account "${w.id}" (known: ${list(w.known, ', ')})`;
      case 'unknown_child':
        return `unknown child "${w.id}" (known: ${list(w.known, ', ')})`;
      case 'not_mapping':
        return 'expected a YAML mapping (key: value) at the top level';
      default:
        // The config's rules and the validator's kinds of problem: English is their own sentence, written
        // once beside the rule (src/config) or by the validator.
        return message;
    }
  },
  line: (n) => `line ${n}`,
  issueAsIs: (message) => message,
  root: '(root)',
  checkLocked: (pid) =>
    `another jianlou process (pid ${pid ?? '?'}) is checking with this store; this check is skipped`,
  unexpected: (message) => `unexpected error: ${message}`,
};
