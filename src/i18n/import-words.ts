import type { ErrorWords } from '../core/error-words.js';

/**
 * r4-surges-import: the rarer errors of `login --import` and of a saved session, in each language.
 * Paths, field names and commands stay as they are; a cookie value or token is never part of them.
 */
type ImportWords = Exclude<
  ErrorWords,
  {
    code:
      | 'config_missing'
      | 'config_unreadable'
      | 'no_account'
      | 'no_approval'
      | 'store_in_use'
      | 'import_unrecognised';
  }
>;

/** "没有读取权限", "系统代码 ENOTDIR": why a file cannot be read. */
const zhErrno = (errno: string | undefined) =>
  errno === 'EACCES' || errno === 'EPERM' ? '没有读取权限' : `系统代码 ${errno ?? '未知'}`;
const enErrno = (errno: string | undefined) =>
  errno === 'EACCES' || errno === 'EPERM' ? 'no permission to read it' : `system code ${errno ?? 'unknown'}`;

const zhWhere = (file: string | undefined) => (file ? `${file} 里的登录状态` : '给的登录状态');
const enWhere = (file: string | undefined) => file ?? 'the given session';

export function zhImportWords(w: ImportWords): string {
  switch (w.code) {
    case 'import_unreadable':
      return `读不了 ${w.file}（${zhErrno(w.errno)}）：给一个能读的登录状态文件`;
    case 'import_bad_json':
      return `${zhWhere(w.file)}以 { 开头，却不是完整的 JSON：重新复制一次，别漏了结尾`;
    case 'import_no_cookies':
      return 'Cookie 请求头里一个 Cookie 也没有（应该像 "名称=值; 名称=值"）';
    case 'import_no_entry':
      return `${zhWhere(w.file)}的 "localStorage" 是空的：至少要有一个 "键名": "令牌"`;
    case 'import_local_storage_shape':
      return `${zhWhere(w.file)}格式不对（问题在 ${w.fields}）：应该像 { "localStorage": { "键名": "令牌" }, "origin"?: "https://…" }`;
    case 'state_not_playwright':
      return w.saved
        ? `保存的登录状态 ${w.file} 不是 Playwright 登录状态文件（问题在 ${w.fields}）：重新登录一次来替换它`
        : `${zhWhere(w.file)}不是 Playwright 登录状态文件（问题在 ${w.fields}）：应该像 { "cookies": [...], "origins": [...] }`;
    case 'session_unreadable':
      return `读不了账号 ${w.accountId} 保存的登录状态 ${w.file}（${zhErrno(w.errno)}）— 运行：jianlou login ${w.accountId}`;
    case 'session_bad_json':
      return `账号 ${w.accountId} 保存的登录状态 ${w.file} 不是有效的 JSON — 运行：jianlou login ${w.accountId} 来替换它`;
    case 'login_flags':
      return w.combo === 'import_scripted'
        ? '--import 和 --scripted 只能选一个'
        : '--remote 不能和 --import 或 --scripted 一起用';
    case 'scripted_no_credentials':
      return `--scripted 需要 ${w.file} 里的 accounts.${w.index}.credentials（username、password）`;
  }
}

export function enImportWords(w: ImportWords): string {
  switch (w.code) {
    case 'import_unreadable':
      return `cannot read ${w.file} (${enErrno(w.errno)}): give a session file that can be read`;
    case 'import_bad_json':
      return `${enWhere(w.file)} looks like JSON but does not parse: copy it again, end included`;
    case 'import_no_cookies':
      return 'the Cookie header holds no cookies (expected "name=value; …")';
    case 'import_no_entry':
      return `${enWhere(w.file)}: "localStorage" holds no entry (give at least one "KEY": "TOKEN")`;
    case 'import_local_storage_shape':
      return `${enWhere(w.file)}: expected { "localStorage": { "KEY": "VALUE" }, "origin"?: "https://…" } (problem at ${w.fields})`;
    case 'state_not_playwright':
      return w.saved
        ? `the saved session ${w.file} is not a Playwright storage-state file (problem at ${w.fields}); log in again to replace it`
        : `${enWhere(w.file)} is not a Playwright storage-state file (problem at ${w.fields}); expected { "cookies": [...], "origins": [...] }`;
    case 'session_unreadable':
      return `cannot read the saved session ${w.file} of account "${w.accountId}" (${enErrno(w.errno)}) — run: jianlou login ${w.accountId}`;
    case 'session_bad_json':
      return `the saved session ${w.file} is not valid JSON — run: jianlou login ${w.accountId} to replace it`;
    case 'login_flags':
      return w.combo === 'import_scripted'
        ? 'use either --import FILE or --scripted, not both'
        : '--remote cannot be combined with --import or --scripted';
    case 'scripted_no_credentials':
      return `--scripted needs accounts.${w.index}.credentials (username, password) in ${w.file}`;
  }
}
