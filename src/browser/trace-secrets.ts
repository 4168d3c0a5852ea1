import type { BrowserContext } from 'playwright';
import { secretList } from './trace-redact.js';

interface SessionLike {
  cookies: ReadonlyArray<{ value: string }>;
  origins?: ReadonlyArray<{ localStorage: ReadonlyArray<{ value: string }> }>;
}

/** Strings in a JSON value shorter than this are not secrets of their own ("zh-CN", "dark", ids). */
const MIN_JSON_LEAF_LENGTH = 8;

/**
 * The string leaves of a localStorage value that holds JSON (`{"token":"…","user":{…}}`): a page
 * sends the token alone, not the whole value. Not JSON: none.
 */
export function jsonLeaves(value: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return [];
  }
  const out: string[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (typeof v === 'string') {
      if (v.length >= MIN_JSON_LEAF_LENGTH) out.push(v, ...jsonLeaves(v));
    } else if (v && typeof v === 'object' && depth < 8) {
      for (const child of Object.values(v)) walk(child, depth + 1);
    }
  };
  walk(parsed, 0);
  return out;
}

function valuesOf(state: SessionLike): string[] {
  const stored = (state.origins ?? []).flatMap((o) => o.localStorage.map((item) => item.value));
  return [...state.cookies.map((c) => c.value), ...stored, ...stored.flatMap(jsonLeaves)];
}

/**
 * Every value a trace of this context must not hold: the saved session it started from, the
 * cookies and localStorage it has now (a login during the check adds some), and `extra` (passwords,
 * config secrets).
 */
export async function traceSecrets(
  context: BrowserContext,
  initial: SessionLike,
  extra: ReadonlyArray<string | undefined>,
): Promise<string[]> {
  const now = await context.storageState().catch(() => ({ cookies: [], origins: [] }));
  return secretList([...valuesOf(initial), ...valuesOf(now), ...extra]);
}
