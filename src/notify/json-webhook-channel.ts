import type { Alert } from '../core/types.js';
import { type Channel, sendAll } from './channel.js';
import {
  ChannelBrokenCodeError,
  ChannelPayloadError,
  ChannelRetryableError,
  ChannelUnansweredError,
  mayHaveArrived,
  networkReason,
  redactedCause,
  scrubberFor,
} from './errors.js';
import { type RenderOptions, renderPlainText } from './render.js';

/** What the generic webhook receives: the alerts as data and a plain-text rendering of them. */
export interface JsonWebhookPayload {
  alerts: Alert[];
  text: string;
}

export interface JsonWebhookChannelOptions {
  url: string;
  id?: string;
  headers?: Record<string, string>;
  fetch?: typeof fetch;
  timeoutMs?: number;
  maxPerMinute?: number;
}

/**
 * A second channel for anything that takes JSON (ntfy bridges, Home Assistant, a script): POSTs
 * `{ alerts, text }`. 2xx is success; 408/429/5xx and network errors are retried (honouring
 * Retry-After); 401/403/404/410 mark the channel broken; other 4xx refuse the message.
 */
export function createJsonWebhookChannel(options: JsonWebhookChannelOptions): Channel<JsonWebhookPayload> {
  const fetchImpl = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const shown = safeTarget(options.url);
  const scrub = scrubberFor(options.url, shown);
  const where = `JSON webhook ${shown}`;
  const text = (alerts: Alert[], opts: RenderOptions) =>
    alerts.map((a) => renderPlainText(a, opts)).join('\n\n');

  async function deliver(payload: JsonWebhookPayload): Promise<void> {
    let response: Response;
    try {
      response = await fetchImpl(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', ...options.headers },
        body: JSON.stringify(payload),
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer();
    } catch (error) {
      const reason = networkReason(error, scrub);
      const cause = { cause: redactedCause(error, scrub) };
      if (mayHaveArrived(error))
        throw new ChannelUnansweredError(
          `${where}: no answer (${reason}); will send again, marked as a re-send`,
          cause,
        );
      throw new ChannelRetryableError(`${where}: no answer (${reason}); will retry`, null, undefined, cause);
    }
    const status = response.status;
    if (status >= 200 && status < 300) return;
    if (status === 408 || status === 429 || status >= 500) {
      const retryAfterS = Number(response.headers.get('retry-after'));
      const retryAfterMs = Number.isFinite(retryAfterS) && retryAfterS > 0 ? retryAfterS * 1000 : undefined;
      throw new ChannelRetryableError(`${where}: HTTP ${status}; will retry`, status, retryAfterMs);
    }
    if ([401, 403, 404, 410].includes(status)) {
      throw new ChannelBrokenCodeError(
        `${where}: HTTP ${status} — check the URL and its credentials`,
        status,
      );
    }
    throw new ChannelPayloadError(`${where}: HTTP ${status} — the receiver refused the message`, status);
  }

  const channel: Channel<JsonWebhookPayload> = {
    id: options.id ?? 'json-webhook',
    ...(options.maxPerMinute ? { maxPerMinute: options.maxPerMinute } : {}),
    render: (alert, opts) => [{ alerts: [alert], text: text([alert], opts) }],
    renderBurst: (alerts, opts) => [
      { payload: { alerts, text: text(alerts, opts) }, covers: alerts.map((_, i) => i) },
    ],
    deliver,
    send: (alerts, opts) => sendAll(channel, alerts, opts),
  };
  return channel;
}

/** The origin only: paths (ntfy topics, Bark keys), queries and user info often are the secret. */
function safeTarget(url: string): string {
  try {
    const u = new URL(url);
    return u.pathname === '/' ? u.origin : `${u.origin}/…`;
  } catch {
    return '(invalid URL)';
  }
}
