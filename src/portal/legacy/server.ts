/**
 * The demo portal's third style (docs/portal-api.md, "The legacy style"): the classic catalogue and
 * accounts served as an older JSP portal serves them — GBK pages, two JSESSIONIDs, form tokens, alert
 * scripts, phone + captcha + SMS login, and pre-registrations (unpaid orders) cancelled at a deadline.
 */
import { type SharedAdmin, sharedAdmin } from '../admin-handle.js';
import { type PortalOptions, type PortalSettings, type ReleaseOptions, settingsFrom } from '../config.js';
import { createFaults } from '../faults.js';
import { listenPortal } from '../listen.js';
import { createReleaser } from '../release.js';
import { seedCourses } from '../seed.js';
import { createCaptchas, createSessions } from '../sessions.js';
import { createStore } from '../store.js';
import { type LegacyAdminState, legacyState } from './admin-routes.js';
import { createLegacyApp } from './app.js';
import type { LegacyDeps } from './deps.js';
import { faultPage } from './layout.js';
import { createPreRegistrations } from './orders.js';
import { createPageStates } from './page-state.js';
import { schedules } from './schedule.js';

export type { LegacyAdminState } from './admin-routes.js';

/** The payment window of a pre-registration: 60 minutes, or 60 seconds in test mode (unless given). */
export const PAYMENT_WINDOW_SECONDS = { live: 3600, testMode: 60 } as const;

export interface LegacyPortalOptions extends PortalOptions {
  /** Pages ask for WeChat's built-in browser (请在微信中打开) unless the user agent says MicroMessenger. */
  wechatOnly?: boolean;
}

export interface LegacyPortalAdmin extends SharedAdmin {
  state(): LegacyAdminState;
  /** The last SMS code sent to a phone (tests outside test mode). */
  smsCodeFor(phone: string): string | undefined;
  /** The captcha code behind an app JSESSIONID (tests outside test mode). */
  captchaFor(sessionId: string): string | undefined;
  /** The organiser cancels an unpaid order (or its deadline passed): its seat returns. */
  cancelOrder(orderId: string): void;
  /** The parent paid in the official app. */
  pay(orderId: string): void;
}

export interface RunningLegacyPortal {
  url: string;
  port: number;
  close(): Promise<void>;
  admin: LegacyPortalAdmin;
}

export async function startLegacyPortal(options: LegacyPortalOptions = {}): Promise<RunningLegacyPortal> {
  const host = options.host ?? '127.0.0.1';
  const testMode = options.testMode ?? false;
  const log = options.log ?? (() => {});
  const initialSettings: PortalSettings = {
    ...settingsFrom(options),
    holdSeconds: options.holdSeconds ?? PAYMENT_WINDOW_SECONDS[testMode ? 'testMode' : 'live'],
  };
  const initialRelease: ReleaseOptions = options.release ?? { enabled: false };

  const settings: PortalSettings = { ...initialSettings };
  const store = createStore(settings);
  const orders = createPreRegistrations(store, settings, log);
  const sessions = createSessions(settings);
  const captchas = createCaptchas(testMode);
  const pages = createPageStates();
  const siteSessions = new Set<string>();
  const faults = createFaults((status) => faultPage(status));
  const releaser = createReleaser(store, log);

  function reset(): void {
    Object.assign(settings, initialSettings);
    store.reset();
    orders.reset();
    sessions.clear();
    captchas.clear();
    pages.clear();
    siteSessions.clear();
    faults.reset();
    releaser.configure(initialRelease);
  }

  const deps: LegacyDeps = {
    testMode,
    wechatOnly: options.wechatOnly ?? false,
    settings,
    store,
    orders,
    sessions,
    captchas,
    pages,
    siteSessions,
    faults,
    releaser,
    schedules: schedules(seedCourses()),
    reset,
    log,
  };
  const listening = await listenPortal(createLegacyApp(deps), {
    host,
    port: options.port,
    // Deadlines pass even when nobody asks: the unpaid orders are cancelled and their seats return.
    sweep: () => orders.sweep(),
    releaser,
    release: initialRelease,
    faults,
  });
  const need = <T>(value: T | undefined, orderId: string): T => {
    if (value === undefined) throw new Error(`demo portal: unknown order "${orderId}"`);
    return value;
  };
  return {
    ...listening,
    admin: {
      state: () => legacyState(deps),
      ...sharedAdmin(deps),
      smsCodeFor: (phone) => pages.lastSms(phone)?.code,
      captchaFor: (sessionId) => captchas.peek(sessionId),
      cancelOrder: (orderId) => void need(orders.cancelOrder(undefined, orderId), orderId),
      pay: (orderId) => void need(orders.pay(orderId), orderId),
    },
  };
}
