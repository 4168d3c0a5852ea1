/**
 * The one HTML escaper, used through the `html` tagged template: every interpolated value is
 * escaped unless it is already `Html` (another template's result, or a `raw()` trusted fragment).
 */

const SAFE = Symbol('html');

/** HTML that is safe to put into a page as it is. */
export interface Html {
  readonly [SAFE]: true;
  readonly value: string;
  toString(): string;
}

function safe(value: string): Html {
  return { [SAFE]: true, value, toString: () => value };
}

/** A fragment the caller vouches for (static markup, a value already escaped). Never portal text. */
export function raw(trusted: string): Html {
  return safe(trusted);
}

export function isHtml(value: unknown): value is Html {
  return typeof value === 'object' && value !== null && SAFE in value;
}

/** Escapes text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function part(value: unknown): string {
  if (isHtml(value)) return value.value;
  if (Array.isArray(value)) return value.map(part).join('');
  if (value === undefined || value === null || value === false) return '';
  return escapeHtml(value);
}

/** `html\`<p>${text}</p>\``: interpolations are escaped; arrays are joined; null/undefined/false vanish. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): Html {
  let out = strings[0] ?? '';
  values.forEach((value, i) => {
    out += part(value) + (strings[i + 1] ?? '');
  });
  return safe(out);
}
