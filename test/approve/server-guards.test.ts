import { statSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startApprovalServer } from '../../src/approve/server.js';
import { formProof, verifyToken } from '../../src/approve/tokens.js';
import { launchBrowser, newContext } from '../../src/browser/launch.js';
import { BadInputError, JianlouError } from '../../src/core/errors.js';
import { approvalPictures, TEST_SHOTS } from '../pictures/shots.js';
import { createFakeDecider, NOW, sampleView } from './fake-decider.js';
import { type Harness, recordingLogger, SECRET, startHarness, submit } from './harness.js';
import { createMapKv } from './map-kv.js';

describe('approval server guards', () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let h: Harness | undefined;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    context = await newContext(browser);
    page = await context.newPage();
  });
  afterEach(async () => {
    await context.close();
    await h?.close();
    h = undefined;
  });

  it('sends the security headers, and the inline style and script run under the strict CSP', async () => {
    h = await startHarness();
    await page.addInitScript(() => {
      const seen: string[] = [];
      Object.assign(window, { __violations: seen });
      document.addEventListener('securitypolicyviolation', (e) => seen.push(e.violatedDirective));
    });
    const res = await page.goto(h.links().approveUrl);
    const headers = res?.headers() ?? {};
    expect(headers).toMatchObject({
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
    });
    expect(headers['content-security-policy']).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    expect(headers['x-powered-by']).toBeUndefined();
    const button = page.getByRole('button', { name: '确认报名' });
    await expect(button.evaluate((b) => getComputedStyle(b).minHeight)).resolves.toBe('60px');
    await expect(
      page.evaluate(() => (window as unknown as { __violations: string[] }).__violations),
    ).resolves.toEqual([]);

    const bad = await page.goto(`${h.server.url}/h/nonsense`);
    expect(bad?.status()).toBe(400);
    expect(bad?.headers()['cache-control']).toBe('no-store');
    const health = await page.goto(`${h.server.url}/healthz`);
    expect(health?.status()).toBe(200);
    await expect(health?.json()).resolves.toEqual({ ok: true });
  });

  it('refuses a body over 2 kb with 413 and decides nothing', async () => {
    h = await startHarness();
    await page.goto(h.links().approveUrl);
    await page.locator('input[name=proof]').evaluate((el) => {
      (el as HTMLInputElement).value = 'x'.repeat(4096);
    });
    const res = await submit(page, '确认报名');
    expect(res.status()).toBe(413);
    await expect(page.locator('h1').textContent()).resolves.toBe('请求太大');
    expect(h.decider.calls).toEqual([]);
  });

  it('ignores bodies that are not a urlencoded form', async () => {
    h = await startHarness();
    const res = await page.request.post(h.links().approveUrl, { data: { action: 'approve', proof: 'x' } });
    expect(res.status()).toBe(400);
    expect(h.decider.calls).toEqual([]);
  });

  it('answers 429 past the per-IP rate limit, but keeps /healthz reachable', async () => {
    h = await startHarness({ rateLimit: { max: 3, windowMs: 60_000 } });
    const { approveUrl } = h.links();
    for (let i = 0; i < 3; i++) expect((await page.goto(approveUrl))?.status()).toBe(200);
    const limited = await page.goto(approveUrl);
    expect(limited?.status()).toBe(429);
    // What is left of the minute window, in whole seconds (the clock runs while the test does).
    const retryAfter = Number(limited?.headers()['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    await expect(page.locator('h1').textContent()).resolves.toBe('操作太频繁');
    const post = await page.request.post(approveUrl, { form: { action: 'approve', proof: 'x' } });
    expect(post.status()).toBe(429);
    expect((await page.goto(`${h.server.url}/healthz`))?.status()).toBe(200);
    expect(h.decider.calls).toEqual([]);
  });

  it('refuses a cross-site form POST even with a valid form proof', async () => {
    h = await startHarness();
    const { approveUrl } = h.links();
    const verdict = verifyToken(approveUrl.split('/h/')[1] ?? '', SECRET, NOW);
    if (!verdict.ok) throw new Error('link did not verify');
    const proof = formProof(verdict.claims, SECRET);
    const evil = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(`<form method="post" action="${approveUrl}"><input type="hidden" name="action" value="approve">
<input type="hidden" name="proof" value="${proof}"><button>win a prize</button></form>`);
    });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', r));
    try {
      // localhost and 127.0.0.1 are different sites to the browser.
      await page.goto(`http://localhost:${(evil.address() as AddressInfo).port}/`);
      await submit(page, 'win a prize');
      await expect(page.locator('h1').textContent()).resolves.toBe('页面已失效');
      expect(h.decider.calls).toEqual([]);
      expect(h.kv.size()).toBe(0);
    } finally {
      await new Promise<void>((r) => evil.close(() => r()));
    }
  });

  it('behind a proxy (trustProxy) records the client IP from X-Forwarded-For, and not otherwise', async () => {
    for (const trustProxy of [true, false]) {
      h = await startHarness({ trustProxy });
      const { approveUrl } = h.links();
      const verdict = verifyToken(approveUrl.split('/h/')[1] ?? '', SECRET, NOW);
      if (!verdict.ok) throw new Error('link did not verify');
      const res = await page.request.post(approveUrl, {
        form: { action: 'approve', proof: formProof(verdict.claims, SECRET) },
        headers: { 'x-forwarded-for': '192.168.1.20' },
      });
      expect(res.status()).toBe(200);
      expect(h.decider.calls[0]?.who.ip).toBe(trustProxy ? '192.168.1.20' : '127.0.0.1');
      await h.close();
      h = undefined;
    }
  });

  it('logs hold, action and IP of a decision but never the token or the form proof', async () => {
    h = await startHarness();
    const { approveUrl } = h.links();
    const token = approveUrl.split('/h/')[1] ?? '';
    await page.goto(`${approveUrl}x`);
    await page.goto(approveUrl);
    const proof = await page.locator('input[name=proof]').inputValue();
    await submit(page, '确认报名');
    await page.goto(approveUrl);
    expect(await page.content()).not.toContain(token);
    const logged = JSON.stringify(h.logger.lines);
    for (const secretish of [token, token.split('.')[1] ?? '', proof, SECRET]) {
      expect(logged).not.toContain(secretish);
    }
    expect(h.logger.lines).toContainEqual(
      expect.objectContaining({
        obj: expect.objectContaining({ holdId: 'CART-1001', action: 'approve', outcome: 'approved' }),
      }),
    );
    expect(logged).toContain('127.0.0.1');
  });

  it('takes phone-size screenshots of the confirmation and the approved pages into test-results/', async () => {
    const files = await approvalPictures(browser, TEST_SHOTS);
    expect(files.map((f) => basename(f))).toEqual(['approval-confirm.png', 'approval-done.png']);
    for (const file of files) {
      expect(file.startsWith(TEST_SHOTS)).toBe(true);
      expect(statSync(file).size).toBeGreaterThan(10_000);
    }
  });
});

describe('approval server start-up', () => {
  const base = () => ({ secret: SECRET, kv: createMapKv(), decider: createFakeDecider(sampleView()) });

  it('warns in the log when it listens beyond loopback', async () => {
    const logger = recordingLogger();
    const server = await startApprovalServer({ ...base(), listen: '0.0.0.0:0', logger });
    await server.close();
    expect(logger.lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      expect.stringContaining('beyond this machine'),
    ]);
  });

  it('stays quiet on loopback and builds its public URL from the option, not the Host header', async () => {
    const logger = recordingLogger();
    const server = await startApprovalServer({
      ...base(),
      listen: '127.0.0.1:0',
      publicUrl: 'https://jl.example.cn/',
      logger,
    });
    await server.close();
    expect(server.publicUrl).toBe('https://jl.example.cn');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    expect(logger.lines.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('rejects a bad listen address and a port in use with typed errors', async () => {
    await expect(startApprovalServer({ ...base(), listen: 'localhost' })).rejects.toThrow(BadInputError);
    const first = await startApprovalServer({ ...base(), listen: '127.0.0.1:0' });
    try {
      await expect(startApprovalServer({ ...base(), listen: `127.0.0.1:${first.port}` })).rejects.toThrow(
        JianlouError,
      );
    } finally {
      await first.close();
    }
  });
});
