/**
 * `/__admin/*` of the spa style (test mode only), on the API origin: the classic switches with the same
 * bodies, plus the organiser's review (`reject`, `approve`), and a state with registrations for carts.
 */
import type { Response, Router } from 'express';
import { z } from 'zod';
import type { PortalSettings, ReleaseOptions } from '../config.js';
import type { FaultSetting, FaultTarget } from '../faults.js';
import { adminSwitches, badRequest } from '../routes/admin-routes.js';
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
  return adminSwitches(
    deps,
    () => spaState(deps),
    (router) => {
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
    },
  );
}
