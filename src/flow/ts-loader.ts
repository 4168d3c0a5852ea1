import { register } from 'node:module';

/**
 * jianlou starts compiled; only a user's `.ts` flow needs a transpiler, so tsx's hooks are registered
 * process-wide the first time one is loaded. Not tsx's namespaced `tsImport`: it loads the flow's
 * imports again under a query string, so `jianlou/flow` would be a second copy of the engine's
 * module and `instanceof SessionExpiredError` would be false for the engine.
 */
let registered: Promise<void> | undefined;

/** True when this module itself runs as TypeScript: a loader (tsx, vitest) is already in place. */
const RUNNING_FROM_SOURCES = import.meta.url.endsWith('.ts');

/**
 * A `.ts` file outside node_modules loads as an ES module whatever its folder's package.json says:
 * read as CommonJS (no `"type": "module"`), a flow's `import … from 'jianlou/flow'` fails with
 * "Cannot require() ES Module … in a cycle". Registered after tsx, so it runs first and tsx then
 * transpiles with that format. Plain JS in a data: URL: the hooks thread has no TypeScript loader.
 */
const FORMAT_HOOK = `export async function load(url, context, nextLoad) {
  if (url.startsWith('file:') && !url.includes('/node_modules/') && /\\.m?ts$/.test(new URL(url).pathname)) {
    return nextLoad(url, { ...context, format: 'module' });
  }
  return nextLoad(url, context);
}`;

export function needsTranspiler(file: string): boolean {
  return /\.m?ts$/.test(file);
}

export function registerTypeScript(): Promise<void> {
  registered ??= (async () => {
    if (!RUNNING_FROM_SOURCES) {
      const tsx = await import('tsx/esm/api');
      tsx.register();
    }
    register(`data:text/javascript,${encodeURIComponent(FORMAT_HOOK)}`);
  })();
  return registered;
}
