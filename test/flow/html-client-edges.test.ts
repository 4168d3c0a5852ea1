import { describe, expect, it } from 'vitest';
import { PortalChangedError, SessionExpiredError } from '../../src/core/errors.js';
import { signalWithDeadline } from '../../src/flow/deadline.js';
import { htmlClient } from '../../src/flow/html-client.js';
import { readHtml } from '../../src/flow/html-document.js';
import { PortalHttpError } from '../../src/flow/http.js';
import { NotHtmlError } from '../../src/flow/read-errors.js';
import type { FlowContext } from '../../src/flow/types.js';
import { caught, useKitServer } from './kit-server.js';
import { type RawRoute, send } from './raw-server.js';

/**
 * The kit's HTML client (src/flow/html-client.ts) at the edges the other tests leave open (issue 26,
 * test strength): which statuses are redirects and what each keeps of a post, the headers a
 * redirected GET drops, what counts as a page, the login form a flow names, the limits of a request.
 */
const html = (body: string, title = '课程') =>
  `<html><head><title>${title}</title></head><body>${body}</body></html>`;
const page =
  (body: string, title?: string, status = 200): RawRoute =>
  (_q, res) =>
    send(res, status, 'text/html; charset=utf-8', html(body, title));
const to =
  (status: number, location?: string): RawRoute =>
  (_q, res) =>
    res.writeHead(status, location ? { location } : {}).end();

const server = useKitServer({
  '/echo': (q, res, body) =>
    send(
      res,
      200,
      'text/html',
      html(
        `<p id="m">${q.method}</p><p id="b">${body.toString('latin1')}</p><p id="q">${q.url}</p>` +
          `<p id="r">${q.headers.referer ?? ''}</p><p id="o">${q.headers.origin ?? ''}</p>` +
          `<p id="t">${q.headers['content-type'] ?? ''}</p><p id="x">${q.headers['x-a'] ?? ''}</p>`,
      ),
    ),
  '/r301': to(301, '/echo'),
  '/r302': to(302, '/echo'),
  '/r308': to(308, '/echo'),
  '/r300': to(300, '/echo'),
  '/r302-bare': to(302),
  '/r302-login': to(302, '/sso/auth'),
  '/chain': to(302, '/chain2'),
  '/loop': to(302, '/loop'),
  '/chain2': to(302, '/echo'),
  '/spaced': (_q, res) => send(res, 200, 'text/html', '\n  <p id="s">ok</p>'),
  '/xhtml': (_q, res) => send(res, 200, 'application/xhtml+xml', '<p id="s">ok</p>'),
  '/text-lt': (_q, res) => send(res, 200, 'text/plain', '<p>not a page</p>'),
  '/text-doctype': (_q, res) => send(res, 200, 'text/plain', '  <!doctype html><p id="s">ok</p>'),
  '/text-body': (_q, res) => send(res, 200, 'text/plain', '<body><p id="s">ok</p></body>'),
  '/blank': (_q, res) => send(res, 200, 'text/html', '   '),
  '/sso-form': page('<form><input class="sso-user" name="u"></form>', '统一认证'),
  '/long-alert': page(`<script>alert('${'错'.repeat(100)}')</script>`, 't', 400),
  '/created': page('<p id="s">ok</p>', 'ok', 201),
  '/busy-alert': page("<script>alert('系统繁忙，请稍后')</script>", '课程'),
  '/hang': () => undefined,
});

describe('htmlClient redirects', () => {
  it('301 and 302 turn a post into a GET without its body headers; 308 keeps it all', async () => {
    const web = htmlClient(server.ctx, { headers: { 'x-a': 'kept' } });
    for (const path of ['/r301', '/r302']) {
      const doc = await web.post(path, [['a', '1']], { referer: `${server.url}/list` });
      expect([doc.text('#m'), doc.text('#b'), doc.text('#t'), doc.text('#o')]).toEqual(['GET', '', '', '']);
      expect(doc.text('#x')).toBe('kept');
      expect(doc.text('#r')).toBe(`${server.url}/list`);
      expect(doc.url).toBe(`${server.url}/echo`);
    }
    const kept = await web.post('/r308', [['a', '1']]);
    expect([kept.text('#m'), kept.text('#b'), kept.text('#o')]).toEqual(['POST', 'a=1', server.url]);
    expect(kept.text('#t')).toBe('application/x-www-form-urlencoded');
  });

  it('a 300, or a 3xx without a Location, is not followed: the flow hears the status', async () => {
    const web = htmlClient(server.ctx);
    const e = await caught(web.get('/r300'));
    expect(e).toBeInstanceOf(NotHtmlError);
    expect(e.message).toContain('answered HTTP 300 with an empty answer');
    expect((await caught(web.get('/r302-bare'))).message).toContain('answered HTTP 302 with an empty answer');
  });

  it('each hop is checked for the login; the default limit is 10 hops and a flow may lower it', async () => {
    const web = htmlClient(server.ctx, { loggedOut: { redirect: ['/sso'] } });
    expect(await caught(web.get('/r302-login'))).toBeInstanceOf(SessionExpiredError);
    expect((await web.get('/chain')).text('#m')).toBe('GET');
    const e = await caught(htmlClient(server.ctx, { maxRedirects: 1 }).get('/chain'));
    expect(e.message).toBe(`GET ${server.url}/chain2: more than 1 redirects — has the portal changed?`);
    const before = server.seen.length;
    const ten = await caught(htmlClient(server.ctx).get('/loop'));
    expect(ten).toBeInstanceOf(PortalChangedError);
    expect(ten.message).toContain('more than 10 redirects');
    expect(server.seen.length - before).toBe(11);
  });
});

describe('htmlClient pages', () => {
  it('a page may start with white space, be XHTML, or be sent as text when it opens with html, head, body or a doctype', async () => {
    const web = htmlClient(server.ctx);
    for (const path of ['/spaced', '/xhtml', '/text-doctype', '/text-body']) {
      expect((await web.get(path)).text('#s')).toBe('ok');
    }
    const e = await caught(web.get('/text-lt'));
    expect(e).toBeInstanceOf(NotHtmlError);
    expect(e.message).toBe(
      `GET ${server.url}/text-lt answered HTTP 200 with text/plain, expected an HTML page — has the portal changed?`,
    );
    expect((await caught(web.get('/blank'))).message).toContain('with an empty answer');
  });

  it("a flow's own login-form selector replaces the password field", async () => {
    const own = htmlClient(server.ctx, { loggedOut: { loginForm: '.sso-user' } });
    const e = await caught(own.get('/sso-form'));
    expect(e).toBeInstanceOf(SessionExpiredError);
    expect(e.message).toContain('(the portal shows the login form)');
    expect((await htmlClient(server.ctx).get('/sso-form')).title).toBe('统一认证');
  });

  it('an alert saying busy is unavailable; any 2xx is a page; an odd status quotes 80 characters of its alert', async () => {
    const web = htmlClient(server.ctx);
    const busy = await caught(web.get('/busy-alert'));
    expect(busy).toBeInstanceOf(PortalHttpError);
    expect(busy.message).toBe(
      `GET ${server.url}/busy-alert: the page says "系统繁忙" (the portal is unavailable for now)`,
    );
    expect((await web.get('/created')).status).toBe(201);
    const odd = await caught(web.get('/long-alert'));
    expect(odd).toBeInstanceOf(PortalChangedError);
    expect(odd.message).toBe(
      `GET ${server.url}/long-alert answered HTTP 400 ("${'错'.repeat(80)}") — has the portal changed?`,
    );
  });
});

describe('htmlClient requests', () => {
  it('a post sends UTF-8 by default; its own headers win over the defaults; a GET form keeps the referer', async () => {
    const web = htmlClient(server.ctx, { headers: () => ({ 'x-a': 'fixed' }) });
    const doc = await web.post(
      '/echo',
      { 课: '画' },
      { headers: { 'x-a': 'mine', origin: 'http://other.test' } },
    );
    expect(doc.text('#b')).toBe('%E8%AF%BE=%E7%94%BB');
    expect(doc.text('#x')).toBe('mine');
    expect(doc.text('#o')).toBe('http://other.test');
    expect(doc.text('#r')).toBe('');
    const form = await readHtml('<form id="g" action="/echo"><input name="q" value="1"></form>', {
      url: `${server.url}/list`,
    });
    const got = await web.submit(form.form('#g'), { q: '2' }, { headers: { 'x-a': 'per-submit' } });
    expect(got.text('#q')).toBe('/echo?q=2');
    expect(got.text('#x')).toBe('per-submit');
    const posted = await web.submit(
      await readHtml('<form method="post" action="/echo"><input name="q" value="1"></form>', {
        url: `${server.url}/list`,
      }).then((d) => d.form()),
      {},
      { headers: { 'x-a': 'per-post' } },
    );
    expect([posted.text('#m'), posted.text('#b'), posted.text('#x')]).toEqual(['POST', 'q=1', 'per-post']);
  });

  it("the client's and the request's timeout, and their share of the time left, bound a request", async () => {
    const failsFast = async (p: Promise<unknown>, signal: AbortSignal) => {
      const e = await caught(p);
      expect(e).toBeInstanceOf(PortalHttpError);
      expect(e.message).toMatch(/\/hang failed: /);
      expect(signal.aborted).toBe(false);
    };
    const timed = () => ({ ...server.ctx, signal: signalWithDeadline(4000) }) as FlowContext;
    let c = timed();
    await failsFast(htmlClient(c, { timeoutMs: 200 }).get('/hang'), c.signal);
    c = timed();
    await failsFast(htmlClient(c, { timeoutMs: 60_000 }).get('/hang', { timeoutMs: 200 }), c.signal);
    c = timed();
    await failsFast(htmlClient(c, { shareOfTimeLeft: 0.05 }).get('/hang'), c.signal);
    c = timed();
    await failsFast(htmlClient(c, { shareOfTimeLeft: 1 }).get('/hang', { shareOfTimeLeft: 0.05 }), c.signal);
  });
});

describe('a page that can no longer be read', () => {
  /** The context's fetch, its response disposed before the client reads it (the session closing). */
  const closing = (signalOf?: AbortController) =>
    ({
      ...server.ctx,
      ...(signalOf ? { signal: signalOf.signal } : {}),
      request: {
        fetch: async (...args: Parameters<FlowContext['request']['fetch']>) => {
          const response = await server.ctx.request.fetch(...args);
          await response.dispose();
          signalOf?.abort();
          return response;
        },
      },
    }) as unknown as FlowContext;

  it('is unavailable, in one line; a check cancelled meanwhile says so', async () => {
    const e = await caught(htmlClient(closing()).get('/echo?sid=1'));
    expect(e).toBeInstanceOf(PortalHttpError);
    expect((e as PortalHttpError).status).toBeNull();
    expect(e.message).toBe(`GET ${server.url}/echo: could not read the answer: Response has been disposed`);
    const stopped = await caught(htmlClient(closing(new AbortController())).get('/echo'));
    expect(stopped).not.toBeInstanceOf(PortalHttpError);
    expect(stopped.message).toBe(
      `GET ${server.url}/echo stopped: the check was cancelled (timed out or shutting down)`,
    );
  });
});
