import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext } from 'playwright';
import { z } from 'zod';
import { BadInputError, SessionExpiredError } from '../core/errors.js';
import type { Flow, FlowContext } from '../flow/types.js';
import { newContext, type StorageState, saveStorageState, writePrivateFile } from './launch.js';
import { mergeStorageState } from './storage-merge.js';

const cookie = z.object({
  name: z.string().min(1),
  value: z.string(),
  domain: z.string().min(1),
  path: z.string(),
  expires: z.number(),
  httpOnly: z.boolean(),
  secure: z.boolean(),
  sameSite: z.enum(['Strict', 'Lax', 'None']),
});

const storageStateSchema = z.object({
  cookies: z.array(cookie),
  origins: z
    .array(
      z.object({
        origin: z.string(),
        localStorage: z.array(z.object({ name: z.string(), value: z.string() })),
      }),
    )
    .default([]),
});

/** Where a state came from, for the error's words: a file (`saved`: the account's own) or inline. */
export interface StateSource {
  file?: string;
  saved?: boolean;
}

/** Validates parsed JSON as Playwright storage state; messages name fields, never values (cookies). */
export function parseStorageState(value: unknown, where: string, source: StateSource = {}): StorageState {
  const result = storageStateSchema.safeParse(value);
  if (result.success) return result.data as StorageState;
  const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.') || '(root)'))].slice(
    0,
    5,
  );
  throw new BadInputError(
    `${where} is not a Playwright storage-state file (problem at ${fields.join(', ')}); expected { "cookies": [...], "origins": [...] }`,
    {
      words: {
        code: 'state_not_playwright',
        ...(source.file ? { file: source.file } : {}),
        saved: source.saved === true,
        fields: fields.join(', '),
      },
    },
  );
}

/** Reads a saved session. Missing file → the account needs a login; broken file → bad input. */
export async function readStorageState(path: string, accountId: string): Promise<StorageState> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new SessionExpiredError(
        `account "${accountId}" has no saved session (${path} does not exist) — run: jianlou login ${accountId}`,
      );
    }
    const errno = (error as NodeJS.ErrnoException).code;
    throw new BadInputError(`cannot read the saved session ${path}: ${(error as Error).message}`, {
      words: { code: 'session_unreadable', file: path, accountId, ...(errno ? { errno } : {}) },
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new BadInputError(
      `the saved session ${path} is not valid JSON — run: jianlou login ${accountId} to replace it`,
      { words: { code: 'session_bad_json', file: path, accountId } },
    );
  }
  return parseStorageState(json, `the saved session ${path}`, { file: path, saved: true });
}

export interface OpenSessionOptions {
  accountId: string;
  storageStatePath: string;
  baseUrl: string;
}

/** A browser context for one account, from its storage-state file. */
export async function openSession(browser: Browser, options: OpenSessionOptions): Promise<BrowserContext> {
  const state = await readStorageState(options.storageStatePath, options.accountId);
  return newContext(browser, { storageState: state, baseURL: options.baseUrl });
}

/** Writes the context's cookies and storage atomically with mode 0600. Call only after a good check. */
export async function saveSession(context: BrowserContext, path: string): Promise<void> {
  await saveStorageState(context, path);
}

/**
 * Two saved sessions with the same cookies and origins (nothing to write). Chromium saves a cookie's
 * expiry to the microsecond, the request client's jar keeps milliseconds (a Date): the same expiry
 * read back is the same cookie, not a change to save (an empty `indexedDB` likewise).
 */
export const sameStorageState = (a: StorageState, b: StorageState): boolean =>
  canonicalState(a) === canonicalState(b);

const canonicalState = (state: StorageState): string =>
  JSON.stringify(state, (key, value: unknown) => {
    if (key === 'expires' && typeof value === 'number' && value > 0) return Math.floor(value * 1000 + 1e-3);
    if (key === 'indexedDB' && Array.isArray(value) && value.length === 0) return undefined;
    return value;
  });

/**
 * Saves what a session changed since `base` (the state it was opened with or last saved), `ours`,
 * onto the file as it is now: merged (src/browser/storage-merge.ts), atomic, mode 0600. Returns
 * `ours`, the base of its next save. A file that is gone or unreadable is replaced.
 */
export async function saveStateMerged(
  ours: StorageState,
  path: string,
  base: StorageState,
): Promise<StorageState> {
  // Nothing changed in this session: the file (maybe a newer login) stays as it is.
  if (sameStorageState(ours, base)) return ours;
  const theirs = await readStorageState(path, '(saving)').catch(() => base);
  await writePrivateFile(path, `${JSON.stringify(mergeStorageState(base, ours, theirs), null, 2)}\n`);
  return ours;
}

/** `saveStateMerged` for a browser context's state. */
export async function saveSessionMerged(
  context: BrowserContext,
  path: string,
  base: StorageState,
): Promise<StorageState> {
  return saveStateMerged(await context.storageState(), path, base);
}

/**
 * Checks the session and saves the refreshed state when it is good. An expired session leaves the
 * file as it is: it is still the best clue to which account to log in again, and a check that failed
 * for another reason must not cost a working session.
 */
export async function checkAndSaveSession(
  flow: Pick<Flow, 'checkSession'>,
  ctx: FlowContext,
  path: string,
): Promise<'ok' | 'expired'> {
  const result = await flow.checkSession(ctx);
  if (result === 'ok') await saveSession(ctx.context, path);
  return result;
}

/** `a=1; b=2`, optionally prefixed `Cookie:` as copied from the browser's dev tools. */
export function looksLikeCookieHeader(text: string): boolean {
  const body = text.trim().replace(/^cookie:\s*/i, '');
  return (
    body !== '' &&
    !body.startsWith('{') &&
    body.split(';').every((part) => /^\s*[^=\s;]+=/.test(part) || part.trim() === '')
  );
}

/** Turns a Cookie header into storage state for baseUrl's host (session cookies on path /). */
export function cookieHeaderToState(header: string, baseUrl: string): StorageState {
  const url = new URL(baseUrl);
  const cookies = header
    .trim()
    .replace(/^cookie:\s*/i, '')
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.includes('='))
    .map((part) => {
      const at = part.indexOf('=');
      return {
        name: part.slice(0, at).trim(),
        value: part.slice(at + 1).trim(),
        domain: url.hostname,
        path: '/',
        expires: -1,
        httpOnly: false,
        secure: url.protocol === 'https:',
        sameSite: 'Lax' as const,
      };
    })
    .filter((c) => c.name !== '');
  if (cookies.length === 0)
    throw new BadInputError('the Cookie header holds no cookies (expected "name=value; …")', {
      words: { code: 'import_no_cookies' },
    });
  return { cookies, origins: [] };
}

const localStorageImport = z.strictObject({
  /** Where the site keeps it; default the portal's own origin. */
  origin: z.url().optional(),
  localStorage: z.record(z.string().min(1), z.string()),
  /** A Cookie header as well, for a portal that uses both. */
  cookie: z.string().optional(),
});

/**
 * `{ "localStorage": { "jl_token": "…" }, "origin"?: "https://…", "cookie"?: "a=1" }`: a token copied
 * from the browser's dev tools (Application → Local Storage) for a site that keeps its login there.
 */
export function localStorageToState(
  value: unknown,
  baseUrl: string,
  where: string,
  source: StateSource = {},
): StorageState {
  const file = source.file ? { file: source.file } : {};
  const parsed = localStorageImport.safeParse(value);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(root)'))].join(', ');
    throw new BadInputError(
      `${where}: expected { "localStorage": { "KEY": "VALUE" }, "origin"?: "https://…" } (problem at ${fields})`,
      { words: { code: 'import_local_storage_shape', ...file, fields } },
    );
  }
  const entries = Object.entries(parsed.data.localStorage).map(([name, value]) => ({ name, value }));
  if (entries.length === 0) {
    throw new BadInputError(`${where}: "localStorage" holds no entry`, {
      words: { code: 'import_no_entry', ...file },
    });
  }
  const cookies = parsed.data.cookie ? cookieHeaderToState(parsed.data.cookie, baseUrl).cookies : [];
  return {
    cookies,
    origins: [{ origin: new URL(parsed.data.origin ?? baseUrl).origin, localStorage: entries }],
  };
}

async function readIfFile(input: string): Promise<string | undefined> {
  try {
    return await readFile(input, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENAMETOOLONG' || code === 'EISDIR') return undefined;
    throw new BadInputError(`cannot read ${input}: ${(error as Error).message}`, {
      words: { code: 'import_unreadable', file: input, ...(code ? { errno: code } : {}) },
    });
  }
}

/**
 * Accepts what a person can bring from another browser: a Playwright storage-state JSON file, a
 * Cookie header (`a=1; b=2`, optionally `Cookie: …`) given inline or in a file, or a token the site
 * keeps in localStorage (`{ "localStorage": { "jl_token": "…" } }`).
 */
export async function importSession(input: string, options: { baseUrl: string }): Promise<StorageState> {
  const fromFile = await readIfFile(input);
  const text = (fromFile ?? input).trim();
  const where = fromFile === undefined ? 'the given session' : input;
  const source: StateSource = fromFile === undefined ? {} : { file: input };
  if (text.startsWith('{')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new BadInputError(`${where} looks like JSON but does not parse`, {
        words: { code: 'import_bad_json', ...source },
      });
    }
    if (json && typeof json === 'object' && 'localStorage' in json && !('cookies' in json)) {
      return localStorageToState(json, options.baseUrl, where, source);
    }
    return parseStorageState(json, where, source);
  }
  if (looksLikeCookieHeader(text)) return cookieHeaderToState(text, options.baseUrl);
  if (fromFile === undefined) {
    // The input may be a mistyped cookie header: do not echo it.
    throw new BadInputError(
      'the session to import is neither an existing file nor a Cookie header — give a storage-state JSON file, a header like "a=1; b=2", or {"localStorage":{"KEY":"TOKEN"}}',
      { words: { code: 'import_unrecognised' } },
    );
  }
  throw new BadInputError(`${input} holds neither storage-state JSON nor a Cookie header`, {
    words: { code: 'import_unrecognised', file: input },
  });
}
