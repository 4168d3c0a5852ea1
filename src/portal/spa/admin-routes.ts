/**
 * `/__admin/*` of the spa style (test mode only), on the API origin: the classic switches with the same
 * bodies, plus the organiser's review (`reject`, `approve`), and a state with registrations for carts.
 */
import express, { type Response, type Router } from 'express';
import { z } from 'zod';
import type { PortalSettings, ReleaseOptions } from '../config.js';
import type { FaultSetting, FaultTarget } from '../faults.js';
import { badRequest, ConfigBody, FaultsBody, ReleaseBody, SeatsBody } from '../routes/admin-routes.js';
import type { AdminState } from '../store.js';
import type { SpaDeps } from './deps.js';
import { adminRegistrationJson } from './json.js';
import type { ReviewResult } from './registrations.js';

const ReviewBody = z.object({ registrationId: z.string().min(1) });

export interface SpaAdminState {
  courses: AdminState['courses'];
  registrations: ReturnType<typeof adminRegistrationJson>[];
  /** Live tokens. */
  sessions: number;
  faults: Record<FaultTarget, FaultSetting>;
  settings: PortalSettings;
  release: ReleaseOptions;
}

export function spaState(deps: SpaDeps): SpaAdminState {
  return {
    courses: deps.store.snapshot().courses,
    registrations: deps.registrations.list().map(adminRegistrationJson),
    sessions: deps.sessions.size,
    faults: deps.faults.current(),
    settings: { ...deps.settings },
    release: deps.releaser.current(),
  };
}

function review(res: Response, result: ReviewResult): void {
  if (result.ok) res.json({ ok: true, registration: adminRegistrationJson(result.registration) });
  else res.status(result.error === 'not_found' ? 404 : 409).json({ error: result.error });
}

export function spaAdminRoutes(deps: SpaDeps): Router {
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
    res.json(spaState(deps));
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

  router.post('/reject', (req, res) => {
    const body = ReviewBody.safeParse(req.body ?? {});
    if (!body.success) return badRequest(res, body.error);
    const result = deps.registrations.reject(body.data.registrationId);
    if (result.ok) deps.log(`portal: organiser rejected ${body.data.registrationId}, seat freed`);
    review(res, result);
  });

  router.post('/approve', (req, res) => {
    const body = ReviewBody.safeParse(req.body ?? {});
    if (!body.success) return badRequest(res, body.error);
    review(res, deps.registrations.approve(body.data.registrationId));
  });

  router.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });
  return router;
}
