import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { checkCronText } from '../core/cron-fields.js';
import { BadInputError, ConfigError } from '../core/errors.js';
import { type InterpolationIssue, interpolateEnv } from './interpolate.js';
import type { ListenAddress } from './listen.js';
import { channelSecrets } from './notify-channels.js';
import { type Policy, type PolicyTarget, resolvePolicy } from './policy.js';
import { type AccountConfig, type Config, configSchema, DEFAULT_CRON, type TargetConfig } from './schema.js';
import { resolveStore, type StoreSettings } from './store.js';

/** An account with its saved-session path resolved against the config file. */
export type ResolvedAccount = AccountConfig & { storageState: string };

export interface ApprovalSettings {
  listen: ListenAddress;
  /** Without a trailing slash. */
  publicUrl: string;
  secret: string;
  /** Behind a reverse proxy: whose X-Forwarded-For to believe (false: none). */
  trustProxy: boolean | number | string[];
}

/**
 * The config as validated once at the edge: every default applied, every path resolved, the store,
 * the listen address and the policy parsed. Code below takes the slice it needs (`Pick<…>`).
 */
export interface LoadedConfig extends Omit<Config, 'targets' | 'store' | 'accounts' | 'approval' | 'policy'> {
  store: StoreSettings;
  accounts: ResolvedAccount[];
  targets: TargetConfig[];
  approval?: ApprovalSettings;
  /** What decide() and the hold sweep take (dryRun false; a dry-run check sets it). */
  policy: Policy;
  /** Absolute path of the file read. */
  file: string;
  /** Directory relative paths in the file are resolved against. */
  dir: string;
  /** Values that must never be logged (webhook URLs, passwords, the approval secret). */
  secrets: string[];
}

export const DEFAULT_CONFIG_FILE = 'jianlou.yaml';

/** Reads, interpolates and validates a config file. Throws ConfigError listing every problem by path. */
export function loadConfig(file: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new BadInputError(
      code === 'ENOENT'
        ? `config file ${path} not found: copy examples/jianlou.yaml to ${file} and edit it, or pass --config FILE`
        : `cannot read config file ${path} (${code ?? String(error)})`,
      {
        cause: error,
        words:
          code === 'ENOENT'
            ? { code: 'config_missing', path, given: file }
            : { code: 'config_unreadable', path, reason: code ?? String(error) },
      },
    );
  }
  return parseConfig(text, path, env);
}

export function parseConfig(text: string, path: string, env: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      path,
      doc.errors.map((e) => ({
        path: `line ${e.linePos?.[0]?.line ?? '?'}`,
        message: e.message.split('\n')[0] ?? '',
      })),
    );
  }
  const raw: unknown = doc.toJS();
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new ConfigError(path, [
      {
        path: '',
        message: 'expected a YAML mapping (key: value) at the top level',
        words: { code: 'not_mapping' },
      },
    ]);
  }
  const issues: InterpolationIssue[] = [];
  const interpolated = interpolateEnv(raw, env, issues);
  // reportInput: zod 4 leaves `issue.input` out otherwise, and every wrong type would read "required".
  const parsed = configSchema.safeParse(interpolated, { reportInput: true });
  if (!parsed.success) {
    // A field that still holds "${VAR}" fails its schema too; the missing variable is the real problem.
    const unresolved = new Set(issues.map((i) => i.path));
    issues.push(...zodIssues(parsed.error).filter((i) => !unresolved.has(i.path)));
  }
  // Cross-references are checked even when fields failed, so every problem is reported at once.
  issues.push(...crossCheck(loose(interpolated)));
  if (issues.length > 0) throw new ConfigError(path, dedupe(issues));
  const config = parsed.data as Config;
  const dir = dirname(path);
  const targets = config.targets.map((t) => ({ ...t, id: t.id ?? `${t.child}-${t.courses[0]}` }));
  return {
    ...config,
    store: resolveStore(config.store, dir),
    accounts: config.accounts.map((a) => ({
      ...a,
      storageState: resolveFrom(dir, a.storageState ?? `storage-state/${a.id}.json`),
    })),
    targets,
    policy: resolvePolicy(config.policy, policyTargets(config, targets), config.timezone),
    file: path,
    dir,
    secrets: collectSecrets(config),
  };
}

function policyTargets(config: Config, targets: TargetConfig[]): PolicyTarget[] {
  const children = new Map(config.children.map((c) => [c.id, c]));
  return targets.map((t) => {
    const child = children.get(t.child);
    if (!child) throw new Error(`target ${t.id}: unknown child ${t.child} (config validation missed it)`);
    return {
      id: t.id,
      childId: child.id,
      childName: child.name,
      accountId: child.account,
      courses: t.courses,
      autoHold: t.autoHold,
    };
  });
}

function resolveFrom(dir: string, p: string): string {
  return isAbsolute(p) ? p : resolve(dir, p);
}

function zodIssues(error: z.ZodError): InterpolationIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return {
        path,
        message: `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}`,
        words: { code: 'unknown_keys', keys: issue.keys },
      };
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return { path, message: 'required', words: { code: 'required' } };
    }
    return { path, message: issue.message };
  });
}

interface LooseConfig {
  accounts: { id?: string }[];
  children: { id?: string; account?: string; studentId?: string }[];
  targets: { id?: string; child?: string; autoHold?: boolean; defaultId?: string | undefined }[];
  approval?: unknown;
  schedule: { cron: string; force: boolean };
}

/** A best-effort view of the raw tree for cross checks (fields of the wrong type are ignored). */
function loose(raw: unknown): LooseConfig {
  const obj = (raw ?? {}) as Record<string, unknown>;
  const list = (v: unknown) =>
    (Array.isArray(v) ? v : []).map((item) => {
      const o = (item && typeof item === 'object' ? item : {}) as Record<string, unknown>;
      const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
      const first = Array.isArray(o.courses) && typeof o.courses[0] === 'string' ? o.courses[0] : undefined;
      return {
        id: str('id'),
        account: str('account'),
        studentId: str('studentId'),
        child: str('child'),
        autoHold: o.autoHold === true,
        // A target without an id gets "<child>-<first course>", which may collide with another.
        defaultId: str('child') && first ? `${str('child')}-${first}` : undefined,
      };
    });
  const schedule = (obj.schedule ?? {}) as Record<string, unknown>;
  return {
    accounts: list(obj.accounts),
    children: list(obj.children),
    targets: list(obj.targets),
    approval: obj.approval,
    schedule: {
      cron: typeof schedule.cron === 'string' ? schedule.cron : DEFAULT_CRON,
      force: schedule.force === true,
    },
  };
}

function crossCheck(config: LooseConfig): InterpolationIssue[] {
  const issues: InterpolationIssue[] = [];
  const dupes = (list: { id?: string; defaultId?: string | undefined }[], where: string) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      const id = item.id ?? item.defaultId;
      if (id === undefined) return;
      if (seen.has(id)) {
        issues.push({
          path: `${where}.${i}.id`,
          message:
            item.id === undefined
              ? `duplicate id "${id}" (the default <child>-<first course>): give this target its own id`
              : `duplicate id "${id}"`,
        });
      }
      seen.add(id);
    });
  };
  dupes(config.accounts, 'accounts');
  dupes(config.children, 'children');
  dupes(config.targets, 'targets');
  const accounts = new Set(config.accounts.flatMap((a) => (a.id ? [a.id] : [])));
  const children = new Set(config.children.flatMap((c) => (c.id ? [c.id] : [])));
  config.children.forEach((c, i) => {
    if (c.account !== undefined && !accounts.has(c.account)) {
      issues.push({
        path: `children.${i}.account`,
        message: `unknown account "${c.account}" (known: ${[...accounts].join(', ')})`,
        words: { code: 'unknown_account', id: c.account, known: [...accounts] },
      });
    }
    // Without a studentId a hold is matched to the account's only child: with two, nobody can tell.
    const siblings = config.children.filter((x) => x.account === c.account).length;
    if (c.studentId === undefined && c.account !== undefined && siblings > 1) {
      issues.push({
        path: `children.${i}.studentId`,
        message: `account "${c.account}" has ${siblings} children: give each its studentId (the portal's id for the child); only an account with one child may leave it out`,
      });
    }
  });
  config.targets.forEach((t, i) => {
    if (t.child !== undefined && !children.has(t.child)) {
      issues.push({
        path: `targets.${i}.child`,
        message: `unknown child "${t.child}" (known: ${[...children].join(', ')})`,
        words: { code: 'unknown_child', id: t.child, known: [...children] },
      });
    }
    if (t.autoHold && !config.approval) {
      issues.push({
        path: `targets.${i}.autoHold`,
        message:
          'autoHold needs an `approval` section (listen, publicUrl, secret) so parents can approve or release',
      });
    }
  });
  issues.push(...checkCron(config.schedule));
  return issues;
}

/**
 * `schedule.cron` in jianlou's one cron dialect (src/core/cron-fields.ts), which also allows a leading
 * seconds field; polling more than once a minute is refused unless forced.
 */
export function checkCron(schedule: { cron: string; force: boolean }): InterpolationIssue[] {
  const fields = checkCronText(schedule.cron, { seconds: true });
  if (typeof fields === 'string') {
    const text = `"${schedule.cron.trim()}"`;
    const why = fields.startsWith(`${text} `) ? `it${fields.slice(text.length)}` : fields;
    return [{ path: 'schedule.cron', message: `${text} is not a valid cron expression: ${why}` }];
  }
  if (fields.second.size > 1 && !schedule.force) {
    return [
      {
        path: 'schedule.cron',
        message:
          'polls more often than once a minute, which is impolite to the portal; use a 5-field cron ' +
          '(at most once a minute) or set schedule.force: true for your own test portal',
      },
    ];
  }
  return [];
}

function dedupe(issues: InterpolationIssue[]): InterpolationIssue[] {
  const seen = new Set<string>();
  return issues.filter((i) => {
    const k = `${i.path}|${i.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function collectSecrets(config: Config): string[] {
  const out: string[] = [];
  if (config.notify.wecom) {
    out.push(config.notify.wecom.webhook);
    const key = /[?&]key=([^&]+)/.exec(config.notify.wecom.webhook)?.[1];
    if (key) out.push(key);
  }
  if (config.notify.webhook) out.push(config.notify.webhook.url);
  for (const channel of config.notify.channels) out.push(...channelSecrets(channel));
  if (config.approval) out.push(config.approval.secret);
  for (const a of config.accounts) if (a.credentials) out.push(a.credentials.password);
  // Very short values would blank out ordinary words in logs; `key=` parameters are scrubbed anyway.
  return out.filter((s) => s.length >= 8);
}
