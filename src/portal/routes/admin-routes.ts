/** `/__admin/*` (test mode only): the switches outside tests use to drive the portal. The spa style reuses the bodies. */
import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import { FAULTS } from '../faults.js';
import type { PortalDeps } from './deps.js';

export const SeatsBody = z.object({ courseId: z.string().min(1), seats: z.number().int().min(0) });
export const FaultsBody = z.object({
  target: z.enum(['api', 'pages', 'all']),
  fault: z.enum(FAULTS),
  retryAfterSeconds: z.number().int().min(0).optional(),
  delayMs: z.number().int().min(0).optional(),
});
export const ConfigBody = z.object({
  holdSeconds: z.number().positive().optional(),
  sessionTtlSeconds: z.number().positive().optional(),
  maxCartItems: z.number().int().min(1).optional(),
});
export const ReleaseBody = z
  .object({
    enabled: z.boolean(),
    minSeconds: z.number().min(0).optional(),
    maxSeconds: z.number().min(0).optional(),
    courseIds: z.array(z.string().min(1)).optional(),
  })
  .refine((r) => r.minSeconds === undefined || r.maxSeconds === undefined || r.minSeconds <= r.maxSeconds, {
    message: 'minSeconds must not exceed maxSeconds',
  });

export function badRequest(res: Response, error: z.ZodError): void {
  res.status(400).json({
    error: 'bad_request',
    issues: error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`),
  });
}

export function adminRoutes(deps: PortalDeps): Router {
  const router = express.Router();
  router.use(express.json({ limit: '16kb' }));

  router.post('/seats', (req, res) => {
    const body = SeatsBody.safeParse(req.body ?? {});
    if (!body.success) return badRequest(res, body.error);
    const course = deps.store.getCourse(body.data.courseId);
    if (!course) {
      res.status(404).json({ error: 'not_found' });
      return;
    }
    if (body.data.seats > course.capacity) {
      res
        .status(400)
        .json({ error: 'bad_request', issues: [`seats: at most the capacity ${course.capacity}`] });
      return;
    }
    deps.store.setSeats(course.id, body.data.seats);
    deps.log(`portal: admin set ${course.id} seats to ${course.seats}`);
    res.json({ ok: true, course: { id: course.id, seats: course.seats, capacity: course.capacity } });
  });

  router.post('/expire-sessions', (_req, res) => {
    deps.sessions.clear();
    res.json({ ok: true });
  });

  router.post('/faults', (req, res) => {
    const body = FaultsBody.safeParse(req.body ?? {});
    if (!body.success) return badRequest(res, body.error);
    const { target, fault, ...options } = body.data;
    deps.faults.set(target, fault, options);
    deps.log(`portal: fault ${fault} on ${target}`);
    res.json({ ok: true, faults: deps.faults.current() });
  });

  router.post('/reset', (_req, res) => {
    deps.reset();
    res.json({ ok: true });
  });

  router.get('/state', (_req, res) => {
    res.json({
      ...deps.store.snapshot(),
      sessions: deps.sessions.size,
      faults: deps.faults.current(),
      settings: deps.settings,
      release: deps.releaser.current(),
    });
  });

  router.post('/config', (req, res) => {
    const body = ConfigBody.safeParse(req.body ?? {});
    if (!body.success) return badRequest(res, body.error);
    for (const [key, value] of Object.entries(body.data)) {
      if (value !== undefined) deps.settings[key as keyof typeof body.data] = value;
    }
    res.json({ ok: true, settings: deps.settings });
  });

  router.post('/release', (req, res) => {
    const body = ReleaseBody.safeParse(req.body ?? {});
    if (!body.success) return badRequest(res, body.error);
    deps.releaser.configure(body.data);
    res.json({ ok: true, release: deps.releaser.current() });
  });

  router.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  return router;
}
