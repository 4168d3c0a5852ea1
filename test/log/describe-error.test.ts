import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { PortalChangedError } from '../../src/core/errors.js';
import { scrubSecrets } from '../../src/core/scrub.js';
import { createLogger, describeError } from '../../src/log/logger.js';

/** describeError() and the deep scrub of logged fields: what may reach alerts, stdout and logs. */

describe('describeError()', () => {
  it('our own errors (code E_…) keep every line; anything else only its first', () => {
    const own = new PortalChangedError('no #seats on the page\nupdate the flow');
    expect(describeError(own)).toBe('no #seats on the page\nupdate the flow');
    const foreign = new Error('locator.click: Timeout\nCall log:\n  - waiting');
    expect(describeError(foreign)).toBe('locator.click: Timeout');
    const wrongCode = Object.assign(new Error('first\nsecond'), { code: 'ECONNRESET' });
    expect(describeError(wrongCode)).toBe('first');
    const numericCode = Object.assign(new Error('first\nsecond'), { code: 5 });
    expect(describeError(numericCode)).toBe('first');
    const endsWith = Object.assign(new Error('first\nsecond'), { code: 'X_E_' });
    expect(describeError(endsWith)).toBe('first');
    expect(describeError({ code: 'E_X', message: 'a\nb' })).toBe('[object Object]');
    // Only an Error is trusted to be one of ours, even with an E_ code.
    expect(describeError({ code: 'E_X', toString: () => 'shown\nhidden' })).toBe('shown');
    expect(describeError('plain\ntext')).toBe('plain');
  });

  it('strips colour codes and scrubs secrets, with no secret by default', () => {
    expect(describeError(new Error('\u001b[31mred\u001b[39m hunter22-secret'), ['hunter22-secret'])).toBe(
      'red [redacted]',
    );
    expect(describeError(new Error('Stryker was here'))).toBe('Stryker was here');
  });
});

describe('scrubSecrets() by value', () => {
  it('replaces secrets of 4 characters or more, never shorter ones; none by default', () => {
    expect(scrubSecrets('pin abc and abcd', ['abc'])).toBe('pin abc and abcd');
    expect(scrubSecrets('pin abcd', ['abcd'])).toBe('pin [redacted]');
    expect(scrubSecrets('Stryker was here')).toBe('Stryker was here');
  });
});

describe('logged fields are scrubbed deep, in arrays too', () => {
  it('scrubs a secret in nested objects and arrays', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger({ destination, secrets: ['hunter22-secret'] });
    log.info({ a: { list: ['x hunter22-secret', { b: 'hunter22-secret' }] }, n: 1, none: null }, 'm');
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(line.a).toEqual({ list: ['x [redacted]', { b: '[redacted]' }] });
    expect(line.n).toBe(1);
    expect(line.none).toBeNull();
    log.info({ l1: { l2: { l3: { l4: { l5: { l6: { v: 'hunter22-secret' } } } } } } }, 'six levels');
    expect(lines[1]).not.toContain('hunter22-secret');
  });
});

describe('what the logger writes for errors and odd fields', () => {
  const capture = () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    return { lines, log: createLogger({ destination, secrets: ['hunter22-secret'] }) };
  };

  it('an Error under err keeps its type, scrubbed message and stack; a number stays as it is', () => {
    const { lines, log } = capture();
    log.error({ err: new TypeError('POST with hunter22-secret failed') }, 'failed');
    log.warn({ err: 42 }, 'odd');
    const first = JSON.parse(lines[0] ?? '{}') as {
      err?: { type?: string; message?: string; stack?: string };
    };
    expect(first.err?.type).toBe('TypeError');
    expect(first.err?.message).toBe('POST with [redacted] failed');
    expect(first.err?.stack).toContain('TypeError: POST with [redacted] failed');
    expect(lines[0]).not.toContain('hunter22-secret');
    expect((JSON.parse(lines[1] ?? '{}') as { err?: unknown }).err).toBe(42);
  });

  it('a field that refers to itself is logged once, not walked forever', () => {
    const { lines, log } = capture();
    const loop: Record<string, unknown> = { name: 'hunter22-secret' };
    loop.self = loop;
    const ring: unknown[] = ['hunter22-secret'];
    ring.push(ring);
    log.info({ loop, ring }, 'cyclic');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('hunter22-secret');
  });
});
