import { describe, expect, it } from 'vitest';
import { ChannelBrokenError } from '../../src/core/errors.js';
import {
  ChannelPayloadError,
  ChannelRetryableError,
  ChannelUnknownCodeError,
} from '../../src/notify/errors.js';
import { createWecomClient, FREQ_LIMIT_RETRY_MS } from '../../src/notify/wecom-client.js';
import type { WecomMessage } from '../../src/notify/wecom-types.js';

/**
 * Every answer of the robot and what the sender is told to do with it, message by message (the
 * group's operator reads these). The HTTP side is a fetch function (the client's own option), so
 * each answer is one table row; the real-HTTP cases are in wecom-client.test.ts.
 */

const WEBHOOK = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=S3CRET-KEY-693d';
const WHERE = 'WeCom robot https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***';
const hello: WecomMessage = { msgtype: 'text', text: { content: '你好' } };

type Fetch = typeof fetch;
const answering =
  (status: number, body: string): Fetch =>
  async () =>
    new Response(body, { status });
const throwing =
  (error: unknown): Fetch =>
  async () => {
    throw error;
  };

async function outcome(fetchImpl: Fetch, message: WecomMessage = hello) {
  const client = createWecomClient({ webhookUrl: WEBHOOK, fetch: fetchImpl, timeoutMs: 2_500 });
  try {
    await client.send(message);
    return 'sent';
  } catch (error) {
    const e = error as Error & { errcode?: unknown; retryAfterMs?: unknown };
    return {
      kind:
        e instanceof ChannelUnknownCodeError
          ? 'unknown'
          : e instanceof ChannelRetryableError
            ? 'retry'
            : e instanceof ChannelPayloadError
              ? 'payload'
              : e instanceof ChannelBrokenError
                ? 'broken'
                : e.name,
      errcode: e.errcode,
      retryAfterMs: e.retryAfterMs,
      message: e.message,
    };
  }
}
const json = (o: unknown) => answering(200, JSON.stringify(o));

describe('WeCom client: each answer, and what the sender does with it', () => {
  it('posts the message as JSON to the webhook and resolves on errcode 0', async () => {
    const seen: { url: string; init: RequestInit | undefined }[] = [];
    const fetchImpl: Fetch = async (url, init) => {
      seen.push({ url: String(url), init });
      return new Response('{"errcode":0,"errmsg":"ok"}');
    };
    expect(await outcome(fetchImpl)).toBe('sent');
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe(WEBHOOK);
    expect(seen[0]?.init?.method).toBe('POST');
    expect(seen[0]?.init?.headers).toEqual({ 'content-type': 'application/json; charset=utf-8' });
    expect(JSON.parse(String(seen[0]?.init?.body))).toEqual(hello);
    expect(seen[0]?.init?.signal).toBeInstanceOf(AbortSignal);
    expect(createWecomClient({ webhookUrl: WEBHOOK }).target).toBe(
      'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=***',
    );
  });

  const rows: [string, Fetch, object][] = [
    [
      '45009: over the limit, wait a minute',
      json({ errcode: 45009, errmsg: 'api freq out of limit' }),
      {
        kind: 'retry',
        errcode: 45009,
        retryAfterMs: FREQ_LIMIT_RETRY_MS,
        message: `${WHERE}: errcode 45009 (api freq out of limit) — over 20 messages a minute; waiting a minute`,
      },
    ],
    [
      '-1: busy (no errmsg: none shown)',
      json({ errcode: -1 }),
      { kind: 'retry', errcode: -1, message: `${WHERE}: errcode -1 — WeCom is busy; will retry` },
    ],
    [
      '45033: busy (a non-string errmsg is not shown)',
      json({ errcode: 45033, errmsg: 7 }),
      { kind: 'retry', errcode: 45033, message: `${WHERE}: errcode 45033 — WeCom is busy; will retry` },
    ],
    [
      '93000: the robot is gone',
      json({ errcode: 93000, errmsg: 'invalid webhook url' }),
      {
        kind: 'broken',
        errcode: 93000,
        message: `${WHERE}: errcode 93000 (invalid webhook url) — the webhook URL is invalid or the robot was removed from the group; fix the robot, then run: jianlou doctor --send`,
      },
    ],
    [
      '93004: the robot is disabled',
      json({ errcode: 93004, errmsg: 'disabled' }),
      {
        kind: 'broken',
        errcode: 93004,
        message: `${WHERE}: errcode 93004 (disabled) — the robot is disabled; fix the robot, then run: jianlou doctor --send`,
      },
    ],
    [
      '40008: a known refusal names the field, never retried',
      json({ errcode: 40008, errmsg: 'invalid message type' }),
      {
        kind: 'payload',
        errcode: 40008,
        message: `${WHERE}: errcode 40008 (invalid message type) — invalid msgtype in a text message; not retried`,
      },
    ],
    [
      '42000: first code of the template_card range',
      json({ errcode: 42000 }),
      {
        kind: 'payload',
        errcode: 42000,
        message: `${WHERE}: errcode 42000 — template_card field error in a text message; not retried`,
      },
    ],
    [
      '42999: last code of the range',
      json({ errcode: 42999 }),
      {
        kind: 'payload',
        errcode: 42999,
        message: `${WHERE}: errcode 42999 — template_card field error in a text message; not retried`,
      },
    ],
    [
      '43000: past the range is unknown',
      json({ errcode: 43000 }),
      {
        kind: 'unknown',
        errcode: 43000,
        message: `${WHERE}: errcode 43000 — unknown errcode for a text message; will retry a few times`,
      },
    ],
    [
      '41999: before the range is unknown',
      json({ errcode: 41999 }),
      {
        kind: 'unknown',
        errcode: 41999,
        message: `${WHERE}: errcode 41999 — unknown errcode for a text message; will retry a few times`,
      },
    ],
    [
      'an answer without errcode',
      json({ errmsg: 'ok' }),
      { kind: 'retry', errcode: null, message: `${WHERE}: answer without errcode; will retry` },
    ],
    [
      'an answer that is not JSON',
      answering(200, '<html>proxy</html>'),
      { kind: 'retry', errcode: null, message: `${WHERE}: answered HTTP 200 without JSON; will retry` },
    ],
    ...[408, 429, 500, 503].map((status): [string, Fetch, object] => [
      `HTTP ${status}: retried`,
      answering(status, 'busy'),
      { kind: 'retry', errcode: status, message: `${WHERE}: HTTP ${status}; will retry` },
    ]),
    ...[404, 499, 400].map((status): [string, Fetch, object] => [
      `HTTP ${status}: a wrong URL`,
      answering(status, 'nope'),
      {
        kind: 'broken',
        errcode: status,
        message: `${WHERE}: HTTP ${status} — the webhook URL looks wrong; copy it again from the group's robot settings`,
      },
    ]),
    [
      'no answer in time (TimeoutError)',
      throwing(new DOMException('timed out', 'TimeoutError')),
      {
        kind: 'retry',
        errcode: null,
        message: `${WHERE}: no answer within 2500 ms; will send again, marked as a re-send`,
      },
    ],
    [
      'no answer in time (AbortError)',
      throwing(new DOMException('aborted', 'AbortError')),
      {
        kind: 'retry',
        errcode: null,
        message: `${WHERE}: no answer within 2500 ms; will send again, marked as a re-send`,
      },
    ],
    [
      'a network error names its system code',
      throwing(
        new TypeError('fetch failed', {
          cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }),
        }),
      ),
      { kind: 'retry', errcode: null, message: `${WHERE}: network error (ECONNREFUSED); will retry` },
    ],
    [
      'something thrown that is not an Error is a network error too',
      throwing('socket hang up'),
      { kind: 'retry', errcode: null, message: `${WHERE}: network error (socket hang up); will retry` },
    ],
  ];
  for (const [name, fetchImpl, expected] of rows) {
    it(name, async () => {
      expect(await outcome(fetchImpl)).toEqual({ retryAfterMs: undefined, ...(expected as object) });
    });
  }

  it('the cause of a network error is kept, without the key', async () => {
    const client = createWecomClient({
      webhookUrl: WEBHOOK,
      fetch: throwing(new TypeError(`fetch to ${WEBHOOK} failed`)),
    });
    const error = await client.send(hello).then(
      () => expect.unreachable('expected a rejection'),
      (e: unknown) => e as Error,
    );
    expect(error.cause).toBeInstanceOf(Error);
    expect((error.cause as Error).message).toBe(
      'fetch to https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=*** failed',
    );
  });
});
