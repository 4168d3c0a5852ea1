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
  | { code: 'not_mapping' }
  /** The YAML itself does not parse: the parser's own code (BAD_INDENT, …) at a line and column. */
  | { code: 'yaml_syntax'; problem: string; line?: number; column?: number }
  // The validator's own kinds of problem, said generally (src/config/zod-issues.ts):
  /** zod's names of what it expected: string, number, int, boolean, array, object, … */
  | { code: 'wrong_type'; expected: readonly string[] }
  | {
      code: 'too_small' | 'too_big';
      of: 'number' | 'string' | 'array' | 'other';
      limit: number;
      inclusive: boolean;
    }
  | { code: 'not_one_of'; values: readonly string[] }
  /** zod's format name: url, email, regex, … */
  | { code: 'bad_format'; format: string }
  | { code: 'invalid' }
  | ConfigRuleWords;

/**
 * The config's own rules (src/config): each sentence its schema or loader states, as data. The English
 * is the issue's message, written beside its rule; src/i18n says these words in the config's language.
 */
export type ConfigRuleWords =
  | {
      code:
        | 'id_chars'
        | 'hhmm'
        | 'timezone'
        | 'store_uri'
        | 'base_url'
        | 'device'
        | 'no_accounts'
        | 'no_children'
        | 'no_targets'
        | 'no_courses'
        | 'requests_floor'
        | 'requests_ceiling'
        | 'wecom_url'
        | 'webhook_no_key'
        | 'mobile'
        | 'secret_short'
        | 'channel_type'
        | 'dingtalk_no_token'
        | 'dingtalk_secret'
        | 'feishu_hook'
        | 'feishu_secret'
        | 'pushplus_token'
        | 'serverchan_sendkey'
        | 'bark_device_key'
        | 'smtp_url'
        | 'email_from'
        | 'email_address'
        | 'no_recipients'
        | 'no_kinds'
        | 'surge_every_floor'
        | 'surge_both'
        | 'surge_neither'
        | 'surge_time_missing'
        | 'surge_offset'
        | 'surge_too_long'
        | 'surge_cron_missing'
        | 'surge_duration_missing'
        | 'proxy_address'
        | 'proxy_hops'
        | 'no_proxies'
        | 'cron_too_often'
        | 'autohold_needs_approval';
    }
  /** A URL of the wrong shape; `http: true` when it parsed but is not http(s). */
  | { code: 'url_like'; example: string; http: boolean }
  | { code: 'learn_no_room'; perHour: number }
  | { code: 'channel_id_twice'; id: string }
  | { code: 'channel_id_taken'; id: string; section: string }
  | { code: 'surge_time_bad'; text: string }
  | { code: 'surge_order'; from: string }
  | { code: 'listen_format'; text: string }
  | { code: 'listen_port'; port: number }
  /** `defaulted`: the id is the default <child>-<first course> of a target without one. */
  | { code: 'duplicate_id'; id: string; defaulted: boolean }
  | { code: 'student_id_needed'; account: string; children: number }
  | { code: 'cron_invalid'; cron: string; why: CronProblem };

/** What is wrong with a cron, as src/core/cron-fields.ts says it (`field` is its English field name). */
export type CronProblem =
  | { kind: 'fields'; count: number; seconds: boolean }
  | { kind: 'not_a_value'; field: string; part: string; names?: string }
  | { kind: 'step'; field: string }
  | { kind: 'outside'; field: string; part: string; min: number; max: number }
  | { kind: 'backwards'; field: string; part: string }
  | { kind: 'never' }
  | { kind: 'other' };
