import type { z } from 'zod';
import { BadInputError } from '../core/errors.js';

/** Called for every record that fails JSON parsing or its schema; the record is then treated as absent. */
export type InvalidRecordHook = (ns: string, key: string, error: Error) => void;

/** Options shared by every KvStore backend. */
export interface StoreOptions {
  /** Told about records that are skipped because they no longer parse (e.g. after a schema change). */
  onInvalid?: InvalidRecordHook;
}

/**
 * Namespaces become key prefixes (`ns:key`) and, in sqlite, a `LIKE 'ns:%'` pattern: lowercase
 * letters, digits and '-' only, so no namespace can be a prefix of, or a LIKE wildcard for, another.
 */
const NAMESPACE = /^[a-z][a-z0-9-]{0,39}$/;

export function assertNamespace(ns: string): void {
  if (!NAMESPACE.test(ns)) {
    throw new BadInputError(`store namespace "${ns}" is invalid: use 1–40 lowercase letters, digits or "-"`);
  }
}

export function assertKey(ns: string, key: string): void {
  if (typeof key !== 'string' || key.length === 0) {
    throw new BadInputError(`store key in namespace "${ns}" must be a non-empty string`);
  }
}

/** JSON text of a value; rejects what JSON cannot hold so both backends store the same thing. */
export function encodeValue(ns: string, key: string, value: unknown): string {
  const text = value === undefined ? undefined : JSON.stringify(value);
  if (text === undefined) {
    throw new BadInputError(`store value for ${ns}/${key} is not JSON-serializable (got ${typeof value})`);
  }
  return text;
}

/** A stored record whose text is not valid JSON; carried through keyv so `get` can report it. */
export class CorruptRecord {
  constructor(readonly error: Error) {}
}

/** JSON.parse that turns corruption into a CorruptRecord instead of throwing. */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    return new CorruptRecord(error instanceof Error ? error : new Error(String(error)));
  }
}

/** Validates a parsed record against its schema; invalid ones are reported and become undefined. */
export function decodeValue<T>(
  ns: string,
  key: string,
  raw: unknown,
  schema: z.ZodType<T>,
  onInvalid: InvalidRecordHook | undefined,
): T | undefined {
  if (raw instanceof CorruptRecord) {
    onInvalid?.(ns, key, raw.error);
    return undefined;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    onInvalid?.(ns, key, parsed.error);
    return undefined;
  }
  return parsed.data;
}

export function byKey(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
