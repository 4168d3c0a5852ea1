import { describe, expect, it } from 'vitest';
import { failureOf } from '../../../src/app/cycle/outcomes.js';
import {
  ActionRefusedError,
  BadInputError,
  CaptchaRequiredError,
  ChannelBrokenError,
  JianlouError,
  PortalChangedError,
  PortalUnavailableError,
  RateLimitedError,
  SessionExpiredError,
} from '../../../src/core/errors.js';

/**
 * How a failed account check becomes a run outcome, a problem for decide() and a log level. A wrong
 * mapping tells the family the wrong thing (a dead session reported as the portal being down, or
 * an operator's bug hidden as a warning).
 */
describe('failureOf(): what a failed check is recorded and told as', () => {
  it('maps each expected failure to its own outcome and problem, as a warning', () => {
    expect(failureOf(new SessionExpiredError('logged out'))).toEqual({
      outcome: 'session_expired',
      problem: 'session_expired',
      level: 'warn',
    });
    expect(failureOf(new PortalChangedError('no #seats'))).toEqual({
      outcome: 'portal_changed',
      problem: 'portal_changed',
      level: 'warn',
    });
    expect(failureOf(new RateLimitedError('slow down', 30_000))).toEqual({
      outcome: 'rate_limited',
      problem: 'rate_limited',
      level: 'warn',
    });
    expect(failureOf(new PortalUnavailableError('HTTP 503'))).toEqual({
      outcome: 'unavailable',
      problem: 'portal_unavailable',
      level: 'warn',
    });
  });

  it('a captcha is a session a person must renew (a subclass of session expired)', () => {
    expect(failureOf(new CaptchaRequiredError('captcha'))).toEqual({
      outcome: 'session_expired',
      problem: 'session_expired',
      level: 'warn',
    });
  });

  it('anything else is our error: logged as an error, told as the portal being unavailable', () => {
    const unexpected = { outcome: 'error', problem: 'portal_unavailable', level: 'error' };
    for (const thrown of [
      new Error('TypeError in a flow'),
      new TypeError('x is undefined'),
      new JianlouError('base'),
      new BadInputError('bad'),
      new ActionRefusedError('no seats', 'no_seats'),
      new ChannelBrokenError('robot removed'),
      'a string',
      undefined,
      null,
      { name: 'SessionExpiredError', message: 'not an instance' },
    ]) {
      expect({ thrown, failure: failureOf(thrown) }).toEqual({ thrown, failure: unexpected });
    }
  });
});
