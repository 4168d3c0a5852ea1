import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningPortal, startPortal } from '../../src/portal/server.js';
import { adminPost } from './portal-kit.js';

/** The demo portal's "down for a while" faults, over plain HTTP: what a flow must not read as a redesign. */
let portal: RunningPortal;
let url: string;

beforeAll(async () => {
  portal = await startPortal({ testMode: true });
  url = portal.url;
});
afterAll(async () => {
  await portal?.close();
});
beforeEach(async () => {
  await adminPost(url, 'reset');
});

describe('demo portal: maintenance, busy, 503 and cut connections', () => {
  it('maintenance answers HTTP 200 "系统维护中": a page on pages, a JSON notice on the API', async () => {
    expect((await adminPost(url, 'faults', { target: 'all', fault: 'maintenance' })).status).toBe(200);
    const page = await fetch(`${url}/courses/ART-101`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(await page.text()).toContain('<h1>系统维护中</h1>');
    const api = await fetch(`${url}/api/courses?ids=ART-101`);
    expect(api.status).toBe(200);
    expect(await api.json()).toEqual({ error: 'maintenance', message: '系统维护中，请稍后再试。' });
  });

  it('busy answers HTTP 200 "系统繁忙"', async () => {
    await adminPost(url, 'faults', { target: 'all', fault: 'busy' });
    const page = await fetch(`${url}/courses`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('系统繁忙，请稍后再试。');
    expect(await (await fetch(`${url}/api/cart`)).json()).toMatchObject({ error: 'busy' });
  });

  it('503 answers the maintenance notice with HTTP 503 and Retry-After', async () => {
    await adminPost(url, 'faults', { target: 'pages', fault: '503', retryAfterSeconds: 120 });
    const page = await fetch(`${url}/courses`);
    expect(page.status).toBe(503);
    expect(page.headers.get('retry-after')).toBe('120');
    expect(await page.text()).toContain('系统维护中');
    // Only the pages: the API still answers.
    expect((await fetch(`${url}/api/courses?ids=ART-101`)).status).toBe(401);
  });

  it('cut closes the connection without an answer; login and /__admin still answer', async () => {
    await adminPost(url, 'faults', { target: 'all', fault: 'cut' });
    await expect(fetch(`${url}/courses`)).rejects.toThrow();
    await expect(fetch(`${url}/api/courses?ids=ART-101`)).rejects.toThrow();
    expect((await fetch(`${url}/login`)).status).toBe(200);
    expect((await fetch(`${url}/__admin/state`)).status).toBe(200);
  });

  it('refuses a fault it does not know, naming the known ones', async () => {
    const answer = await adminPost(url, 'faults', { target: 'all', fault: 'flood' });
    expect(answer.status).toBe(400);
  });
});
