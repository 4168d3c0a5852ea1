import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { TLSSocket } from 'node:tls';
import zlib from 'node:zlib';
import { type CookieJar, headerBytes } from './cookie-jar.js';
import { getHeader, type Headers, removeHeader, setHeader } from './fetch-body.js';

/**
 * One request of the browser-free request client, with its redirects, over node:http / node:https
 * — the transport Playwright's own request context uses, so the wire looks the same (no headers
 * added, raw header names kept) and network errors read the same (`connect ECONNREFUSED …`).
 */

export interface SecurityDetails {
  protocol?: string;
  subjectName?: string;
  issuer?: string;
  validFrom?: number;
  validTo?: number;
}

export interface RawResponse {
  url: string;
  status: number;
  statusText: string;
  /** [name, value] pairs as the server sent them (names in its case). */
  headers: { name: string; value: string }[];
  body: Buffer;
  serverAddr: { ipAddress: string; port: number } | null;
  securityDetails: SecurityDetails | null;
  /** Of the last hop: wall-clock start (ms since the epoch), then ms since it. */
  timing: { startTime: number; responseStart: number; responseEnd: number };
}

export interface Hop {
  url: URL;
  method: string;
  headers: Headers;
  body: Buffer | undefined;
  /** Redirects still allowed; -1: return a 3xx as it is. */
  redirectsLeft: number;
}

export interface TransportDeps {
  jar: CookieJar;
  agent(protocol: string): http.Agent;
  /** Aborted on timeout, on the caller's signal and on dispose; its reason is what to throw. */
  signal: AbortSignal;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const BODY_HEADERS = [
  'content-encoding',
  'content-language',
  'content-length',
  'content-location',
  'content-type',
];

/** Node's message with its system code, as Playwright's protocol shows it ("socket hang up (ECONNRESET)"). */
export function networkMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const nested = (error as { errors?: unknown[] }).errors;
  let message = error.message;
  if (error.name === 'AggregateError' && !message && nested?.length) {
    message = nested.map((e) => (e instanceof Error ? e.message : String(e))).join('\n');
  }
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string' || !/^E[A-Z0-9]+$/.test(code) || message.includes(code)) return message;
  return `${message} (${code})`;
}

function decompress(body: Buffer, encoding: string | undefined): Buffer {
  if (!body.byteLength) return body;
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') {
      return zlib.gunzipSync(body, {
        flush: zlib.constants.Z_SYNC_FLUSH,
        finishFlush: zlib.constants.Z_SYNC_FLUSH,
      });
    }
    if (encoding === 'br') {
      return zlib.brotliDecompressSync(body, {
        flush: zlib.constants.BROTLI_OPERATION_FLUSH,
        finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH,
      });
    }
    if (encoding === 'deflate') {
      // As browsers: zlib-wrapped (what the name means) or raw deflate (what many servers send).
      try {
        return zlib.inflateSync(body);
      } catch {
        return zlib.inflateRawSync(body);
      }
    }
  } catch (error) {
    throw new Error(`failed to decompress '${encoding}' encoding: ${(error as Error).message}`);
  }
  return body;
}

function securityOf(response: IncomingMessage): SecurityDetails | null {
  const socket = response.socket;
  if (!(socket instanceof TLSSocket)) return null;
  const cert = socket.getPeerCertificate();
  const first = (field: string | string[] | undefined) => (Array.isArray(field) ? field[0] : field);
  return {
    protocol: socket.getProtocol() ?? undefined,
    subjectName: first(cert?.subject?.CN),
    issuer: first(cert?.issuer?.CN),
    validFrom: cert?.valid_from ? new Date(cert.valid_from).getTime() / 1000 : undefined,
    validTo: cert?.valid_to ? new Date(cert.valid_to).getTime() / 1000 : undefined,
  };
}

/** The next hop of a redirect, or undefined when this answer is the final one. */
function redirectOf(hop: Hop, response: IncomingMessage): Hop | undefined {
  const status = response.statusCode ?? 0;
  if (!REDIRECTS.has(status) || hop.redirectsLeft < 0) return undefined;
  if (hop.redirectsLeft === 0) throw new Error('Max redirect count exceeded');
  const location = Buffer.from(response.headers.location ?? '', 'latin1').toString('utf8');
  if (!location) return undefined;
  let next: URL;
  try {
    next = new URL(location, hop.url);
  } catch {
    // Without its query: a redirect may carry a token there, and messages end up in logs.
    throw new Error(`uri requested responds with an invalid redirect URL: ${location.split('?', 1)[0]}`);
  }
  const headers = { ...hop.headers };
  removeHeader(headers, 'cookie');
  let { method, body } = hop;
  if (
    ((status === 301 || status === 302) && method === 'POST') ||
    (status === 303 && !['GET', 'HEAD'].includes(method))
  ) {
    method = 'GET';
    body = undefined;
    for (const name of BODY_HEADERS) removeHeader(headers, name);
  }
  setHeader(headers, 'host', next.host);
  if (next.origin !== hop.url.origin) removeHeader(headers, 'authorization');
  return { url: next, method, headers, body, redirectsLeft: hop.redirectsLeft - 1 };
}

interface Answer {
  response: IncomingMessage;
  body: Buffer;
  serverAddr: RawResponse['serverAddr'];
  securityDetails: SecurityDetails | null;
  timing: RawResponse['timing'];
}

/** One request; `follows(response)`: a redirect that will be followed (its body is not waited for). */
function sendOnce(
  hop: Hop,
  deps: TransportDeps,
  follows: (response: IncomingMessage) => boolean,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const { signal } = deps;
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const startTime = Date.now();
    const started = performance.now();
    let responseStart = -1;
    const client = hop.url.protocol === 'https:' ? https : http;
    let answered = false;
    const request = client.request(hop.url, {
      method: hop.method,
      headers: hop.headers,
      agent: deps.agent(hop.url.protocol),
    });
    const onAbort = () => {
      request.destroy();
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    request.on('close', () => signal.removeEventListener('abort', onAbort));
    request.on('error', (error) => {
      // A reset after the whole answer arrived is the server closing a kept-alive socket.
      if (!answered) reject(error);
    });
    request.on('response', (response) => {
      responseStart = performance.now() - started;
      const { remoteAddress, remotePort } = response.socket ?? {};
      const serverAddr =
        remoteAddress !== undefined && remotePort !== undefined
          ? { ipAddress: remoteAddress, port: remotePort }
          : null;
      const securityDetails = securityOf(response);
      let follow = false;
      try {
        follow = follows(response);
      } catch {
        // send() asks again and reports it (too many redirects).
      }
      if (follow) {
        // As Playwright: a redirect is followed on its headers; its body (slow, or never ending) is dropped.
        answered = true;
        const timing = { startTime, responseStart, responseEnd: responseStart };
        resolve({ response, body: Buffer.alloc(0), serverAddr, securityDetails, timing });
        request.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('aborted', () => reject(new Error('aborted')));
      response.on('error', reject);
      response.on('end', () => {
        answered = true;
        const timing = { startTime, responseStart, responseEnd: performance.now() - started };
        resolve({ response, body: Buffer.concat(chunks), serverAddr, securityDetails, timing });
      });
    });
    if (hop.body) request.write(hop.body);
    request.end();
  });
}

/** Sends the hop, keeps every hop's cookies, follows redirects, and reads the final body whole. */
export async function send(hop: Hop, deps: TransportDeps): Promise<RawResponse> {
  let current = hop;
  for (;;) {
    if (getHeader(current.headers, 'cookie') === undefined) {
      const cookie = deps.jar.header(current.url);
      // A value outside Latin-1 (`U=张三`) goes as its UTF-8 bytes, as Chromium sends it.
      if (cookie) setHeader(current.headers, 'cookie', headerBytes(cookie));
    }
    const hop = current;
    const { response, body, serverAddr, securityDetails, timing } = await sendOnce(
      hop,
      deps,
      (r) => redirectOf(hop, r) !== undefined,
    );
    const setCookies = response.headers['set-cookie'];
    if (setCookies) deps.jar.receive(setCookies, current.url);
    const next = redirectOf(current, response);
    if (next) {
      current = next;
      continue;
    }
    const raw = response.rawHeaders;
    const headers: { name: string; value: string }[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) headers.push({ name: raw[i] ?? '', value: raw[i + 1] ?? '' });
    return {
      url: current.url.toString(),
      status: response.statusCode ?? 0,
      statusText: response.statusMessage ?? '',
      headers,
      body: decompress(body, response.headers['content-encoding']?.toLowerCase()),
      serverAddr,
      securityDetails,
      timing,
    };
  }
}
