import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import cron from 'node-cron';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { BadInputError, ConfigError } from '../core/errors.js';
import { type InterpolationIssue, interpolateEnv } from './interpolate.js';
import { type Config, configSchema, type TargetConfig } from './schema.js';

export interface LoadedConfig extends Omit<Config, 'targets'> {
  targets: TargetConfig[];
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
      { cause: error },
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
      { path: '', message: 'expected a YAML mapping (key: value) at the top level' },
    ]);
  }
  const issues: InterpolationIssue[] = [];
  const interpolated = interpolateEnv(raw, env, issues);
  const parsed = configSchema.safeParse(interpolated);
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
  return {
    ...config,
    store: config.store.startsWith('sqlite://')
      ? `sqlite://${resolveFrom(dir, config.store.slice('sqlite://'.length))}`
      : config.store,
    accounts: config.accounts.map((a) => ({
      ...a,
      storageState: resolveFrom(dir, a.storageState ?? `storage-state/${a.id}.json`),
    })),
    targets: config.targets.map((t) => ({ ...t, id: t.id ?? `${t.child}-${t.courses[0]}` })),
    file: path,
    dir,
    secrets: collectSecrets(config),
  };
}

function resolveFrom(dir: string, p: string): string {
  return isAbsolute(p) ? p : resolve(dir, p);
}

function zodIssues(error: z.ZodError): InterpolationIssue[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return { path, message: `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
    }
    if (issue.code === 'invalid_type' && issue.input === undefined) {
      return { path, message: 'required' };
    }
    return { path, message: issue.message };
  });
}

interface LooseConfig {
  accounts: { id?: string }[];
  children: { id?: string; account?: string }[];
  targets: { id?: string; child?: string; autoHold?: boolean }[];
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
      return { id: str('id'), account: str('account'), child: str('child'), autoHold: o.autoHold === true };
    });
  const schedule = (obj.schedule ?? {}) as Record<string, unknown>;
  return {
    accounts: list(obj.accounts),
    children: list(obj.children),
    targets: list(obj.targets),
    approval: obj.approval,
    schedule: {
      cron: typeof schedule.cron === 'string' ? schedule.cron : '*/2 7-22 * * *',
      force: schedule.force === true,
    },
  };
}

function crossCheck(config: LooseConfig): InterpolationIssue[] {
  const issues: InterpolationIssue[] = [];
  const dupes = (list: { id?: string }[], where: string) => {
    const seen = new Set<string>();
    list.forEach((item, i) => {
      if (item.id === undefined) return;
      if (seen.has(item.id)) issues.push({ path: `${where}.${i}.id`, message: `duplicate id "${item.id}"` });
      seen.add(item.id);
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
      });
    }
  });
  config.targets.forEach((t, i) => {
    if (t.child !== undefined && !children.has(t.child)) {
      issues.push({
        path: `targets.${i}.child`,
        message: `unknown child "${t.child}" (known: ${[...children].join(', ')})`,
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

/** node-cron accepts an optional leading seconds field; polling more than once a minute is refused. */
export function checkCron(schedule: { cron: string; force: boolean }): InterpolationIssue[] {
  if (!cron.validate(schedule.cron)) {
    return [{ path: 'schedule.cron', message: `"${schedule.cron}" is not a valid cron expression` }];
  }
  const fields = schedule.cron.trim().split(/\s+/);
  if (fields.length === 6 && !/^\d+$/.test(fields[0] ?? '') && !schedule.force) {
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
  if (config.approval) out.push(config.approval.secret);
  for (const a of config.accounts) if (a.credentials) out.push(a.credentials.password);
  // Very short values would blank out ordinary words in logs; `key=` parameters are scrubbed anyway.
  return out.filter((s) => s.length >= 8);
}
