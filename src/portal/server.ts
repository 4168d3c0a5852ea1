/**
 * The demo portal: a self-contained youth-palace summer-course site (docs/portal-api.md).
 * `startPortal()` is used by the tests, `jianlou portal` and `jianlou demo`; `style: 'spa'` starts the
 * second style (src/portal/spa/) instead of the classic server-rendered site.
 */
import { type SharedAdmin, sharedAdmin } from './admin-handle.js';
import { createApp } from './app.js';
import { type PortalOptions, type PortalSettings, type ReleaseOptions, settingsFrom } from './config.js';
import { createFaults } from './faults.js';
import { type LegacyPortalOptions, type RunningLegacyPortal, startLegacyPortal } from './legacy/server.js';
import { listenPortal } from './listen.js';
import { createReleaser } from './release.js';
import type { PortalDeps } from './routes/deps.js';
import { createCaptchas, createSessions } from './sessions.js';
import { type RunningSpaPortal, type SpaPortalOptions, startSpaPortal } from './spa/server.js';
import { type AdminState, createStore } from './store.js';

export type { PortalOptions, ReleaseOptions } from './config.js';
export type {
  LegacyAdminState,
  LegacyPortalAdmin,
  LegacyPortalOptions,
  RunningLegacyPortal,
} from './legacy/server.js';
export type {
  RunningSpaPortal,
  SpaAdminState,
  SpaPortalAdmin,
  SpaPortalOptions,
} from './spa/server.js';
export type { AdminState } from './store.js';

export const PORTAL_STYLES = ['classic', 'spa', 'legacy'] as const;
/**
 * classic: server-rendered pages, cookie session, cart · spa: single-page app, bearer token, registrations ·
 * legacy: GBK JSP pages, two JSESSIONIDs, form tokens, SMS login, unpaid pre-registrations.
 */
export type PortalStyle = (typeof PORTAL_STYLES)[number];

/** In-process equivalents of the `/__admin/*` routes (they work in test mode and outside it). */
export interface PortalAdmin extends SharedAdmin {
  state(): AdminState;
  /** The captcha code behind a pre-login cookie (`yp_pre`), for tests outside test mode. */
  captchaFor(preLoginId: string): string | undefined;
}

export interface RunningPortal {
  url: string;
  port: number;
  close(): Promise<void>;
  admin: PortalAdmin;
}

/** Starts the demo portal in the given style (default classic). */
export function startPortal(options: SpaPortalOptions & { style: 'spa' }): Promise<RunningSpaPortal>;
export function startPortal(options: LegacyPortalOptions & { style: 'legacy' }): Promise<RunningLegacyPortal>;
export function startPortal(options?: PortalOptions & { style?: 'classic' }): Promise<RunningPortal>;
export function startPortal(
  options: SpaPortalOptions & LegacyPortalOptions & { style?: PortalStyle },
): Promise<RunningPortal | RunningSpaPortal | RunningLegacyPortal>;
export function startPortal(
  options: SpaPortalOptions & LegacyPortalOptions & { style?: PortalStyle } = {},
): Promise<RunningPortal | RunningSpaPortal | RunningLegacyPortal> {
  const { style = 'classic', apiPort, wechatOnly, ...rest } = options;
  if (style === 'spa') return startSpaPortal({ ...rest, apiPort });
  if (style === 'legacy') return startLegacyPortal({ ...rest, wechatOnly });
  if (style !== 'classic') {
    return Promise.reject(
      new Error(`demo portal: unknown style "${String(style)}": use ${PORTAL_STYLES.join(' or ')}`),
    );
  }
  return startClassicPortal(rest);
}

async function startClassicPortal(options: PortalOptions): Promise<RunningPortal> {
  const host = options.host ?? '127.0.0.1';
  const testMode = options.testMode ?? false;
  const log = options.log ?? (() => {});
  const initialSettings = settingsFrom(options);
  const initialRelease: ReleaseOptions = options.release ?? { enabled: false };

  const settings: PortalSettings = { ...initialSettings };
  const store = createStore(settings);
  const sessions = createSessions(settings);
  const captchas = createCaptchas(testMode);
  const faults = createFaults();
  const releaser = createReleaser(store, log);

  function reset(): void {
    Object.assign(settings, initialSettings);
    store.reset();
    sessions.clear();
    captchas.clear();
    faults.reset();
    releaser.configure(initialRelease);
  }

  const deps: PortalDeps = {
    testMode,
    settings,
    store,
    sessions,
    captchas,
    faults,
    releaser,
    reset,
    log,
    ...(options.authToken ? { authToken: options.authToken } : {}),
    ...(options.passwords ? { passwords: options.passwords } : {}),
  };
  const listening = await listenPortal(createApp(deps), {
    host,
    port: options.port,
    sweep: () => store.sweep(),
    releaser,
    release: initialRelease,
    faults,
  });
  return {
    ...listening,
    admin: {
      state: () => store.snapshot(),
      ...sharedAdmin({ store, settings, faults, releaser, sessions, reset }),
      captchaFor: (preLoginId) => captchas.peek(preLoginId),
    },
  };
}
