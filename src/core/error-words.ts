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
  | { code: 'import_unrecognised'; file?: string };

/** One problem of a config file, as data (the config loader's issues carry it where it knows one). */
export type IssueWords =
  | { code: 'env_unset'; name: string }
  | { code: 'required' }
  | { code: 'unknown_keys'; keys: readonly string[] }
  | { code: 'unknown_account'; id: string; known: readonly string[] }
  | { code: 'unknown_child'; id: string; known: readonly string[] }
  | { code: 'not_mapping' };
