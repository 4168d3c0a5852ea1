import type { IssueWords } from '../core/error-words.js';

/**
 * The config's own sentences and their words. A sentence the schema states is its issue's message
 * (English: logs, and what `locale: en` prints); its words are what the CLI says in the config's
 * language. A builtin zod check (min, regex, url, …) keeps only its message, so each sentence is
 * recorded here as the schema is built (once, at import) and `statedWords` finds its words again.
 */
const stated = new Map<string, IssueWords>();

/** A fixed sentence of a schema rule, recorded with its words; returns the sentence (zod's message). */
export function said(message: string, words: IssueWords): string {
  stated.set(message, words);
  return message;
}

export function statedWords(message: string): IssueWords | undefined {
  return stated.get(message);
}

/** A sentence with values in it (a custom issue): its words travel in the issue's params, never recorded. */
export function sayIssue(
  message: string,
  words: IssueWords,
): { message: string; params: { words: IssueWords } } {
  return { message, params: { words } };
}

// Sentences more than one schema states (the top-level config and notify.channels).
export const ID_CHARS = said('use 1–40 letters, digits, "-" or "_"', { code: 'id_chars' });
export const HHMM = said('use HH:MM (24-hour)', { code: 'hhmm' });
export const MOBILE = said('an 11-digit mobile or "@all"', { code: 'mobile' });
export const WEBHOOK_NO_KEY = said('the webhook URL has no key=… parameter', { code: 'webhook_no_key' });
