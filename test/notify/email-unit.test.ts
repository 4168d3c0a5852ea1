import type { Transporter } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import {
  createEmailChannel,
  EMAIL_MAX_PER_MINUTE,
  type EmailMessage,
} from '../../src/notify/channels/email.js';
import {
  ChannelBrokenCodeError,
  ChannelPayloadError,
  ChannelRetryableError,
  ChannelUnansweredError,
  ChannelUnknownCodeError,
} from '../../src/notify/errors.js';
import { startSmtpSink } from '../../src/sink/sink-smtp.js';
import { expectOneThenMerged, failureOf, useStandIn } from './channel-kit.js';
import { dailySummary, holdMade, opening, openings, testAlert } from './fixtures.js';

/**
 * E-mail: the two parts it sends, and what each SMTP failure means for the alert (the server's
 * login, a "later", a refused envelope or message, a connection lost before or after the message
 * went out), with the SMTP password in no message, raw or URL-decoded.
 */

const PASS = 'p@ss+w!&rd-0123';
const SMTP = `smtps://mom%40example.com:${encodeURIComponent(PASS)}@smtp.example.com:465`;
const WHERE = 'e-mail via smtps://smtp.example.com:465';

/** A transport that records what it was asked to send and then fails with `error` (if any). */
function transport(error?: unknown) {
  const sent: Record<string, unknown>[] = [];
  const t = {
    sendMail: async (mail: Record<string, unknown>) => {
      sent.push(mail);
      if (error !== undefined) throw error;
      return { messageId: '<1@x>' };
    },
  } as unknown as Transporter;
  return { sent, t };
}

const email = (over: Partial<Parameters<typeof createEmailChannel>[0]> = {}) =>
  createEmailChannel({ smtp: SMTP, from: '捡漏 <jianlou@example.com>', to: ['mom@example.com'], ...over });

const smtpError = (fields: Record<string, unknown>, message = 'failed') =>
  Object.assign(new Error(message), fields);

async function errorOf(error: unknown, over: Partial<Parameters<typeof createEmailChannel>[0]> = {}) {
  const channel = email({ transport: transport(error).t, ...over });
  const [m] = channel.render(testAlert(), {});
  return failureOf<Error & { errcode?: number | null; retryAfterMs?: number }>(
    channel.deliver(m as EmailMessage),
  );
}

describe('e-mail rendering', () => {
  it('one message: the title as subject, a text part and an HTML page, the links in both', () => {
    const parts = email().render(holdMade(), {});
    expect(parts).toHaveLength(1);
    const [m] = parts;
    expect(m?.subject).toBe('已占位：少儿国画（初级）');
    expect(m?.text).toMatch(/^已占位：少儿国画（初级）\n/);
    expect(m?.text).toContain('http://192.168.1.5:8787/approve/tok-a');
    expect(m?.html).toMatch(
      /^<!doctype html><html><head><meta charset="utf-8"><title>已占位：少儿国画（初级）<\/title><\/head><body style="font:15px\/1\.5 [^"]+;color:#222;max-width:640px"><h2 /,
    );
    expect(m?.html).toContain('href="http://192.168.1.5:8787/release/tok-r"');
    expect(m?.html).toMatch(/<\/body><\/html>$/);
  });

  it('the page title is escaped HTML; the subject is the plain title', () => {
    const tricky = opening({ observation: { ...opening().observation, title: '<b>A&B</b>' } });
    const [m] = email().render(tricky, {});
    expect(m?.subject).toBe('有空位：<b>A&B</b>');
    expect(m?.html).toContain('<title>有空位：&lt;b&gt;A&amp;B&lt;/b&gt;</title>');
  });

  it('a burst is one message carrying every alert, the re-send mark only in the subject', () => {
    const parts = email().renderBurst(openings(3), { seq: 5, resend: true });
    expect(parts).toHaveLength(1);
    const [part] = parts;
    expect(part?.covers).toEqual([0, 1, 2]);
    const m = part?.payload;
    expect(m?.subject).toMatch(/3 条新提醒 #5（重发）$/);
    const texts = m?.text.split('\n\n----\n\n') ?? [];
    expect(texts).toHaveLength(3);
    expect(texts[0]).toMatch(/^有空位：少儿国画 1 班\n/);
    expect(m?.text).not.toMatch(/班（重发）/);
    expect(m?.html.split('\n<hr>\n')).toHaveLength(3);
    expect(m?.html).toContain(`<title>${m?.subject}</title>`);
    expect(email().renderBurst([], {})).toEqual([]);
  });

  it('send delivers one alert as its own mail, several as one merged mail', async () => {
    const { sent, t } = transport();
    await expectOneThenMerged(email({ transport: t }), () => sent.map((m) => m.subject));
  });

  it('is named email by default, its id otherwise, 10 a minute', () => {
    expect(email().id).toBe('email');
    expect(email({ id: 'mail-dad' }).id).toBe('mail-dad');
    expect(email().maxPerMinute).toBe(10);
    expect(EMAIL_MAX_PER_MINUTE).toBe(10);
  });
});

describe('e-mail delivery', () => {
  it('sends from the configured sender to every recipient with both parts', async () => {
    const { sent, t } = transport();
    const channel = email({ transport: t, to: ['mom@example.com', 'dad@example.com'] });
    const [m] = channel.render(holdMade(), {});
    await channel.deliver(m as EmailMessage);
    expect(sent).toEqual([
      { from: '捡漏 <jianlou@example.com>', to: ['mom@example.com', 'dad@example.com'], ...m },
    ]);
  });

  it('a refused login is broken: fix the user and password (an app password), then doctor --send', async () => {
    const e = await errorOf(smtpError({ code: 'EAUTH', responseCode: 535 }, 'Invalid login: 535 5.7.8 bad'));
    expect(e).toBeInstanceOf(ChannelBrokenCodeError);
    expect(e?.errcode).toBe(535);
    expect(e?.message).toBe(
      `${WHERE}: Invalid login: 535 5.7.8 bad — the SMTP server refused the login: fix the user and password in notify.channels[].smtp (many providers want an app password), then run: jianlou doctor --send`,
    );
  });

  it('a 4xx reply (closing, greylisted, storage) waits five minutes', async () => {
    for (const reply of [400, 421, 451, 499]) {
      const e = await errorOf(smtpError({ code: 'EENVELOPE', responseCode: reply }, `${reply} later`));
      expect(e).toBeInstanceOf(ChannelRetryableError);
      expect(e).not.toBeInstanceOf(ChannelUnansweredError);
      expect(e).not.toBeInstanceOf(ChannelUnknownCodeError);
      expect(e?.errcode).toBe(reply);
      expect(e?.retryAfterMs).toBe(300_000);
      expect(e?.message).toBe(`${WHERE}: ${reply} later — the server asks to try again later`);
    }
  });

  it('a temporary login failure (454) is "later", not a wrong password', async () => {
    const e = await errorOf(
      smtpError(
        { code: 'EAUTH', responseCode: 454 },
        'Invalid login: 454 4.7.0 Temporary authentication failure',
      ),
    );
    expect(e).toBeInstanceOf(ChannelRetryableError);
    expect(e?.retryAfterMs).toBe(300_000);
    expect(e?.message).toMatch(/ — the server asks to try again later$/);
  });

  it('a refused sender or recipient (5xx envelope) is broken: fix from / to', async () => {
    const e = await errorOf(
      smtpError({ code: 'EENVELOPE', responseCode: 550 }, 'Recipient command failed: 550'),
    );
    expect(e).toBeInstanceOf(ChannelBrokenCodeError);
    expect(e?.errcode).toBe(550);
    expect(e?.message).toBe(
      `${WHERE}: Recipient command failed: 550 — the server refused the sender or the recipients: fix notify.channels[].from / to, then run: jianlou doctor --send`,
    );
    const bare = await errorOf(smtpError({ code: 'EENVELOPE', responseCode: 399 }, 'odd'));
    expect(bare).toBeInstanceOf(ChannelBrokenCodeError);
  });

  it('a refused message (5xx after DATA) is not retried', async () => {
    const e = await errorOf(
      smtpError({ code: 'EMESSAGE', responseCode: 552 }, 'Message failed: 552 too big'),
    );
    expect(e).toBeInstanceOf(ChannelPayloadError);
    expect(e?.errcode).toBe(552);
    expect(e?.message).toBe(
      `${WHERE}: Message failed: 552 too big — the server refused this message; not retried`,
    );
  });

  it('a connection lost before the message went out is retried plainly', async () => {
    for (const code of ['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ETLS', 'EPROTOCOL']) {
      const e = await errorOf(smtpError({ code, command: 'CONN' }, 'Connection closed'));
      expect(e).toBeInstanceOf(ChannelRetryableError);
      expect(e).not.toBeInstanceOf(ChannelUnansweredError);
      expect(e).not.toBeInstanceOf(ChannelUnknownCodeError);
      expect(e?.errcode).toBeNull();
      expect(e?.retryAfterMs).toBeUndefined();
      expect(e?.message).toBe(`${WHERE}: Connection closed; will retry`);
    }
  });

  it('lost during DATA or the message: it may have arrived, re-sent labelled', async () => {
    for (const command of ['DATA', 'MESSAGE']) {
      const e = await errorOf(smtpError({ code: 'ECONNECTION', command }, 'Connection closed'));
      expect(e).toBeInstanceOf(ChannelUnansweredError);
      expect(e?.message).toBe(`${WHERE}: Connection closed; will send again, marked as a re-send`);
    }
  });

  it('anything else is an unexpected failure, retried a few times', async () => {
    const e = await errorOf(smtpError({ code: 'ESTREAM', responseCode: 554 }, 'stream broke\nsecond line'));
    expect(e).toBeInstanceOf(ChannelUnknownCodeError);
    expect(e?.errcode).toBe(554);
    expect(e?.message).toBe(`${WHERE}: stream broke — unexpected SMTP failure; will retry a few times`);
    const odd = await errorOf(smtpError({ code: 5, responseCode: '421', command: 7 }, 'odd'));
    expect(odd).toBeInstanceOf(ChannelUnknownCodeError);
    expect(odd?.errcode).toBeNull();
    const thrown = await errorOf('a string');
    expect(thrown).toBeInstanceOf(ChannelUnknownCodeError);
    expect(thrown?.message).toBe(`${WHERE}: a string — unexpected SMTP failure; will retry a few times`);
    const nothing = await errorOf(null);
    expect(nothing?.message).toBe(`${WHERE}: null — unexpected SMTP failure; will retry a few times`);
    const noText = await errorOf({ code: 'EAUTH', message: 42 });
    expect(noText?.message).toMatch(
      /^e-mail via smtps:\/\/smtp\.example\.com:465: \[object Object\] — the SMTP server refused the login/,
    );
  });

  it('the password, raw or URL-encoded, and the SMTP URL are in neither the message nor the cause', async () => {
    const leak = smtpError(
      { code: 'EAUTH', responseCode: 535 },
      `login ${PASS} / ${encodeURIComponent(PASS)} via ${SMTP} refused`,
    );
    const e = await errorOf(leak);
    const cause = e?.cause as (Error & { code?: string }) | undefined;
    const all = `${e?.message} ${cause?.message}`;
    expect(all).not.toContain(PASS);
    expect(all).not.toContain(encodeURIComponent(PASS));
    expect(all).not.toContain('smtps://mom');
    expect(cause?.message).toBe('login *** / *** via *** refused');
    expect(cause?.code).toBe('EAUTH');
  });

  it('a URL without a password, or not a URL, still names the server safely', async () => {
    const plain = await errorOf(smtpError({ code: 'EAUTH' }, 'no'), { smtp: 'smtp://smtp.example.com:587' });
    expect(plain?.message).toMatch(/^e-mail via smtp:\/\/smtp\.example\.com:587: no — /);
    const bad = await errorOf(smtpError({ code: 'EAUTH' }, 'no'), { smtp: 'smtps://u:p%zz@[bad' });
    expect(bad?.message).toMatch(/^e-mail via \(invalid URL\): no — /);
  });
});

describe('e-mail against the SMTP stand-in (a real SMTP conversation)', () => {
  const smtp = useStandIn(() => startSmtpSink({ lateMs: 4_000 }));
  const deliver = (timeoutMs?: number) => {
    const channel = createEmailChannel({
      smtp: smtp.url,
      from: 'jianlou@example.com',
      to: ['mom@example.com'],
      ...(timeoutMs ? { timeoutMs } : {}),
    });
    return failureOf<Error>(channel.deliver(channel.render(dailySummary(), {})[0] as EmailMessage));
  };

  it('delivers with the default timeout', async () => {
    expect(await deliver()).toBeUndefined();
    expect(smtp.received()[0]?.subject).toBe('每日值守报告');
  });

  it('a connection cut after the message went out: may have arrived (the CONN error says no more)', async () => {
    smtp.setMode('cut');
    expect(await deliver(5_000)).toBeInstanceOf(ChannelUnansweredError);
  });

  it('an answer slower than the channel’s timeout is not waited for', async () => {
    smtp.setMode('late');
    const e = await deliver(1_000);
    expect(e).toBeInstanceOf(ChannelRetryableError);
  });

  it('a server busy at the greeting (421) waits five minutes', async () => {
    smtp.setMode('421');
    const e = (await deliver(5_000)) as ChannelRetryableError;
    expect(e).toBeInstanceOf(ChannelRetryableError);
    expect(e.retryAfterMs).toBe(300_000);
    expect(e.message).not.toContain(smtp.url);
  });
});
