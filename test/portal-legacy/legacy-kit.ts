/**
 * Helpers for the legacy style's tests: a small HTTP client that keeps cookies by path (longest path
 * first, as a browser sends them), posts forms percent-encoded in GBK as a browser does for a GBK page,
 * and decodes answers from GBK. Deliberately independent of the product's request client.
 */
import iconv from 'iconv-lite';
import { expect } from 'vitest';

export const MOM = { phone: '13800000000', password: 'demo1234' };
export const NEIGHBOUR = { phone: '13900000000', password: 'demo1234' };
export const TEST_CAPTCHA = '8888';
export const TOKEN_FIELD = 'org.apache.struts.taglib.html.TOKEN';

export interface Page {
  status: number;
  headers: Headers;
  bytes: Buffer;
  /** The body decoded as GBK. */
  text: string;
  location: string | null;
}

interface Cookie {
  name: string;
  value: string;
  path: string;
  order: number;
}

/** A GBK form body: every byte outside the unreserved set is %XX. */
export function gbkForm(fields: Record<string, string>): string {
  const enc = (s: string) =>
    [...iconv.encode(s, 'gbk')]
      .map((b) =>
        /[A-Za-z0-9\-_.*]/.test(String.fromCharCode(b))
          ? String.fromCharCode(b)
          : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
      )
      .join('');
  return Object.entries(fields)
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&');
}

export class LegacyClient {
  cookies: Cookie[] = [];
  private order = 0;
  constructor(
    readonly base: string,
    readonly userAgent?: string,
  ) {}

  /** The Cookie header a browser would send to this path: longest path first, then oldest. */
  cookieHeader(path: string): string {
    return this.cookies
      .filter((c) => path.startsWith(c.path))
      .sort((a, b) => b.path.length - a.path.length || a.order - b.order)
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  jsessionid(path: '/' | '/xk/'): string | undefined {
    return this.cookies.find((c) => c.name === 'JSESSIONID' && c.path === path)?.value;
  }

  async request(method: 'GET' | 'POST', path: string, form?: Record<string, string>): Promise<Page> {
    const pathname = path.split('?')[0] ?? path;
    const headers: Record<string, string> = { cookie: this.cookieHeader(pathname) };
    if (this.userAgent) headers['user-agent'] = this.userAgent;
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers,
      redirect: 'manual',
      ...(form ? { body: gbkForm(form) } : {}),
    });
    for (const line of response.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const cookiePath = attrs.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const cookie = {
        name: pair.slice(0, eq),
        value: pair.slice(eq + 1),
        path: cookiePath,
        order: this.order++,
      };
      this.cookies = this.cookies.filter((c) => !(c.name === cookie.name && c.path === cookie.path));
      this.cookies.push(cookie);
    }
    const bytes = Buffer.from(await response.arrayBuffer());
    return {
      status: response.status,
      headers: response.headers,
      bytes,
      text: iconv.decode(bytes, 'gbk'),
      location: response.headers.get('location'),
    };
  }

  get = (path: string) => this.request('GET', path);
  post = (path: string, form: Record<string, string>) => this.request('POST', path, form);
}

/** The form token of a page (every page with a form carries a new one). */
export function tokenOf(page: Page): string {
  const token = new RegExp(`name="${TOKEN_FIELD.replace(/\./g, '\\.')}" value="([0-9a-f]+)"`).exec(
    page.text,
  )?.[1];
  if (!token) throw new Error(`no form token in: ${page.text.slice(0, 300)}`);
  return token;
}

/** The message of an alert-script answer, or undefined for a page. */
export function alertOf(page: Page): string | undefined {
  return /<script>alert\('([^']*)'\)/.exec(page.text)?.[1];
}

/** The text of a table cell after a header cell: `cellAfter(page, '报名状态')`. */
export function cellAfter(page: Page, label: string): string | undefined {
  return new RegExp(`<th[^>]*>${label}</th><td[^>]*>([^<]*)</td>`).exec(page.text)?.[1];
}

/** The whole login by requests: password + test captcha, then the SMS code the test-mode page shows. */
export async function logIn(client: LegacyClient, account = MOM): Promise<void> {
  const form = await client.get('/xk/login.jsp');
  const step1 = await client.post('/xk/login.do', {
    [TOKEN_FIELD]: tokenOf(form),
    sjhm: account.phone,
    mm: account.password,
    yzm: TEST_CAPTCHA,
  });
  expect([step1.status, step1.location, alertOf(step1)]).toEqual([302, '/xk/sms.jsp', undefined]);
  const sms = await client.get('/xk/sms.jsp');
  const code = /短信验证码：<b>(\d{6})<\/b>/.exec(sms.text)?.[1];
  expect(code, sms.text).toBeDefined();
  const step2 = await client.post('/xk/sms.do', { [TOKEN_FIELD]: tokenOf(sms), dxyzm: code ?? '' });
  expect([step2.status, step2.location]).toEqual([302, '/xk/index.jsp']);
}

/** Pre-registers a course for a child through its page; answers the result page. */
export async function preRegister(client: LegacyClient, courseId: string, studentId = 'S001'): Promise<Page> {
  const detail = await client.get(`/xk/kcxx.jsp?kcid=${courseId}`);
  return client.post('/xk/ybm.do', { [TOKEN_FIELD]: tokenOf(detail), kcid: courseId, xsid: studentId });
}

export async function admin(base: string, method: 'GET' | 'POST', path: string, body?: object) {
  const response = await fetch(`${base}/__admin/${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
