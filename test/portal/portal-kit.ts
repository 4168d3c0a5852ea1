/** Helpers for the demo portal's own tests: logging in (through the form or over HTTP) and admin calls. */

import type { APIRequestContext, Page } from 'playwright';
import { expect } from 'vitest';
import type { AdminState } from '../../src/portal/server.js';

export interface TestAccount {
  username: string;
  password: string;
}

export const MOM: TestAccount = { username: '13800000000', password: 'demo1234' };
export const NEIGHBOUR: TestAccount = { username: '13900000000', password: 'demo1234' };
export const TEST_CAPTCHA = '8888';

/** Fills the login form like a person would and waits to land on the page behind it. */
export async function loginWithForm(
  page: Page,
  baseUrl: string,
  returnUrl = '/courses',
  account = MOM,
): Promise<void> {
  await page.goto(`${baseUrl}/login?returnUrl=${encodeURIComponent(returnUrl)}`);
  await page.fill('input[name=username]', account.username);
  await page.fill('input[name=password]', account.password);
  await page.fill('input[name=captcha]', TEST_CAPTCHA);
  await Promise.all([page.waitForURL(`${baseUrl}${returnUrl}`), page.click('button[type=submit]')]);
}

/** Posts the login form over HTTP (the cookie lands in the request context's jar); returns the CSRF token. */
export async function loginWithRequest(
  request: APIRequestContext,
  baseUrl: string,
  account = MOM,
): Promise<string> {
  await request.get(`${baseUrl}/login`);
  const login = await request.post(`${baseUrl}/login`, {
    form: { ...account, captcha: TEST_CAPTCHA, returnUrl: '/courses' },
    maxRedirects: 0,
  });
  expect(login.status()).toBe(302);
  const session = await request.get(`${baseUrl}/api/session`);
  expect(session.status()).toBe(200);
  const body = (await session.json()) as { csrfToken: string };
  return body.csrfToken;
}

export async function adminPost(baseUrl: string, path: string, body: object = {}): Promise<Response> {
  return fetch(`${baseUrl}/__admin/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export async function adminState(baseUrl: string): Promise<AdminState> {
  const response = await fetch(`${baseUrl}/__admin/state`);
  expect(response.status).toBe(200);
  return (await response.json()) as AdminState;
}

export async function seatsOf(baseUrl: string, courseId: string): Promise<number | undefined> {
  return (await adminState(baseUrl)).courses.find((c) => c.id === courseId)?.seats;
}
