import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parse } from 'yaml';
import { interpolateEnv } from '../config/interpolate.js';
import { BadInputError } from '../core/errors.js';
import type { Child } from '../core/types.js';

/** The environment variable that allows the hold checks: it must name the (test) account. */
export const HOLDS_ENV = 'JIANLOU_TEST_HOLDS';

export interface ReadOnlyOptions {
  /** The family's config file; default `jianlou.yaml` in the working folder. */
  config?: string;
  /** The account whose saved session the checks use; default the config's first account. */
  account?: string;
  /** The courses to observe; default every course of the config's targets. */
  courses?: string[];
  /** Default process.env; holds are tried only when `JIANLOU_TEST_HOLDS` names the account. */
  env?: Record<string, string | undefined>;
}

/** What the read-only checks run against, read from the family's config. */
export interface ReadOnlyTarget {
  configFile: string;
  baseUrl: string;
  options: unknown;
  account: string;
  storageState: string;
  courses: string[];
  child: Child | undefined;
  /** True when JIANLOU_TEST_HOLDS names this account: the hold checks may change the portal. */
  holds: boolean;
  /** Why the checks cannot run yet, each with the next step; empty when they can. */
  notReady: string[];
}

type Raw = {
  portal?: { baseUrl?: unknown; options?: unknown };
  accounts?: { id?: unknown; storageState?: unknown }[];
  children?: Partial<Child>[];
  targets?: { child?: unknown; courses?: unknown }[];
};

/** A `.example` host (RFC 2606): the placeholder `jianlou init` writes until the family fills it in. */
function isPlaceholder(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'example' || host.endsWith('.example');
  } catch {
    return false;
  }
}

/**
 * Reads what the read-only checks need from the config, leniently: secrets the checks do not use
 * (the webhook, the approval secret) may be unset; `${VAR}` in the fields used is replaced.
 */
export function readOnlyTarget(given: ReadOnlyOptions = {}): ReadOnlyTarget {
  const env = given.env ?? process.env;
  const configFile = resolve(given.config ?? 'jianlou.yaml');
  if (!existsSync(configFile)) {
    throw new BadInputError(
      `testFlowReadOnly: ${configFile} not found — run the tests from the family's folder (where jianlou.yaml is) or pass { config }`,
    );
  }
  const raw = interpolateEnv(parse(readFileSync(configFile, 'utf8')) ?? {}, env, []) as Raw;
  const baseUrl = typeof raw.portal?.baseUrl === 'string' ? raw.portal.baseUrl.replace(/\/+$/, '') : '';
  const accounts = (raw.accounts ?? []).filter((a) => typeof a.id === 'string');
  const account = given.account ?? String(accounts[0]?.id ?? '');
  const entry = accounts.find((a) => a.id === account);
  const stored =
    typeof entry?.storageState === 'string' ? entry.storageState : `storage-state/${account}.json`;
  const storageState = resolve(dirname(configFile), stored);
  const child = (raw.children ?? []).find((c) => c.account === account && typeof c.studentId === 'string');
  const targetCourses = (raw.targets ?? []).flatMap((t) =>
    Array.isArray(t.courses) ? t.courses.map(String) : [],
  );
  const courses = given.courses ?? [...new Set(targetCourses)];

  const notReady: string[] = [];
  if (!baseUrl || isPlaceholder(baseUrl)) {
    notReady.push(`portal.baseUrl in ${configFile} is not filled in: put the portal's address there`);
  }
  if (!entry) notReady.push(`no account "${account}" in ${configFile}: add it under accounts`);
  if (courses.length === 0 || courses.some((id) => id.startsWith('TODO'))) {
    notReady.push(
      `the targets' course ids in ${configFile} are not filled in: put the portal's course ids there`,
    );
  }
  if (entry && !existsSync(storageState)) {
    notReady.push(`no saved session at ${storageState}: run npx jianlou login ${account}`);
  }
  const holds = env[HOLDS_ENV] === account && account !== '';
  return {
    configFile,
    baseUrl,
    options: raw.portal?.options,
    account,
    storageState,
    courses,
    child: child as Child | undefined,
    holds,
    notReady,
  };
}
