import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBarkChannel } from '../../src/notify/channels/bark.js';
import { createEmailChannel } from '../../src/notify/channels/email.js';
import { createPushplusChannel } from '../../src/notify/channels/pushplus.js';
import { createServerchanChannel } from '../../src/notify/channels/serverchan.js';
import {
  ChannelBrokenCodeError,
  ChannelRetryableError,
  ChannelUnknownCodeError,
} from '../../src/notify/errors.js';
import { type Sink, startSink } from '../../src/sink/sink.js';
import { SMTP_PASS } from '../../src/sink/sink-smtp.js';
import { fakeClock } from './doubles.js';
import { dailySummary, holdMade, openings, testAlert } from './fixtures.js';

let sink: Sink;
const clock = fakeClock('2026-11-07T04:00:00.000Z'); // 12:00 in Shanghai
beforeAll(async () => {
  sink = await startSink({ now: clock.now });
});
afterAll(() => sink.close());
beforeEach(() => {
  sink.clear();
  sink.setMode('ok');
  sink.smtp?.setMode('ok');
});

const s = () => sink.standIns;

async function sendOne<P>(
  channel: { render(a: never, o: object): P[]; deliver(p: P): Promise<void> },
  alert: unknown,
  opts = {},
) {
  try {
    for (const p of channel.render(alert as never, opts)) await channel.deliver(p);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

describe('PushPlus', () => {
  const pushplus = (token = s().pushplusToken) =>
    createPushplusChannel({ token, url: s().pushplus, now: clock.now });

  it('sends HTML whose links are the approve and release links', async () => {
    expect(await sendOne(pushplus(), holdMade())).toBeUndefined();
    const [m] = sink.received();
    expect(m?.channel).toBe('pushplus');
    expect(String(m?.body.content)).toContain('href="http://192.168.1.5:8787/approve/tok-a"');
    expect(String(m?.body.content)).toContain('href="http://192.168.1.5:8787/release/tok-r"');
  });

  it('a wrong token (903) marks the channel broken, and the token is in no message', async () => {
    const wrong = 'wrongtoken0123456789abcdef';
    const error = await sendOne(pushplus(wrong), testAlert());
    expect(error).toBeInstanceOf(ChannelBrokenCodeError);
    expect(error?.message).toMatch(/903/);
    expect(error?.message).not.toContain(wrong);
  });

  it('900 (the account may not send more today) waits until local midnight', async () => {
    sink.setMode('45009');
    const error = await sendOne(pushplus(), testAlert());
    expect(error).toBeInstanceOf(ChannelRetryableError);
    // 12:00 in Shanghai: twelve hours to midnight.
    expect((error as ChannelRetryableError).retryAfterMs).toBe(12 * 3_600_000);
  });
});

describe('ServerChan', () => {
  const serverchan = (sendkey = s().serverchanKey) =>
    createServerchanChannel({ sendkey, url: s().serverchan });

  it('keeps the title within 32 characters and the links in the markdown', async () => {
    expect(
      await sendOne(
        serverchan(),
        holdMade({
          observation: {
            ...holdMade().observation,
            title: '少儿创意美术（周六上午班）进阶提高课程'.repeat(2),
          },
        }),
      ),
    ).toBeUndefined();
    const [m] = sink.received();
    expect([...String(m?.body.title)].length).toBeLessThanOrEqual(32);
    expect(String(m?.body.desp)).toContain('(http://192.168.1.5:8787/approve/tok-a)');
  });

  it('any code but 0 is not taken as success, and the SendKey is hidden', async () => {
    const error = await sendOne(serverchan('SCTwrongkey0000'), testAlert());
    expect(error).toBeInstanceOf(ChannelUnknownCodeError);
    expect(error?.message).not.toContain('SCTwrongkey0000');
  });

  it('the free plan’s five a day: the sixth is refused by the stand-in', async () => {
    const channel = serverchan();
    for (let i = 0; i < 5; i++) expect(await sendOne(channel, testAlert())).toBeUndefined();
    // Past the quota the alert waits for the next day (it used to be retried as an unknown code, then lost).
    const sixth = await sendOne(channel, testAlert());
    expect(sixth).toBeInstanceOf(ChannelRetryableError);
    expect(sixth).not.toBeInstanceOf(ChannelUnknownCodeError);
  });
});

describe('Bark', () => {
  it('opens the approve link on tap, is time-sensitive for a hold, and never sends the key in the URL', async () => {
    const seen: string[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(String(input));
      return fetch(input, init);
    };
    expect(await sendOne(createBarkChannel({ url: s().bark, fetch: spy }), holdMade())).toBeUndefined();
    const [m] = sink.received();
    expect(m?.body.url).toBe('http://192.168.1.5:8787/approve/tok-a');
    expect(m?.body.level).toBe('timeSensitive');
    expect(String(m?.body.body)).toContain('http://192.168.1.5:8787/release/tok-r');
    expect(seen.join()).not.toContain('demoBarkDeviceKey0123');
  });

  it('an unknown device key marks the channel broken without showing the key', async () => {
    const url = s().bark.replace('demoBarkDeviceKey0123', 'otherDeviceKey999');
    const error = await sendOne(createBarkChannel({ url }), testAlert());
    expect(error).toBeInstanceOf(ChannelBrokenCodeError);
    expect(error?.message).not.toContain('otherDeviceKey999');
  });
});

describe('e-mail over SMTP (a real SMTP conversation with the stand-in)', () => {
  const email = (smtp = s().smtp, to = ['mom@example.com']) =>
    createEmailChannel({ smtp, from: '捡漏 <jianlou@example.com>', to, timeoutMs: 5000 });

  it('sends a text part and an HTML part, both with the approve and release links', async () => {
    expect(await sendOne(email(), holdMade())).toBeUndefined();
    const [mail] = sink.smtp?.received() ?? [];
    expect(mail?.to).toEqual(['mom@example.com']);
    expect(mail?.subject).toContain('少儿国画');
    expect(mail?.text).toContain('http://192.168.1.5:8787/approve/tok-a');
    expect(mail?.html).toContain('href="http://192.168.1.5:8787/release/tok-r"');
    expect(sink.received().at(-1)?.channel).toBe('email');
  });

  it('a merged message carries every alert; a re-send says so in the subject', async () => {
    const channel = email();
    const [part] = channel.renderBurst(openings(4), { seq: 7, resend: true });
    if (part) await channel.deliver(part.payload);
    const [mail] = sink.smtp?.received() ?? [];
    expect(mail?.subject).toMatch(/4.*#7.*重发/);
    expect(part?.covers).toEqual([0, 1, 2, 3]);
  });

  it('a refused login marks the channel broken, and the password is in no message', async () => {
    const wrong = s().smtp.replace(encodeURIComponent(SMTP_PASS), 'not-the-password-1');
    const error = await sendOne(email(wrong), testAlert());
    expect(error).toBeInstanceOf(ChannelBrokenCodeError);
    expect(error?.message).toMatch(/^e-mail via smtp:\/\/127\.0\.0\.1:\d+: .*refused the login/);
    expect(`${error?.message} ${String((error as Error).cause)}`).not.toContain('not-the-password-1');
  });

  it('a refused recipient (550) is a config problem: broken, naming what to fix', async () => {
    const error = await sendOne(email(undefined, ['nobody@example.invalid']), dailySummary());
    expect(error).toBeInstanceOf(ChannelBrokenCodeError);
    expect(error?.message).toMatch(/notify\.channels\[\]\.from \/ to/);
  });

  it('421 (try again later) is retried', async () => {
    sink.smtp?.setMode('421');
    const error = await sendOne(email(), testAlert());
    expect(error).toBeInstanceOf(ChannelRetryableError);
  });
});
