/**
 * Pure: what of a visit may be saved. Request bodies, request headers and cookies are never kept;
 * the answers of the login step are dropped; every value typed into a login field, every cookie
 * value, every localStorage value and every bearer token is replaced by `[secret]` wherever it shows
 * (URLs and answers alike).
 */
import type { StepName, VisitFacts } from './types.js';

/** Shorter values are too common to scrub (a captcha's digits may be a seat count). */
const MIN_SECRET = 4;

export const SECRET_MARK = '[secret]';

/** Every secret value the visit showed, longest first (so a value containing another goes first). */
export function secretsOf(facts: VisitFacts): string[] {
  const values = [
    ...facts.typed,
    ...facts.cookies.map((c) => c.value),
    ...facts.storage.flatMap((o) => o.items.map((i) => i.value)),
    ...facts.exchanges.flatMap((e) => (e.bearer ? [e.bearer] : [])),
  ];
  const unique = [...new Set(values.filter((v) => v.length >= MIN_SECRET))];
  // Encoded forms too: a form body or a URL carries `%40` for `@`.
  const encoded = unique.map((v) => encodeURIComponent(v)).filter((v) => !unique.includes(v));
  return [...unique, ...encoded].sort((a, b) => b.length - a.length);
}

export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(SECRET_MARK);
  return out;
}

/** A recording that may be written to a file. */
export interface SavedRecording {
  version: 1;
  exchanges: {
    seq: number;
    step: StepName;
    method: string;
    url: string;
    kind: string;
    status: number;
    contentType: string;
    location?: string;
    /** Whether the request carried a bearer token (never the token). */
    bearer?: true;
    /** '' for the login step's answers. */
    body: string;
  }[];
  clicked: VisitFacts['clicked'];
  pageAt: VisitFacts['pageAt'];
  /** Names only. */
  cookies: string[];
  storage: { origin: string; names: string[] }[];
}

export function scrubRecording(facts: VisitFacts): SavedRecording {
  const secrets = secretsOf(facts);
  const s = (text: string) => scrubText(text, secrets);
  return {
    version: 1,
    exchanges: facts.exchanges.map((e) => ({
      seq: e.seq,
      step: e.step,
      method: e.method,
      url: s(e.url),
      kind: e.kind,
      status: e.status,
      contentType: e.contentType,
      ...(e.location ? { location: s(e.location) } : {}),
      ...(e.bearer ? { bearer: true as const } : {}),
      body: e.step === 'login' ? '' : s(e.body),
    })),
    clicked: facts.clicked.map((c) => ({ ...c, text: s(c.text), ...(c.href ? { href: s(c.href) } : {}) })),
    pageAt: Object.fromEntries(Object.entries(facts.pageAt).map(([k, v]) => [k, s(v ?? '')])),
    cookies: facts.cookies.map((c) => c.name),
    storage: facts.storage.map((o) => ({ origin: o.origin, names: o.items.map((i) => i.name) })),
  };
}
