import type { z } from 'zod';
import { PortalChangedError } from '../core/errors.js';

/** `courses[2].seatsLeft` for a zod issue path; `(answer)` for the whole value. */
function fieldOf(path: readonly PropertyKey[]): string {
  const joined = path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
  return joined.replace(/^\./, '') || '(answer)';
}

/**
 * Checks a portal's answer against a zod schema and returns the parsed value. On a mismatch it throws
 * PortalChangedError naming every field that is missing or of the wrong type (at most 8), so the
 * operator sees at once what the portal renamed; the values themselves are never quoted (they may be
 * personal data or tokens).
 */
export function checkShape<S extends z.ZodType>(schema: S, value: unknown, label: string): z.infer<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const fields = [...new Set(result.error.issues.map((issue) => fieldOf(issue.path)))].slice(0, 8);
  throw new PortalChangedError(
    `${label}: the answer no longer has the expected field(s) ${fields.join(', ')} — the portal has changed; update the flow`,
  );
}
