import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import { readHtml } from '../../src/flow/html-document.js';

/**
 * The kit's form entries (src/flow/html-form.ts) against what Chromium itself posts for the same
 * form: a checked checkbox or radio without a value attribute is sent as "on" (the HTML standard's
 * default), one with an empty value as "".
 */
const FORM = `<!doctype html><meta charset="utf-8"><form method="post" action="/post">
<input type="checkbox" name="agree" checked>
<input type="radio" name="slot" checked>
<input type="checkbox" name="empty" value="" checked>
<input type="checkbox" name="off">
<input type="checkbox" name="kept" value="yes" checked>
<button type="submit">go</button></form>`;

describe('a checkbox without a value, as a real browser posts it', () => {
  let browser: Browser;
  let server: Server;
  let posted: Promise<string>;
  let url = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    let received: (body: string) => void = () => {};
    posted = new Promise((resolve) => {
      received = resolve;
    });
    server = createServer((req, res) => {
      if (req.method === 'POST') {
        let body = '';
        req.on('data', (d: Buffer) => {
          body += d.toString('utf8');
        });
        req.on('end', () => {
          received(body);
          res.end('ok');
        });
        return;
      }
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(FORM);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('Chromium posts "on" for it, and the kit reads the same entries', async () => {
    const context = await newContext(browser);
    try {
      const page = await context.newPage();
      await page.goto(url);
      await page.click('button');
      const body = await posted;
      const sent = [...new URLSearchParams(body)];
      expect(sent).toEqual([
        ['agree', 'on'],
        ['slot', 'on'],
        ['empty', ''],
        ['kept', 'yes'],
      ]);
      const form = (await readHtml(FORM, { url, charset: 'utf-8' })).form();
      expect(form.entries).toEqual(sent);
    } finally {
      await context.close();
    }
  }, 60_000);
});
