import {
  ChannelBrokenCodeError,
  ChannelPayloadError,
  ChannelRetryableError,
  ChannelUnansweredError,
  ChannelUnknownCodeError,
  mayHaveArrived,
  networkReason,
  redactedCause,
  redactSecrets,
  scrubberFor,
} from './errors.js';
import type { WecomMessage } from './wecom-types.js';

export interface WecomClientOptions {
  /** `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`; the key is a secret and never logged. */
  webhookUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

export interface WecomClient {
  /** The webhook URL with the key hidden, for messages. */
  readonly target: string;
  /**
   * POSTs one message. Resolves on errcode 0; otherwise throws ChannelRetryableError (-1, 45009,
   * 45033, network, timeout), ChannelBrokenError (93000, 93004, wrong URL), ChannelPayloadError
   * (a known refusal) or ChannelUnknownCodeError (an errcode we do not know: retried a few times).
   */
  send(message: WecomMessage): Promise<void>;
}

/** The block after 45009 lasts as long as the limit window, about a minute (global error doc). */
export const FREQ_LIMIT_RETRY_MS = 60_000;

/** What each refused-payload errcode means, so the error says which field or limit. */
const PAYLOAD_ERRORS: Record<number, string> = {
  40008: 'invalid msgtype',
  40058: 'invalid parameter (a field too long, missing or malformed)',
  44004: 'empty text content',
  45002: 'content too large',
  42028: 'template_card: a url is missing',
  42031: 'template_card: card_type invalid',
  42033: 'template_card: a title is missing',
  42035: 'template_card: horizontal_content_list too long (max 6)',
  42042: 'template_card: jump_list too long (max 3)',
  42045: 'template_card: card_action missing or invalid',
};

export function createWecomClient(options: WecomClientOptions): WecomClient {
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const target = redactSecrets(options.webhookUrl);
  const scrub = scrubberFor(options.webhookUrl, target);
  const where = `WeCom robot ${target}`;

  async function send(message: WecomMessage): Promise<void> {
    let response: Response;
    let body: string;
    try {
      response = await fetchImpl(options.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(timeoutMs),
      });
      body = await response.text();
    } catch (error) {
      const timedOut =
        error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
      const reason = timedOut
        ? `no answer within ${timeoutMs} ms`
        : `network error (${networkReason(error, scrub)})`;
      const cause = { cause: redactedCause(error, scrub) };
      if (timedOut || mayHaveArrived(error))
        throw new ChannelUnansweredError(`${where}: ${reason}; will send again, marked as a re-send`, cause);
      throw new ChannelRetryableError(`${where}: ${reason}; will retry`, null, undefined, cause);
    }
    if (!response.ok) throw httpError(response.status);
    let answer: { errcode?: unknown; errmsg?: unknown };
    try {
      answer = JSON.parse(body) as typeof answer;
    } catch {
      throw new ChannelRetryableError(
        `${where}: answered HTTP ${response.status} without JSON; will retry`,
        null,
      );
    }
    const errcode = typeof answer.errcode === 'number' ? answer.errcode : Number.NaN;
    const errmsg = scrub(typeof answer.errmsg === 'string' ? answer.errmsg : '');
    if (errcode === 0) return;
    throw errcodeError(errcode, errmsg, message.msgtype);
  }

  function httpError(status: number): Error {
    if (status === 429 || status >= 500 || status === 408) {
      return new ChannelRetryableError(`${where}: HTTP ${status}; will retry`, status);
    }
    return new ChannelBrokenCodeError(
      `${where}: HTTP ${status} — the webhook URL looks wrong; copy it again from the group's robot settings`,
      status,
    );
  }

  function errcodeError(errcode: number, errmsg: string, msgtype: string): Error {
    const said = `errcode ${errcode}${errmsg ? ` (${errmsg})` : ''}`;
    if (Number.isNaN(errcode)) {
      return new ChannelRetryableError(`${where}: answer without errcode; will retry`, null);
    }
    if (errcode === 45009) {
      return new ChannelRetryableError(
        `${where}: ${said} — over 20 messages a minute; waiting a minute`,
        errcode,
        FREQ_LIMIT_RETRY_MS,
      );
    }
    if (errcode === -1 || errcode === 45033) {
      return new ChannelRetryableError(`${where}: ${said} — WeCom is busy; will retry`, errcode);
    }
    if (errcode === 93000 || errcode === 93004) {
      const why =
        errcode === 93000
          ? 'the webhook URL is invalid or the robot was removed from the group'
          : 'the robot is disabled';
      return new ChannelBrokenCodeError(
        `${where}: ${said} — ${why}; fix the robot, then run: jianlou doctor --send`,
        errcode,
      );
    }
    const meaning =
      PAYLOAD_ERRORS[errcode] ??
      (errcode >= 42000 && errcode < 43000 ? 'template_card field error' : undefined);
    if (meaning === undefined) {
      // Not known to be about the message: dropping the alert on it could lose a seat, so retry a little.
      return new ChannelUnknownCodeError(
        `${where}: ${said} — unknown errcode for a ${msgtype} message; will retry a few times`,
        errcode,
      );
    }
    return new ChannelPayloadError(
      `${where}: ${said} — ${meaning} in a ${msgtype} message; not retried`,
      errcode,
    );
  }

  return { target, send };
}
