import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PortalChangedError } from '../../src/core/errors.js';
import type { Hold, Observation, Order } from '../../src/core/types.js';
import { defineFlow, type Flow, type FlowContext } from '../../src/flow/types.js';

/**
 * A second style of registration site (issue 18), as a test fixture: seats are public (`GET
 * /public/courses` answers without a login), the login is one cookie (`sid`), "not logged in" is
 * HTTP 400 with a text body, the cart lives in the page's localStorage and reserves nothing, and
 * enrolment is final (nothing to pay).
 */
export interface PublicSite {
  url: string;
  /** Seats left per course id. */
  seats: Map<string, number>;
  /** The cookie value that counts as logged in; change it to expire every session. */
  validSid: string;
  /** Requests seen, as "METHOD /path". */
  requests: string[];
  /** Final enrolments (nothing to pay); the account is the student, so they name none. */
  orders: { id: string; courseId: string; status: 'paid'; createdAt: string }[];
  close(): Promise<void>;
}

function sidOf(req: IncomingMessage): string | undefined {
  return /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
}

export async function startPublicSite(): Promise<PublicSite> {
  const site = {
    seats: new Map<string, number>([['PUB-1', 0]]),
    validSid: 'good',
    requests: [] as string[],
    orders: [] as { id: string; courseId: string; status: 'paid'; createdAt: string }[],
  };
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    site.requests.push(`${req.method} ${path}`);
    const loggedIn = sidOf(req) === site.validSid;
    if (path === '/public/courses') {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          courses: [...site.seats].map(([id, seats]) => ({ id, name: `公开课 ${id}`, left: seats })),
        }),
      );
    } else if (path === '/me') {
      if (loggedIn) {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ student: '小明' }));
      } else {
        res.statusCode = 400;
        res.setHeader('content-type', 'text/plain; charset=utf-8');
        res.end('未登录');
      }
    } else if (path === '/orders' && loggedIn) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ orders: site.orders }));
    } else if (path === '/cart') {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end('<!doctype html><title>cart</title><main id="cart"></main>');
    } else {
      res.statusCode = 404;
      res.end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    seats: site.seats,
    get validSid() {
      return site.validSid;
    },
    set validSid(v: string) {
      site.validSid = v;
    },
    requests: site.requests,
    orders: site.orders,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function cartOf(ctx: FlowContext): Promise<Hold[]> {
  const page = await ctx.page();
  if (!page.url().startsWith(ctx.baseUrl)) await page.goto(`${ctx.baseUrl}/cart`);
  return JSON.parse((await page.evaluate(() => localStorage.getItem('cart'))) ?? '[]') as Hold[];
}

async function loggedIn(ctx: FlowContext): Promise<boolean> {
  const response = await ctx.request.get(`${ctx.baseUrl}/me`, { failOnStatusCode: false });
  if (response.status() === 400) return false;
  if (!response.ok()) throw new PortalChangedError(`GET /me answered ${response.status()}`);
  return true;
}

/** The flow an outside family would write for the site above: observe reads the public list. */
export function publicCatalogueFlow(options: { observeProvesLogin?: boolean } = {}): Flow & {
  sessionChecks: number;
} {
  const flow = defineFlow({
    name: 'public-catalogue',
    sessionChecks: 0,
    ...(options.observeProvesLogin ? { observeProvesLogin: true } : {}),
    async checkSession(ctx: FlowContext) {
      flow.sessionChecks += 1;
      return (await loggedIn(ctx)) ? 'ok' : 'expired';
    },
    loginUrl: (ctx: FlowContext) => `${ctx.baseUrl}/login`,
    isLoggedIn: loggedIn,
    // The cart lives in the page's localStorage and reserves nothing at the portal; no studentId.
    async hold(ctx: FlowContext, course: { id: string }): Promise<Hold> {
      const held = (await cartOf(ctx)).find((h) => h.courseId === course.id);
      if (held) return held;
      const item: Hold = {
        id: `cart-${course.id}`,
        courseId: course.id,
        heldAt: new Date().toISOString(),
        expiresAt: null,
      };
      const page = await ctx.page();
      await page.evaluate(
        (json) => localStorage.setItem('cart', json),
        JSON.stringify([...(await cartOf(ctx)), item]),
      );
      return item;
    },
    listHolds: cartOf,
    async listOrders(ctx: FlowContext): Promise<Order[]> {
      const response = await ctx.request.get(`${ctx.baseUrl}/orders`);
      return ((await response.json()) as { orders: Order[] }).orders;
    },
    async observe(ctx: FlowContext, courses: { id: string }[]): Promise<Observation[]> {
      const response = await ctx.request.get(`${ctx.baseUrl}/public/courses`);
      const body = (await response.json()) as { courses: { id: string; name: string; left: number }[] };
      return courses.map((c) => {
        const found = body.courses.find((x) => x.id === c.id);
        const url = `${ctx.baseUrl}/courses/${c.id}`;
        if (!found) return { courseId: c.id, title: c.id, seats: null, state: 'not_found', url };
        return {
          courseId: c.id,
          title: found.name,
          seats: found.left,
          state: found.left > 0 ? 'open' : 'full',
          url,
        };
      });
    },
  });
  return flow;
}

/** A saved session (storage-state JSON) for the site, logged in with `sid` or with no cookie. */
export function sessionFile(sid: string | undefined): string {
  const cookies = sid
    ? [
        {
          name: 'sid',
          value: sid,
          domain: '127.0.0.1',
          path: '/',
          expires: -1,
          httpOnly: true,
          secure: false,
          sameSite: 'Lax',
        },
      ]
    : [];
  return `${JSON.stringify({ cookies, origins: [] })}\n`;
}
