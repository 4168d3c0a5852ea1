/**
 * An operator error as data, so the CLI can say it in the config's language (src/i18n/errors-cli.ts).
 * The error's own message stays English: it is what logs and developers read.
 */
export type ErrorWords =
  | { code: 'config_missing'; path: string; given: string }
  | { code: 'config_unreadable'; path: string; reason: string }
  | { code: 'no_account'; accountId: string; file: string; known: readonly string[] }
  | { code: 'no_approval'; file: string; need: 'status_link' | 'remote_login' }
  | { code: 'store_in_use'; pid: number | undefined; store: string }
  /** `login --import X`: X is neither a file nor a Cookie header (inline, not echoed), or a file of neither. */
  | { code: 'import_unrecognised'; file?: string }
  // r4-surges-import: the rarer `login --import` and saved-session errors (no value ever echoed).
  /** The file to import exists but cannot be read (`errno`: ENOTDIR, EACCES, …). */
  | { code: 'import_unreadable'; file: string; errno?: string }
  /** Starts with `{` but is not JSON (`file` absent: given inline). */
  | { code: 'import_bad_json'; file?: string }
  /** A Cookie header (the `cookie` of a localStorage import) with no `name=value` in it. */
  | { code: 'import_no_cookies' }
  /** `{ "localStorage": {} }`: nothing to import. */
  | { code: 'import_no_entry'; file?: string }
  /** `{ "localStorage": … }` of the wrong shape; `fields` names where, never a value. */
  | { code: 'import_local_storage_shape'; file?: string; fields: string }
  /** JSON that is not Playwright storage state: an import (`saved` false) or the saved session. */
  | { code: 'state_not_playwright'; file?: string; saved: boolean; fields: string }
  /** The saved session file cannot be read. */
  | { code: 'session_unreadable'; file: string; accountId: string; errno?: string }
  /** The saved session file is not JSON. */
  | { code: 'session_bad_json'; file: string; accountId: string }
  /** `login` flags that do not go together. */
  | { code: 'login_flags'; combo: 'import_scripted' | 'remote' }
  /** `login --scripted` for an account without credentials. */
  | { code: 'scripted_no_credentials'; file: string; index: number };

/** One problem of a config file, as data (the config loader's issues carry it where it knows one). */
export type IssueWords =
  | { code: 'env_unset'; name: string }
  | { code: 'required' }
  | { code: 'unknown_keys'; keys: readonly string[] }
  | { code: 'unknown_account'; id: string; known: readonly string[] }
  | { code: 'unknown_child'; id: string; known: readonly string[] }
  | { code: 'not_mapping' };
