import type { z } from 'zod';

/**
 * The storage port. Two backends implement it (keyv + @keyv/sqlite, and an in-memory twin) and both
 * pass one shared test suite. Values are JSON; what is read back is parsed with a zod schema, never
 * trusted: a record that fails its schema is reported (and skipped by `list`), not returned.
 */
export interface KvStore {
  get<T>(ns: string, key: string, schema: z.ZodType<T>): Promise<T | undefined>;
  set(ns: string, key: string, value: unknown): Promise<void>;
  /** Writes only if the key is absent; true when written. */
  add(ns: string, key: string, value: unknown): Promise<boolean>;
  delete(ns: string, key: string): Promise<boolean>;
  /** Every valid record of a namespace, in key order. */
  list<T>(ns: string, schema: z.ZodType<T>): Promise<{ key: string; value: T }[]>;
  close(): Promise<void>;
}

export type OutboxLane = 'message' | 'effect';
export type OutboxStatus = 'pending' | 'running' | 'done' | 'failed';

export interface OutboxEntry {
  /** Idempotency key: enqueueing the same id twice stores it once. */
  id: string;
  lane: OutboxLane;
  /** An Alert for the 'message' lane; an engine effect for the 'effect' lane. */
  payload: unknown;
  createdAt: string;
  status: OutboxStatus;
  /** How many times a run was started (a crash mid-run leaves status 'running'). */
  attempts: number;
  notBefore?: string;
  lastError?: string;
  doneAt?: string;
  /**
   * A run of this entry was cut off by a crash: what it was doing may have happened (a message may
   * have reached the group). The sender marks the next sending （重发）.
   */
  uncertain?: boolean;
}

/**
 * Effects are written here before they run and marked done after. An entry found 'running' after a
 * restart was interrupted by a crash and comes back marked `uncertain`: an effect (it acts on the
 * portal) is due again once, then marked failed; a message is due again however often it was cut off
 * (re-sent, labelled), so a crash never loses an alert.
 */
export interface Outbox {
  enqueue(entry: { id: string; lane: OutboxLane; payload: unknown; createdAt: string }): Promise<boolean>;
  /** Entries ready to run on a lane at `now`, oldest first. */
  due(lane: OutboxLane, now: Date): Promise<OutboxEntry[]>;
  /** Not-yet-done entries of a lane (pending, running, waiting for a retry), oldest first. */
  open(lane: OutboxLane): Promise<OutboxEntry[]>;
  get(id: string): Promise<OutboxEntry | undefined>;
  /** Marks an entry running and counts the attempt; call right before running it. */
  start(id: string, now: Date): Promise<OutboxEntry>;
  done(id: string, now: Date): Promise<void>;
  retryLater(id: string, notBefore: Date, error: string): Promise<void>;
  fail(id: string, error: string): Promise<void>;
}
