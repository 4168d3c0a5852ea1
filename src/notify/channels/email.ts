import nodemailer, { type Transporter } from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import { escapeHtml } from '../../core/html.js';
import type { Alert } from '../../core/types.js';
import { catalogue } from '../../i18n/catalogue.js';
import type { BurstPart, Channel } from '../channel.js';
import { sendAll } from '../channel.js';
import {
  ChannelBrokenCodeError,
  ChannelPayloadError,
  ChannelRetryableError,
  ChannelUnansweredError,
  ChannelUnknownCodeError,
  redactedCause,
} from '../errors.js';
import type { RenderOptions } from '../render.js';
import { burstTag, htmlOf, rendered, textOf } from './markup.js';
import { originOf, scrubberOf } from './post.js';

/**
 * E-mail over SMTP with nodemailer: a text part and an HTML part, the links in both. The server is
 * given as a URL (`smtps://user:pass@smtp.example.com:465`, or `smtp://…:587` with STARTTLS).
 * Facts and sources: docs/channels-reference.md § E-mail.
 */

export const EMAIL_MAX_PER_MINUTE = 10;

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

export interface EmailChannelOptions {
  smtp: string;
  from: string;
  to: string[];
  id?: string;
  timeoutMs?: number;
  /** A ready transport (tests: nodemailer's JSON transport); otherwise one is made from `smtp`. */
  transport?: Transporter;
}

/** The SMTP password of a URL, raw and decoded, so both forms are scrubbed. */
function passwordsOf(smtp: string): string[] {
  try {
    const pass = new URL(smtp).password;
    return pass ? [pass, decodeURIComponent(pass)] : [];
  } catch {
    return [];
  }
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font:15px/1.5 -apple-system,'PingFang SC','Microsoft YaHei',sans-serif;color:#222;max-width:640px">${body}</body></html>`;
}

/** What one sending reached: `streamed` once the whole message was written to the server. */
interface Stage {
  streamed: boolean;
}

/**
 * A transport for one sending from the SMTP URL, with the timeouts (nodemailer reads them only beside
 * the URL, not as `createTransport`'s second argument, which is the mail defaults). nodemailer tells
 * every network failure as `CONN`, whatever the step: its log line for the end of the message stream
 * says when the message itself went out.
 */
function smtpTransport(smtp: string, timeoutMs: number, stage: Stage): Transporter {
  const quiet = () => {};
  const logger = {
    level: quiet,
    trace: quiet,
    debug: quiet,
    warn: quiet,
    error: quiet,
    fatal: quiet,
    info: (entry: unknown) => {
      if ((entry as { tnx?: unknown } | undefined)?.tnx === 'message') stage.streamed = true;
    },
  };
  return nodemailer.createTransport(
    new SMTPTransport({
      url: smtp,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
      logger,
    }),
  );
}

export function createEmailChannel(options: EmailChannelOptions): Channel<EmailMessage> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const scrub = scrubberOf([options.smtp, ...passwordsOf(options.smtp)]);
  const where = `e-mail via ${originOf(options.smtp)}`;

  function render(alert: Alert, opts: RenderOptions): EmailMessage[] {
    const { view, m } = rendered(alert, opts);
    return [{ subject: view.title, text: textOf(view, m), html: page(view.title, htmlOf(view, m)) }];
  }

  /** A mailbox has no size trouble with a handful of alerts: one message carries them all. */
  function renderBurst(alerts: Alert[], opts: RenderOptions): BurstPart<EmailMessage>[] {
    if (alerts.length === 0) return [];
    const m = catalogue(opts.locale).alerts;
    const subject = `${m.burst.title(alerts.length)}${burstTag(m, opts)}`;
    const views = alerts.map((a) => rendered(a, { ...opts, resend: false }));
    return [
      {
        payload: {
          subject,
          text: views.map((r) => textOf(r.view, r.m)).join('\n\n----\n\n'),
          html: page(subject, views.map((r) => htmlOf(r.view, r.m)).join('\n<hr>\n')),
        },
        covers: alerts.map((_, i) => i),
      },
    ];
  }

  async function deliver(message: EmailMessage): Promise<void> {
    const stage: Stage = { streamed: false };
    const transport = options.transport ?? smtpTransport(options.smtp, timeoutMs, stage);
    try {
      await transport.sendMail({ from: options.from, to: options.to, ...message });
    } catch (error) {
      throw classify(error, stage);
    }
  }

  function classify(error: unknown, stage: Stage): Error {
    const e = (error ?? {}) as {
      code?: unknown;
      responseCode?: unknown;
      command?: unknown;
      message?: unknown;
    };
    const code = typeof e.code === 'string' ? e.code : '';
    const reply = typeof e.responseCode === 'number' ? e.responseCode : null;
    const command = typeof e.command === 'string' ? e.command : '';
    const said = scrub(typeof e.message === 'string' ? (e.message.split('\n', 1)[0] ?? '') : String(error));
    const cause = { cause: redactedCause(error, scrub) };
    const head = `${where}: ${said}`;
    if (reply !== null && reply >= 400 && reply < 500) {
      // 421 closing, 450/451 try again (greylisting), 452 storage, 454 a
      // temporary login failure (not a wrong password): all "later".
      return new ChannelRetryableError(
        `${head} — the server asks to try again later`,
        reply,
        5 * 60_000,
        cause,
      );
    }
    if (code === 'EAUTH') {
      return new ChannelBrokenCodeError(
        `${head} — the SMTP server refused the login: fix the user and password in notify.channels[].smtp (many providers want an app password), then run: jianlou doctor --send`,
        reply,
        cause,
      );
    }
    if (code === 'EENVELOPE') {
      return new ChannelBrokenCodeError(
        `${head} — the server refused the sender or the recipients: fix notify.channels[].from / to, then run: jianlou doctor --send`,
        reply,
        cause,
      );
    }
    if (code === 'EMESSAGE')
      return new ChannelPayloadError(`${head} — the server refused this message; not retried`, reply, cause);
    if (['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL'].includes(code)) {
      // Cut or timed out once the message itself was on its way: it may have been delivered.
      if (stage.streamed || command === 'DATA' || command === 'MESSAGE')
        return new ChannelUnansweredError(`${head}; will send again, marked as a re-send`, cause);
      return new ChannelRetryableError(`${head}; will retry`, null, undefined, cause);
    }
    return new ChannelUnknownCodeError(
      `${head} — unexpected SMTP failure; will retry a few times`,
      reply,
      undefined,
      cause,
    );
  }

  const channel: Channel<EmailMessage> = {
    id: options.id ?? 'email',
    maxPerMinute: EMAIL_MAX_PER_MINUTE,
    render,
    renderBurst,
    deliver,
    send: (alerts, opts) => sendAll(channel, alerts, opts),
  };
  return channel;
}
