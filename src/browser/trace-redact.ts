import { open, readFile, rename, rm } from 'node:fs/promises';
import { readZip, writeZip } from './trace-zip.js';

/**
 * A Playwright trace records the network log (every header, custom auth headers such as
 * X-Auth-Token included, the cookies arrays), typed values (fill actions carry them) and DOM
 * snapshots (input values). Traces are meant to be opened and shared, so every entry is rewritten
 * before the file is kept: header values blanked except a short list of harmless ones, cookie
 * values and typed text blanked, every known secret value (in its URL-, form- and JSON-escaped
 * forms too) and approval-link token replaced. URLs, statuses, timings and screenshots stay.
 */

export const REDACTED = '[redacted]';

const SECRET_HEADERS = new Set(['cookie', 'set-cookie', 'authorization', 'proxy-authorization']);
/**
 * Headers whose values say nothing secret and help reading a trace; every other header value is
 * blanked (a portal may carry its session in any header it likes). Their values are still searched
 * for known secrets.
 */
export const HARMLESS_HEADERS: ReadonlySet<string> = new Set([
  'accept',
  'accept-encoding',
  'accept-language',
  'accept-ranges',
  'access-control-allow-credentials',
  'access-control-allow-headers',
  'access-control-allow-methods',
  'access-control-allow-origin',
  'access-control-expose-headers',
  'access-control-max-age',
  'access-control-request-headers',
  'access-control-request-method',
  'age',
  'cache-control',
  'connection',
  'content-encoding',
  'content-language',
  'content-length',
  'content-type',
  'date',
  'expires',
  'host',
  'keep-alive',
  'last-modified',
  'location',
  'origin',
  'pragma',
  'referer',
  'retry-after',
  'sec-fetch-dest',
  'sec-fetch-mode',
  'sec-fetch-site',
  'sec-fetch-user',
  'server',
  'status',
  'transfer-encoding',
  'upgrade-insecure-requests',
  'user-agent',
  'vary',
  'x-content-type-options',
  'x-frame-options',
  'x-requested-with',
]);
/** Keys under which a trace keeps header lists (`[{ name, value }]`) or maps (`{ name: value }`). */
const HEADER_KEYS = new Set(['headers', 'headersArray', 'allHeaders', 'extraHTTPHeaders']);

function headerValue(name: string, value: unknown, secrets: readonly string[]): unknown {
  if (typeof value !== 'string') return value;
  return HARMLESS_HEADERS.has(name.toLowerCase()) ? scrubString(value, secrets) : REDACTED;
}

/** A header list or map with every value blanked but the harmless ones. */
function scrubHeaders(headers: unknown, secrets: readonly string[]): unknown {
  if (Array.isArray(headers)) {
    return headers.map((h) => {
      const entry = h as { name?: unknown; value?: unknown } | null | undefined;
      // A string or number has no `name`, like an entry that is no header: scrubbed as a value.
      if (typeof entry?.name !== 'string') return scrubValue(h, secrets);
      return { ...entry, value: headerValue(entry.name, entry.value, secrets) };
    });
  }
  if (headers && typeof headers === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(headers)) out[name] = headerValue(name, v, secrets);
    return out;
  }
  return scrubValue(headers, secrets);
}
/** Actions whose params carry what was typed. */
const TYPING_METHODS: ReadonlySet<unknown> = new Set(['fill', 'type', 'pressSequentially', 'insertText']);
/** `/h/`, `/s/` or `/login/` + `<payload>.<signature>`: an approval, status page or relay login link's token. */
const APPROVAL_TOKEN = /\/(h|s|login)\/[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g;
const LINK_PATHS = ['/h/', '/s/', '/login/'];
/** Values shorter than this are not searched for: they would blank ordinary words. */
const MIN_SECRET_LENGTH = 4;

/** Replaces every secret value and approval-link token in a string. */
export function scrubString(text: string, secrets: readonly string[]): string {
  let out = text.replace(APPROVAL_TOKEN, `/$1/${REDACTED}`);
  for (const s of secrets) out = out.split(s).join(REDACTED);
  return out;
}

function scrubValue(value: unknown, secrets: readonly string[]): unknown {
  if (typeof value === 'string') return scrubString(value, secrets);
  if (Array.isArray(value)) return value.map((v) => scrubValue(v, secrets));
  if (!value || typeof value !== 'object') return value;
  const obj = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const headerLike = typeof obj.name === 'string' && SECRET_HEADERS.has(obj.name.toLowerCase());
  const typing = TYPING_METHODS.has(obj.method);
  for (const [key, v] of Object.entries(obj)) {
    if (headerLike && key === 'value') out[key] = REDACTED;
    else if (HEADER_KEYS.has(key)) out[key] = scrubHeaders(v, secrets);
    else if (key === 'cookies' && Array.isArray(v)) out[key] = v.map(blankCookie);
    else if (typing && key === 'params' && v && typeof v === 'object') out[key] = blankTyped(v, secrets);
    else if (SECRET_HEADERS.has(key.toLowerCase()) && typeof v === 'string') out[key] = REDACTED;
    else out[key] = scrubValue(v, secrets);
  }
  return out;
}

function blankCookie(cookie: unknown): unknown {
  if (!cookie || typeof cookie !== 'object') return cookie;
  return { ...(cookie as Record<string, unknown>), value: REDACTED };
}

function blankTyped(params: object, secrets: readonly string[]): unknown {
  const out = scrubValue(params, secrets) as Record<string, unknown>;
  for (const key of ['value', 'text']) if (typeof out[key] === 'string') out[key] = REDACTED;
  return out;
}

/** One JSON-lines entry (`*.trace`, `*.network`): each event parsed, scrubbed, written back. */
export function redactJsonLines(text: string, secrets: readonly string[]): string {
  return text
    .split('\n')
    .map((line) => {
      // A blank line fails to parse and comes back as it was.
      try {
        return JSON.stringify(scrubValue(JSON.parse(line) as unknown, secrets));
      } catch {
        return scrubString(line, secrets);
      }
    })
    .join('\n');
}

function redactBytes(data: Buffer, secrets: readonly string[]): Buffer {
  // Stryker disable next-line all: a shortcut only; rewriting through latin1 gives back the same bytes
  if (!LINK_PATHS.some((p) => data.includes(p)) && !secrets.some((s) => data.includes(s))) return data;
  // Binary resources (screenshots) never hold these byte strings by chance at this length; text
  // resources (request and response bodies) are rewritten as text.
  return Buffer.from(scrubString(data.toString('latin1'), secrets.map(toLatin1)), 'latin1');
}

function toLatin1(s: string): string {
  return Buffer.from(s).toString('latin1');
}

/**
 * The ways a value is written where a trace may hold it: as is, URL-encoded (upper- and lower-case
 * hex), form-encoded (spaces as `+`, `!'()*` escaped too), JSON-escaped inside a string (with and
 * without `\uXXXX` for non-ASCII), and decoded when it was stored encoded (a cookie).
 */
export function secretForms(value: string): string[] {
  const url = encodeURIComponent(value);
  const form = new URLSearchParams({ v: value }).toString().slice(2);
  const json = JSON.stringify(value).slice(1, -1);
  const jsonAscii = json.replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  const forms = [value, url, url.replace(/%[0-9A-F]{2}/g, (h) => h.toLowerCase()), form, json, jsonAscii];
  try {
    forms.push(decodeURIComponent(value.replace(/\+/g, ' ')));
  } catch {
    // Not URL-encoded: nothing to decode.
  }
  return forms;
}

/** The secrets worth searching for, in every form they are written in: long enough, longest first. */
export function secretList(values: Iterable<string | undefined>): string[] {
  const set = new Set<string>();
  for (const v of values) {
    if (!v || v.length < MIN_SECRET_LENGTH) continue;
    for (const form of secretForms(v)) if (form.length >= MIN_SECRET_LENGTH) set.add(form);
  }
  return [...set].sort((a, b) => b.length - a.length);
}

/**
 * Rewrites the trace zip at `path` without secrets: written to a temp file beside it, fsynced, then
 * renamed over the original, so a crash leaves either the old file or the clean one. Mode 0600.
 */
export async function redactTraceFile(path: string, secrets: readonly string[]): Promise<void> {
  const entries = readZip(await readFile(path)).map((entry) => {
    const isJsonLines = entry.name.endsWith('.trace') || entry.name.endsWith('.network');
    const data = isJsonLines
      ? Buffer.from(redactJsonLines(entry.data.toString(), secrets))
      : redactBytes(entry.data, secrets);
    return { name: entry.name, data };
  });
  const tmp = `${path}.redacting`;
  const handle = await open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(writeZip(entries));
    await handle.sync();
  } catch (error) {
    await handle.close();
    await rm(tmp, { force: true });
    throw error;
  }
  await handle.close();
  await rename(tmp, path);
}
