import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { newRequestContext, type StorageState } from '../../src/browser/launch.js';
import { createLazySession } from '../../src/browser/lazy-session.js';
import type { OwnedFlowContext } from '../../src/flow/context.js';

/** What the server saw of one request: its raw body bytes and headers. */
export interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export type RawRoute = (req: IncomingMessage, res: ServerResponse, body: Buffer) => void;

/** A server on 127.0.0.1, port 0, answering bytes exactly as the routes write them; it records every request. */
export async function startRawServer(routes: Record<string, RawRoute>): Promise<{
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const route = routes[new URL(req.url ?? '/', 'http://x').pathname];
      if (route) route(req, res, body);
      else res.writeHead(404, { 'content-type': 'text/plain' }).end('no route');
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Bytes with a content type. */
export function send(
  res: ServerResponse,
  status: number,
  contentType: string | undefined,
  body: Buffer | string,
) {
  res.writeHead(status, contentType ? { 'content-type': contentType } : {});
  res.end(body);
}

/**
 * A flow context as a check makes it, with no browser: `ctx.request` is the browser-free client
 * made from `state` (asking for a page fails the test).
 */
export async function browserFreeContext(
  baseUrl: string,
  state: StorageState = { cookies: [], origins: [] },
): Promise<OwnedFlowContext & { dispose(): Promise<void> }> {
  const request = await newRequestContext({ storageState: state, baseURL: baseUrl });
  const lazy = createLazySession({
    baseUrl,
    accountId: 'mom',
    request,
    storageState: state,
    openContext: () => Promise.reject(new Error('this test expects no browser')),
  });
  return Object.assign(lazy.ctx, { dispose: () => request.dispose() });
}
