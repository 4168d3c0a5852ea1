/** Helpers for the spa style's tests: plain fetch against its API origin, as a flow or the page would. */
import { expect } from 'vitest';
import type { SpaAdminState } from '../../src/portal/server.js';

export const MOM = { phone: '13800000000', password: 'demo1234' };
export const NEIGHBOUR = { phone: '13900000000', password: 'demo1234' };

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

export async function call<T = Record<string, unknown>>(
  apiUrl: string,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Answer<T>> {
  const response = await fetch(`${apiUrl}${path}`, {
    method,
    headers: {
      accept: 'application/json',
      ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...options.headers,
    },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T };
}

export async function loginToken(apiUrl: string, account = MOM): Promise<string> {
  const answer = await call<{ token: string }>(apiUrl, 'POST', '/api/v1/auth/login', { body: account });
  expect(answer.status).toBe(200);
  return answer.body.token;
}

export async function adminPost(apiUrl: string, path: string, body: object = {}): Promise<Answer> {
  return call(apiUrl, 'POST', `/__admin/${path}`, { body });
}

export async function adminState(apiUrl: string): Promise<SpaAdminState> {
  const answer = await call<SpaAdminState>(apiUrl, 'GET', '/__admin/state');
  expect(answer.status).toBe(200);
  return answer.body;
}

export interface EventJson {
  id: string;
  title: string;
  date: string;
  start: string;
  end: string;
  capacity: number;
  remaining: number;
  status: 'open' | 'full' | 'closed';
}

export async function eventOf(apiUrl: string, token: string, id: string): Promise<EventJson | undefined> {
  const answer = await call<{ events: EventJson[] }>(apiUrl, 'GET', `/api/v1/events?ids=${id}`, { token });
  expect(answer.status).toBe(200);
  return answer.body.events[0];
}
