/**
 * The demo portal's second style (docs/portal-api.md, "The spa style"): the same catalogue and accounts
 * as the classic site, served as a single-page app on one origin and a JSON API on another, with
 * bearer tokens, registrations pending review instead of a cart, and dated events.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type PortalOptions, type PortalSettings, type ReleaseOptions, settingsFrom } from '../config.js';
import { createFaults, type Fault, type FaultTarget } from '../faults.js';
import { createReleaser } from '../release.js';
import { seedCourses } from '../seed.js';
import { createSessions } from '../sessions.js';
import { createStore } from '../store.js';
import { type SpaAdminState, spaState } from './admin-routes.js';
import { createApiApp } from './api-app.js';
import { eventDates } from './dates.js';
import type { SpaDeps } from './deps.js';
import { createRegistrations } from './registrations.js';
import { createWebApp } from './web-app.js';

export type { SpaAdminState } from './admin-routes.js';

export interface SpaPortalOptions extends PortalOptions {
  /** The API's port; 0 (default) picks a free one. `port` is the web app's. */
  apiPort?: number;
}

/** In-process equivalents of the spa style's `/__admin/*` routes (in test mode and outside it). */
export interface SpaPortalAdmin {
  state(): SpaAdminState;
  setSeats(courseId: string, seats: number): void;
  setFault(
    target: FaultTarget | 'all',
    fault: Fault,
    options?: { retryAfterSeconds?: number; delayMs?: number },
  ): void;
  configure(settings: Partial<PortalSettings>): void;
  release(options: ReleaseOptions): void;
  /** Every token becomes invalid. */
  expireSessions(): void;
  reset(): void;
  /** The organiser rejects a registration: its seat is freed. */
  reject(registrationId: string): void;
  approve(registrationId: string): void;
}

export interface RunningSpaPortal {
  /** The web app's address (= webUrl), so code written for the classic portal finds the site. */
  url: string;
  webUrl: string;
  apiUrl: string;
  port: number;
  apiPort: number;
  close(): Promise<void>;
  admin: SpaPortalAdmin;
}

async function listen(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close((error) => (error ? reject(error) : resolve()));
    // Hanging (fault) and keep-alive connections would otherwise keep close() waiting forever.
    server.closeAllConnections();
  });
}

export async function startSpaPortal(options: SpaPortalOptions = {}): Promise<RunningSpaPortal> {
  const host = options.host ?? '127.0.0.1';
  const testMode = options.testMode ?? false;
  const log = options.log ?? (() => {});
  const initialSettings = settingsFrom(options);
  const initialRelease: ReleaseOptions = options.release ?? { enabled: false };
  const urlHost = host.includes(':') ? `[${host}]` : host;

  const settings: PortalSettings = { ...initialSettings };
  const store = createStore(settings);
  const registrations = createRegistrations(store);
  const sessions = createSessions(settings);
  const faults = createFaults();
  const releaser = createReleaser(store, log);

  function reset(): void {
    Object.assign(settings, initialSettings);
    store.reset();
    registrations.reset();
    sessions.clear();
    faults.reset();
    releaser.configure(initialRelease);
  }

  // The web app must know the API's address and the API the web app's origin: listen on the web port
  // first, then build the API app with the origin it allows.
  let apiUrl = '';
  const web = createServer(createWebApp({ testMode, faults }, () => apiUrl));
  const api = createServer();
  try {
    const port = await listen(web, options.port ?? 0, host);
    const webUrl = `http://${urlHost}:${port}`;
    const deps: SpaDeps = {
      testMode,
      settings,
      store,
      registrations,
      sessions,
      faults,
      releaser,
      dates: eventDates(seedCourses()),
      webOrigin: webUrl,
      reset,
      log,
    };
    api.on('request', createApiApp(deps));
    const apiPort = await listen(api, options.apiPort ?? 0, host);
    apiUrl = `http://${urlHost}:${apiPort}`;
    releaser.configure(initialRelease);

    let closing: Promise<void> | undefined;
    return {
      url: webUrl,
      webUrl,
      apiUrl,
      port,
      apiPort,
      close() {
        closing ??= (async () => {
          releaser.stop();
          faults.dispose();
          await Promise.all([closeServer(web), closeServer(api)]);
        })();
        return closing;
      },
      admin: {
        state: () => spaState(deps),
        setSeats(courseId, seats) {
          if (!store.setSeats(courseId, seats)) throw new Error(`demo portal: unknown course "${courseId}"`);
        },
        setFault: (target, fault, faultOptions) => faults.set(target, fault, faultOptions),
        configure(changes) {
          for (const [key, value] of Object.entries(changes)) {
            if (value !== undefined) settings[key as keyof PortalSettings] = value;
          }
        },
        release: (releaseOptions) => releaser.configure(releaseOptions),
        expireSessions: () => sessions.clear(),
        reset,
        reject(registrationId) {
          const result = registrations.reject(registrationId);
          if (!result.ok) throw new Error(`demo portal: unknown registration "${registrationId}"`);
        },
        approve(registrationId) {
          const result = registrations.approve(registrationId);
          if (!result.ok)
            throw new Error(
              result.error === 'not_found'
                ? `demo portal: unknown registration "${registrationId}"`
                : `demo portal: registration "${registrationId}" was rejected; it cannot be approved`,
            );
        },
      },
    };
  } catch (error) {
    releaser.stop();
    await Promise.all([closeServer(web), closeServer(api)]);
    throw error;
  }
}
