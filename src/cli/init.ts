import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { BadInputError } from '../core/errors.js';
import { catalogue } from '../i18n/catalogue.js';
import { LOCALES, type Locale } from '../i18n/locale.js';
import {
  configYaml,
  DEV_TOOLS,
  FLOW_TEST,
  GITIGNORE,
  PLACEHOLDER_BASE_URL,
  packageJson,
  TSCONFIG,
} from './init-files.js';
import { FLOW_TEMPLATES, type FlowTemplate, flowSkeleton } from './init-flows.js';

export interface InitOptions {
  /** The portal's address; asked for on a terminal, else the placeholder. */
  url?: string;
  /** The dependency spec for jianlou in package.json (a tarball, folder or version); default ^<this version>. */
  from?: string;
  /** The flow skeleton: `json` (a JSON API, jsonClient) or `html` (pages, htmlClient); default json. */
  template?: string;
  /** The folder's language: the config's `locale` and what init says (zh or en); default zh. */
  locale?: string;
}

/** This package's own version, from the nearest package.json above this file (src/ or dist/src/). */
function ownVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'jianlou' && pkg.version) return pkg.version;
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('jianlou init: cannot find jianlou’s own package.json');
    dir = up;
  }
}

/**
 * A version, URL or file: spec as given; a local path (tarball or checkout) becomes a file: spec
 * RELATIVE to the new folder, so the folder and the tarball can move together.
 */
function dependencySpec(from: string | undefined, dir: string): string {
  if (!from) return `^${ownVersion()}`;
  if (/^(file:|https?:|git\+|github:|[~^<>=]|\d)/.test(from)) return from;
  const local = resolve(from);
  if (!existsSync(local)) {
    throw new BadInputError(
      `--from ${from}: no such file or folder; give a jianlou tarball, checkout or version`,
    );
  }
  const path = relative(dir, local).split(sep).join('/');
  return `file:${path.startsWith('.') ? path : `./${path}`}`;
}

function checkLocale(locale: string | undefined): Locale {
  const chosen = locale ?? 'zh';
  if (!(LOCALES as readonly string[]).includes(chosen)) {
    throw new BadInputError(`--locale ${chosen}: give zh (Chinese) or en (English)`);
  }
  return chosen as Locale;
}

function checkTemplate(template: string | undefined): FlowTemplate {
  const chosen = template ?? 'json';
  if (!(FLOW_TEMPLATES as readonly string[]).includes(chosen)) {
    throw new BadInputError(
      `--template ${chosen}: give json (the portal's pages call a JSON API) or html (the portal serves HTML pages)`,
    );
  }
  return chosen as FlowTemplate;
}

function checkUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new BadInputError(
      `--url ${url} is not a URL: give the portal's address, e.g. https://www.example-palace.cn`,
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new BadInputError(`--url ${url} must start with http:// or https://`);
  }
  return url.replace(/\/+$/, '');
}

async function askUrl(): Promise<string> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return PLACEHOLDER_BASE_URL;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = (await rl.question('Portal address (Enter to fill it in later): ')).trim();
    return answer ? checkUrl(answer) : PLACEHOLDER_BASE_URL;
  } finally {
    rl.close();
  }
}

function dependsOnJianlou(file: string): boolean {
  if (!existsSync(file)) return false;
  let pkg: { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
  try {
    pkg = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new BadInputError(
      `${file} is not valid JSON: fix it or move it away, then run jianlou init again`,
      {
        cause: error,
      },
    );
  }
  return Boolean(pkg.dependencies?.jianlou ?? pkg.devDependencies?.jianlou);
}

/** npm package names: lower case, no spaces; the folder name made into one. */
function packageName(dir: string): string {
  const name = basename(dir)
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-._]+|-+$/g, '');
  return name || 'my-family-jianlou';
}

/**
 * Creates a family's folder. Never overwrites: when any of its files exists, nothing is written and
 * the error names each one (exit 2).
 */
export async function initCommand(dirArg: string | undefined, opts: InitOptions): Promise<void> {
  const dir = resolve(dirArg ?? '.');
  const baseUrl = opts.url ? checkUrl(opts.url) : undefined;
  const spec = dependencySpec(opts.from, dir);
  const template = checkTemplate(opts.template);
  const locale = checkLocale(opts.locale);
  const files: Record<string, string> = {
    'package.json': packageJson(packageName(dir), spec),
    'tsconfig.json': TSCONFIG,
    'jianlou.yaml': '',
    'flows/my-portal.ts': flowSkeleton(template),
    'test/my-portal.test.ts': FLOW_TEST,
    '.gitignore': GITIGNORE,
  };
  // `npm install jianlou && npx jianlou init` is a natural start: a package.json that already
  // depends on jianlou is kept as it is (not rewritten); any other existing file stops init.
  const kept = dependsOnJianlou(join(dir, 'package.json'));
  if (kept) delete files['package.json'];
  const existing = Object.keys(files).filter((name) => existsSync(join(dir, name)));
  if (existing.length > 0) {
    throw new BadInputError(
      `jianlou init never overwrites: ${existing.map((name) => join(dir, name)).join(', ')} already exist(s); move them away or pick another folder`,
    );
  }
  files['jianlou.yaml'] = configYaml(baseUrl ?? (await askUrl()), locale);

  mkdirSync(join(dir, 'flows'), { recursive: true });
  mkdirSync(join(dir, 'test'), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    // 'wx': a file that appeared since the check is still not overwritten.
    writeFileSync(join(dir, name), text, { flag: 'wx' });
  }
  const sessions = join(dir, 'storage-state');
  mkdirSync(sessions, { recursive: true, mode: 0o700 });
  chmodSync(sessions, 0o700);

  const cd = dirArg && resolve(dirArg) !== process.cwd() ? `cd ${dirArg} && ` : '';
  const t = catalogue(locale).cli.tools.init;
  process.stdout.write(
    [
      t.created(dir, Object.keys(files).join(', ')),
      ...(kept
        ? t.kept(
            `"scripts": { "typecheck": "tsc -p tsconfig.json", "test": "vitest run", "try": "jianlou flow try" }`,
            `npm install -D typescript@"${DEV_TOOLS.typescript}" vitest@"${DEV_TOOLS.vitest}"`,
          )
        : []),
      '',
      ...t.nextSteps(cd),
      '',
    ].join('\n'),
  );
}
