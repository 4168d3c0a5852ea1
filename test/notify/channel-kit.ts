import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import type { Channel } from '../../src/notify/channel.js';
import { holdMade, openings } from './fixtures.js';

/**
 * What the push channels' unit tests share (bark-unit, pushplus-unit, email-unit): a scripted fetch,
 * a JSON answer, what a delivery threw, the one-then-merged send, and a strict stand-in started once
 * per `describe` and reset before each test.
 */

/** An error a channel throws, with the fields the tests read. */
export type ChannelFailure = Error & { errcode?: number; retryAfterMs?: number };

/** A fetch that records each call's URL and JSON body and answers from `answers`, then with `fallback`. */
export function scriptedFetch(answers: Response[], fallback: string) {
  const calls: { url: string; body: Record<string, unknown> }[] = [];
  const fetch: typeof globalThis.fetch = (async (input: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(input), body: JSON.parse(String(init?.body)) as Record<string, unknown> });
    return answers.shift() ?? new Response(fallback);
  }) as typeof globalThis.fetch;
  return { calls, fetch };
}

export const jsonAnswer = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

/** What the delivery threw, or undefined when it was delivered. */
export const failureOf = <E = ChannelFailure>(delivery: Promise<unknown>): Promise<E | undefined> =>
  delivery.then(
    () => undefined,
    (e: unknown) => e as E,
  );

/** `send` with one alert goes out as its own message, with three as one merged message. */
export async function expectOneThenMerged(
  channel: Pick<Channel<unknown>, 'send'>,
  titlesSent: () => unknown[],
): Promise<void> {
  await channel.send([holdMade()], {});
  await channel.send(openings(3), {});
  expect(titlesSent()).toEqual(['已占位：少儿国画（初级）', expect.stringMatching(/^捡漏：3 条/)]);
}

interface StandIn {
  clear(): void;
  setMode(mode: 'ok'): void;
  close(): Promise<void>;
}

/**
 * A stand-in started before the tests of the enclosing `describe`, closed after them, and cleared
 * and set to 'ok' before each test. The returned object reads through to it (inside tests only).
 */
export function useStandIn<S extends StandIn>(start: () => Promise<S>): S {
  let started: S | undefined;
  beforeAll(async () => {
    started = await start();
  });
  afterAll(() => started?.close());
  beforeEach(() => {
    started?.clear();
    started?.setMode('ok');
  });
  return new Proxy({} as S, {
    get(_, key) {
      if (!started) throw new Error('the stand-in is read before its beforeAll ran');
      const value = Reflect.get(started, key);
      return typeof value === 'function' ? value.bind(started) : value;
    },
  });
}
