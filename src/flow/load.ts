import { existsSync, readdirSync, statSync } from 'node:fs';
import { extname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { BadInputError } from '../core/errors.js';
import { parseFlowOptions } from './options.js';
import { needsTranspiler, registerTypeScript } from './ts-loader.js';
import type { Flow } from './types.js';

/** The flows bundled with jianlou live in <repo>/flows/: `<name>.ts|js` or `<name>/index.ts|js`. */
const BUILT_IN_DIR = fileURLToPath(new URL('../../flows/', import.meta.url));
const EXTENSIONS = ['.ts', '.js', '.mts', '.mjs'];
const REQUIRED = ['checkSession', 'loginUrl', 'isLoggedIn', 'observe'] as const;
const OPTIONAL = ['login', 'hold', 'listHolds', 'confirm', 'release', 'listOrders'] as const;

export interface LoadFlowOptions {
  /** The config file's directory: relative flow paths resolve from here. */
  cwd: string;
  /** Where built-in flows live (tests point this elsewhere). */
  builtInDir?: string;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function builtInFile(dir: string, name: string): string | undefined {
  const candidates = EXTENSIONS.flatMap((ext) => [
    join(dir, `${name}${ext}`),
    join(dir, name, `index${ext}`),
  ]);
  return candidates.find(isFile);
}

export function builtInFlowNames(dir: string = BUILT_IN_DIR): string[] {
  if (!existsSync(dir)) return [];
  const names = readdirSync(dir).flatMap((entry) => {
    const ext = EXTENSIONS.find((e) => entry.endsWith(e) && !entry.endsWith(`.d${e}`));
    if (ext && isFile(join(dir, entry))) return [entry.slice(0, -ext.length)];
    return builtInFile(join(dir, entry), 'index') ? [entry] : [];
  });
  return [...new Set(names)].sort();
}

/** A bare name such as `demo-portal` means a built-in flow; anything with a slash or extension is a path. */
function isBuiltInName(spec: string): boolean {
  return /^[a-z0-9][a-z0-9_-]*$/i.test(spec);
}

function resolveSpec(spec: string, options: LoadFlowOptions): string {
  const dir = options.builtInDir ?? BUILT_IN_DIR;
  if (isBuiltInName(spec)) {
    const file = builtInFile(dir, spec);
    if (file) return file;
    const known = builtInFlowNames(dir);
    throw new BadInputError(
      `unknown flow "${spec}": built-in flows are ${known.join(', ') || '(none)'}; for your own flow give a path such as ./flows/${spec}.ts`,
    );
  }
  const file = isAbsolute(spec) ? spec : resolve(options.cwd, spec);
  if (!EXTENSIONS.includes(extname(file))) {
    throw new BadInputError(`flow file ${spec} must be a .ts or .js module`);
  }
  if (!isFile(file)) throw new BadInputError(`flow file not found: ${file} (from "${spec}")`);
  return file;
}

/** Checks a loaded module's default export against the flow contract, naming the first problem. */
export function validateFlow(value: unknown, where: string): Flow {
  if (value === undefined) {
    throw new BadInputError(
      `${where} has no default export: end it with \`export default defineFlow({ … })\``,
    );
  }
  if (value === null || typeof value !== 'object') {
    throw new BadInputError(`${where}: the default export must be a flow object made with defineFlow({ … })`);
  }
  const flow = value as Record<string, unknown>;
  if (typeof flow.name !== 'string' || flow.name.trim() === '') {
    throw new BadInputError(`${where}: the flow needs a \`name\` string`);
  }
  for (const key of REQUIRED) {
    if (typeof flow[key] !== 'function') {
      throw new BadInputError(
        `${where}: flow "${flow.name}": \`${key}\` is ${flow[key] === undefined ? 'missing' : 'not a function'}`,
      );
    }
  }
  for (const key of OPTIONAL) {
    if (flow[key] !== undefined && typeof flow[key] !== 'function') {
      throw new BadInputError(`${where}: flow "${flow.name}": \`${key}\` is not a function`);
    }
  }
  const schema = flow.optionsSchema as { safeParse?: unknown } | undefined;
  if (schema !== undefined && (schema === null || typeof schema.safeParse !== 'function')) {
    throw new BadInputError(
      `${where}: flow "${flow.name}": \`optionsSchema\` must be a zod schema, e.g. z.object({ apiUrl: z.url() })`,
    );
  }
  // A hold is only worth something if it can be proved by reading the cart back.
  if (flow.hold !== undefined && flow.listHolds === undefined) {
    throw new BadInputError(
      `${where}: flow "${flow.name}" has \`hold\` but no \`listHolds\` to prove the hold`,
    );
  }
  return value as Flow;
}

/** Loads a built-in flow by name or a user's flow module by path (relative to `cwd`). */
export async function loadFlow(spec: string, options: LoadFlowOptions): Promise<Flow> {
  if (spec.trim() === '')
    throw new BadInputError('portal.flow is empty: give a built-in name or a file path');
  const file = resolveSpec(spec.trim(), options);
  let module: { default?: unknown };
  try {
    if (needsTranspiler(file)) await registerTypeScript();
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    // esbuild puts the location of a syntax error on the lines after "Transform failed".
    const lines = (error instanceof Error ? error.message : String(error))
      .split('\n')
      .filter((l) => l.trim());
    const reason = lines.slice(0, 3).join(' ');
    throw new BadInputError(`flow file ${file} could not be loaded: ${reason}`, { cause: error });
  }
  return validateFlow(module.default, `flow file ${file}`);
}

/**
 * The config's flow with its options: `portal.flow` loaded, `portal.options` validated by the flow's
 * `optionsSchema` (ConfigError by path), ready for `createFlowContext({ options })`.
 */
export async function loadPortalFlow(
  portal: { flow: string; options?: unknown },
  where: { cwd: string; configFile: string; builtInDir?: string },
): Promise<{ flow: Flow; options: unknown }> {
  const flow = await loadFlow(portal.flow, {
    cwd: where.cwd,
    ...(where.builtInDir ? { builtInDir: where.builtInDir } : {}),
  });
  return { flow, options: parseFlowOptions(flow, portal.options, where.configFile) };
}
