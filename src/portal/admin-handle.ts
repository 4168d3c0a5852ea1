/**
 * The in-process twins of the admin switches both styles share (`RunningPortal.admin`): the same
 * effects as the `/__admin/*` routes, for tests and the demo that hold the portal object.
 */
import type { PortalSettings, ReleaseOptions } from './config.js';
import type { Fault, FaultTarget } from './faults.js';
import type { AdminSwitchDeps } from './routes/admin-routes.js';

export interface SharedAdmin {
  setSeats(courseId: string, seats: number): void;
  setFault(
    target: FaultTarget | 'all',
    fault: Fault,
    options?: { retryAfterSeconds?: number; delayMs?: number },
  ): void;
  configure(settings: Partial<PortalSettings>): void;
  release(options: ReleaseOptions): void;
  expireSessions(): void;
  reset(): void;
}

export function sharedAdmin(deps: Omit<AdminSwitchDeps, 'log'>): SharedAdmin {
  return {
    setSeats(courseId, seats) {
      if (!deps.store.setSeats(courseId, seats)) throw new Error(`demo portal: unknown course "${courseId}"`);
    },
    setFault: (target, fault, faultOptions) => deps.faults.set(target, fault, faultOptions),
    configure(changes) {
      for (const [key, value] of Object.entries(changes)) {
        if (value !== undefined) deps.settings[key as keyof PortalSettings] = value;
      }
    },
    release: (releaseOptions) => deps.releaser.configure(releaseOptions),
    expireSessions: () => deps.sessions.clear(),
    reset: deps.reset,
  };
}
