import { afterAll, beforeAll } from 'vitest';
import { browserFreeContext, type RawRoute, type Seen, startRawServer } from './raw-server.js';

/**
 * What the kit's client tests share (test/flow/kit-*.test.ts and the readers' tests): a raw server
 * on 127.0.0.1 port 0 with a browser-free flow context on it, and `caught` for the error a call throws.
 */

export interface KitServer {
  /** The server's origin (`http://127.0.0.1:<port>`). */
  readonly url: string;
  /** Every request the server saw, in order. */
  readonly seen: Seen[];
  /** A flow context as a check makes it, with no browser, its base URL the server. */
  readonly ctx: Awaited<ReturnType<typeof browserFreeContext>>;
}

/**
 * Starts the server with these routes (and the context on it) before the tests of the enclosing
 * file or `describe`, and closes both after them. Read its fields inside tests, not at load time.
 */
export function useKitServer(routes: Record<string, RawRoute>): KitServer {
  let server: Awaited<ReturnType<typeof startRawServer>> | undefined;
  let ctx: KitServer['ctx'] | undefined;
  beforeAll(async () => {
    server = await startRawServer(routes);
    ctx = await browserFreeContext(server.url);
  });
  afterAll(async () => {
    await ctx?.dispose();
    await server?.close();
  });
  const started = () => {
    if (!server || !ctx) throw new Error('the kit server is read before its beforeAll ran');
    return { server, ctx };
  };
  return {
    get url() {
      return started().server.url;
    },
    get seen() {
      return started().server.seen;
    },
    get ctx() {
      return started().ctx;
    },
  };
}

/** The error the promise rejects with; fails the test when it resolves. */
export async function caught(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}
