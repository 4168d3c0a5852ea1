import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { BadInputError, ConfigError } from '../core/errors.js';
import { crossCheck } from './cross-check.js';
import { type InterpolationIssue, interpolateEnv } from './interpolate.js';
import type { ListenAddress } from './listen.js';
import { channelSecrets } from './notify-channels.js';
import { type Policy, type PolicyTarget, resolvePolicy } from './policy.js';
import { type AccountConfig, type Config, configSchema, type TargetConfig } from './schema.js';
import { resolveStore, type StoreSettings } from './store.js';
import { zodIssues } from './zod-issues.js';

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
      doc.errors.map((e) => {
        const at = e.linePos?.[0];
        return {
          path: `line ${at?.line ?? '?'}`,
          message: e.message.split('\n')[0] ?? '',
          words: { code: 'yaml_syntax', problem: e.code, ...(at ? { line: at.line, column: at.col } : {}) },
        };
      }),
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
  issues.push(...crossCheck(interpolated));
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
