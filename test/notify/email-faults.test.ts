import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEmailChannel } from '../../src/notify/channels/email.js';
import { ChannelRetryableError, ChannelUnansweredError } from '../../src/notify/errors.js';
import { type SmtpSink, startSmtpSink } from '../../src/sink/sink-smtp.js';
import { testAlert } from './fixtures.js';

/**
 * E-mail under the faults `npm run chaos` plays (bench/chaos-channels.ts): a mail the server took
 * whose answer never came is a possible duplicate (re-sent labelled); one that never left is not.
 */

let smtp: SmtpSink;
beforeAll(async () => {
  // The late answer comes long after the channel's timeout (3 s: a loaded machine must still get the
  // message out within it).
  smtp = await startSmtpSink({ lateMs: 30_000 });
});
afterAll(() => smtp.close());
beforeEach(() => {
  smtp.clear();
  smtp.setMode('ok');
});

const email = () =>
  createEmailChannel({
    smtp: smtp.url,
    from: 'jianlou@example.com',
    to: ['mom@example.com'],
    timeoutMs: 3_000,
  });

async function deliverOne(): Promise<Error | undefined> {
  const channel = email();
  try {
    for (const p of channel.render(testAlert(), {})) await channel.deliver(p);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

describe('e-mail when the answer to the message is lost', () => {
  it('the server took the mail and closed before its 250: may have arrived (re-sent labelled)', async () => {
    smtp.setMode('lost-answer');
    const error = await deliverOne();
    expect(smtp.received()).toHaveLength(1);
    expect(error).toBeInstanceOf(ChannelUnansweredError);
  });

  it("the 250 comes after the channel's timeout: the channel gives up and says it may have arrived", async () => {
    smtp.setMode('late');
    const error = await deliverOne();
    expect(smtp.received()).toHaveLength(1);
    expect(error).toBeInstanceOf(ChannelUnansweredError);
    expect(error?.message).not.toContain(smtp.url);
  });

  it('a server that never greets is retried plainly: nothing was sent', async () => {
    smtp.setMode('hang');
    const error = await deliverOne();
    expect(smtp.received()).toHaveLength(0);
    expect(error).toBeInstanceOf(ChannelRetryableError);
    expect(error).not.toBeInstanceOf(ChannelUnansweredError);
  });

  it('greylisting at MAIL FROM (451) is retried plainly', async () => {
    smtp.setMode('451');
    const error = await deliverOne();
    expect(error).toBeInstanceOf(ChannelRetryableError);
    expect(error).not.toBeInstanceOf(ChannelUnansweredError);
  });
});
