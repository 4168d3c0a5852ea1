import type { BrowserContext } from 'playwright';
import { secretList } from './trace-redact.js';

interface SessionLike {
  cookies: ReadonlyArray<{ value: string }>;
  origins?: ReadonlyArray<{ localStorage: ReadonlyArray<{ value: string }> }>;
}

function valuesOf(state: SessionLike): string[] {
  return [
    ...state.cookies.map((c) => c.value),
    ...(state.origins ?? []).flatMap((o) => o.localStorage.map((item) => item.value)),
  ];
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
