import { z } from 'zod';

/**
 * A client for the test-mode `/__admin/` routes of docs/portal-api.md. The flow contract suite drives
 * any fake portal through these, so a user's own fake portal only has to serve the same routes.
 */

export type FaultName =
  | 'none'
  | '500'
  | 'hang'
  | '429'
  | 'slow'
  | 'redesign'
  | 'maintenance'
  | 'busy'
  | '503'
  | 'cut';
export type FaultTarget = 'api' | 'pages' | 'all';

const adminState = z.object({
  courses: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      seats: z.number(),
      capacity: z.number().optional(),
      phase: z.enum(['lottery', 'open', 'closed']),
    }),
  ),
  carts: z.array(z.object({ itemId: z.string().optional(), courseId: z.string(), studentId: z.string() })),
  orders: z.array(
    z.object({
      orderId: z.string().optional(),
      courseId: z.string(),
      studentId: z.string(),
      status: z.string(),
    }),
  ),
});

export type AdminState = z.infer<typeof adminState>;

export interface PortalAdmin {
  reset(): Promise<void>;
  setSeats(courseId: string, seats: number): Promise<void>;
  expireSessions(): Promise<void>;
  fault(
    target: FaultTarget,
    fault: FaultName,
    extra?: { retryAfterSeconds?: number; delayMs?: number },
  ): Promise<void>;
  config(settings: {
    holdSeconds?: number;
    sessionTtlSeconds?: number;
    maxCartItems?: number;
  }): Promise<void>;
  state(): Promise<AdminState>;
}

export function portalAdmin(baseUrl: string): PortalAdmin {
  const root = baseUrl.replace(/\/+$/, '');

  async function call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${root}/__admin/${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok)
      throw new Error(`${method} /__admin/${path} answered ${response.status}: ${text.slice(0, 200)}`);
    return text ? (JSON.parse(text) as unknown) : undefined;
  }

  return {
    reset: async () => void (await call('POST', 'reset', {})),
    setSeats: async (courseId, seats) => void (await call('POST', 'seats', { courseId, seats })),
    expireSessions: async () => void (await call('POST', 'expire-sessions', {})),
    fault: async (target, fault, extra = {}) =>
      void (await call('POST', 'faults', { target, fault, ...extra })),
    config: async (settings) => void (await call('POST', 'config', settings)),
    state: async () => adminState.parse(await call('GET', 'state')),
  };
}
