import type { BrowserContext } from 'playwright';
import { describe, expect, it } from 'vitest';
import { jsonLeaves, traceSecrets } from '../../src/browser/trace-secrets.js';

/**
 * Which values a trace must not hold (issue 26 item 4): the session a check started from and the
 * one it has now, their cookies, their localStorage values and the string leaves of the JSON ones.
 * The context is a stand-in answering storageState() only (the Chromium test uses a real one).
 */

const context = (state: unknown) => ({ storageState: async () => state }) as unknown as BrowserContext;

/** `{ k: { k: … "leaf" } }`, the leaf `levels` objects deep. */
const nested = (levels: number, leaf: string): unknown =>
  levels === 0 ? leaf : { k: nested(levels - 1, leaf) };

describe('jsonLeaves', () => {
  it('finds leaves down to 8 objects deep, not deeper', () => {
    expect(jsonLeaves(JSON.stringify(nested(8, 'deep-leaf-8')))).toEqual(['deep-leaf-8']);
    expect(jsonLeaves(JSON.stringify(nested(9, 'deep-leaf-9')))).toEqual([]);
  });
  it('skips null, numbers and booleans among the leaves', () => {
    expect(jsonLeaves(JSON.stringify({ a: null, b: 12345678, c: true, d: 'token-abcdef' }))).toEqual([
      'token-abcdef',
    ]);
  });
  it('a JSON string at the top is a leaf of its own', () => {
    expect(jsonLeaves(JSON.stringify('bare-token-1234'))).toEqual(['bare-token-1234']);
  });
});

describe('traceSecrets', () => {
  it("the starting session's JSON localStorage gives its leaves too", async () => {
    const secrets = await traceSecrets(
      context({ cookies: [] }),
      {
        cookies: [],
        origins: [{ localStorage: [{ value: JSON.stringify({ auth: { jwt: 'jwt-start-1234' } }) }] }],
      },
      [],
    );
    expect(secrets).toContain('jwt-start-1234');
    expect(secrets).toContain(JSON.stringify({ auth: { jwt: 'jwt-start-1234' } }));
  });

  it('a localStorage value that is not JSON is a secret as it is', async () => {
    const secrets = await traceSecrets(
      context({ cookies: [], origins: [{ localStorage: [{ value: 'plain-token-5678' }] }] }),
      { cookies: [] },
      [],
    );
    expect(secrets).toEqual(['plain-token-5678']);
  });

  it('extra values (a password) join, short ones do not', async () => {
    const secrets = await traceSecrets(context({ cookies: [] }), { cookies: [] }, [
      'hunter22',
      'abc',
      undefined,
    ]);
    expect(secrets).toEqual(['hunter22']);
  });
});
