import iconv from 'iconv-lite';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext, newRequestContext } from '../../src/browser/launch.js';
import { createLazySession } from '../../src/browser/lazy-session.js';
import { readHtml, UnknownCharsetError } from '../../src/flow/public.js';
import { send, startRawServer } from '../flow/raw-server.js';

/**
 * Issue 27: `ctx.request` decodes bodies as Chromium decodes the page. Each body is served, byte
 * for byte, to a Chromium page and to `ctx.request`; what Chromium shows is what `text()` reads.
 */

const enc = (text: string, charset: string) => iconv.encode(text, charset);
const page = (head: string, body: string) => `<html><head>${head}</head><body><p>${body}</p></body></html>`;
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

const BODIES: Record<string, { type: string | undefined; bytes: Buffer; shows: string }> = {
  '/header-gbk': {
    type: 'text/html; charset=GBK',
    bytes: enc(page('', '少儿国画 已满'), 'gbk'),
    shows: '少儿国画 已满',
  },
  '/meta-http-equiv-gb2312': {
    type: 'text/html',
    bytes: enc(
      page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', '少儿国画'),
      'gbk',
    ),
    shows: '少儿国画',
  },
  '/meta-charset-gb18030': {
    type: undefined,
    bytes: enc(page('<meta charset="gb18030">', '书法 𠀀 €'), 'gb18030'),
    shows: '书法 𠀀 €',
  },
  '/header-big5': {
    type: 'text/html; charset="big5"',
    bytes: enc(page('', '少年宮 舞蹈'), 'big5'),
    shows: '少年宮 舞蹈',
  },
  '/bom-wins-over-header': {
    type: 'text/html; charset=GBK',
    bytes: Buffer.concat([BOM, Buffer.from(page('', '余位 3'))]),
    shows: '余位 3',
  },
  '/header-wins-over-meta': {
    type: 'text/html; charset=utf-8',
    bytes: Buffer.from(page('<meta charset="gbk">', '老师')),
    shows: '老师',
  },
};

describe('bodies decoded as Chromium decodes them (issue 27)', () => {
  let server: Awaited<ReturnType<typeof startRawServer>>;
  let browser: Browser;

  beforeAll(async () => {
    const routes: Parameters<typeof startRawServer>[0] = {};
    for (const [path, body] of Object.entries(BODIES))
      routes[path] = (_q, res) => send(res, 200, body.type, body.bytes);
    routes['/gbk.json'] = (_q, res) =>
      send(res, 200, 'application/json; charset=GBK', enc('{"name":"书法","teacher":"王老师"}', 'gbk'));
    routes['/bom.json'] = (_q, res) =>
      send(res, 200, 'application/json', Buffer.concat([BOM, Buffer.from('{"name":"书法"}')]));
    routes['/plain-utf8'] = (_q, res) => send(res, 200, 'text/html', page('', '课程'));
    routes['/klingon'] = (_q, res) => send(res, 200, 'text/html; charset=x-klingon', '<p>x</p>');
    routes['/meta-klingon'] = (_q, res) => send(res, 200, 'text/html', '<meta charset="x-klingon"><p>x</p>');
    server = await startRawServer(routes);
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it.each(Object.keys(BODIES))('%s: ctx.request’s text() reads what Chromium shows', async (path) => {
    const context = await newContext(browser);
    const tab = await context.newPage();
    await tab.goto(`${server.url}${path}`);
    const shown = await tab.textContent('p');
    await context.close();
    expect(shown).toBe(BODIES[path]?.shows);

    const request = await newRequestContext({ storageState: { cookies: [], origins: [] } });
    const text = await (await request.get(`${server.url}${path}`)).text();
    await request.dispose();
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    expect((await readHtml(text, { url: `${server.url}${path}` })).text('p')).toBe(shown);
  });

  it('with no charset anywhere, text() reads UTF-8 (Chromium guesses by its UI language: windows-1252 here)', async () => {
    const request = await newRequestContext({ storageState: { cookies: [], origins: [] } });
    try {
      expect(await (await request.get(`${server.url}/plain-utf8`)).text()).toBe(page('', '课程'));
    } finally {
      await request.dispose();
    }
  });

  it('json() reads a GBK answer by its charset and a UTF-8 one with a BOM', async () => {
    const request = await newRequestContext({ storageState: { cookies: [], origins: [] } });
    try {
      expect(await (await request.get(`${server.url}/gbk.json`)).json()).toEqual({
        name: '书法',
        teacher: '王老师',
      });
      expect(await (await request.get(`${server.url}/bom.json`)).json()).toEqual({ name: '书法' });
    } finally {
      await request.dispose();
    }
  });

  it('an unknown charset is a typed error naming the URL, never text read from the wrong table', async () => {
    const request = await newRequestContext({ storageState: { cookies: [], origins: [] } });
    try {
      const answer = await request.get(`${server.url}/klingon?token=secret`);
      await expect(answer.text()).rejects.toThrow(UnknownCharsetError);
      await expect(answer.text()).rejects.toThrow(
        `${server.url}/klingon declares charset "x-klingon" (in its Content-Type)`,
      );
      await expect((await request.get(`${server.url}/meta-klingon`)).text()).rejects.toThrow(
        /\(in its meta\)/,
      );
    } finally {
      await request.dispose();
    }
  });

  it('ctx.request reads the same once a page has opened (the browser context’s request answers)', async () => {
    const state = { cookies: [], origins: [] };
    const request = await newRequestContext({ storageState: state });
    const lazy = createLazySession({
      baseUrl: server.url,
      accountId: 'mom',
      request,
      storageState: state,
      openContext: (seed) => newContext(browser, { storageState: seed }),
    });
    try {
      await lazy.ctx.page();
      const answer = await lazy.ctx.request.get(`${server.url}/header-gbk`);
      expect(await answer.text()).toContain('少儿国画 已满');
      expect(await (await lazy.ctx.request.get(`${server.url}/gbk.json`)).json()).toEqual({
        name: '书法',
        teacher: '王老师',
      });
    } finally {
      await lazy.ctx.close();
      await (await lazy.settled())?.close();
      await request.dispose();
    }
  });
});
