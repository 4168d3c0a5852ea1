/** What the legacy style's routes share; built once by its server (the composition root of the style). */
import type { Account } from '../accounts.js';
import type { PortalSettings } from '../config.js';
import type { FaultSwitches } from '../faults.js';
import type { Releaser } from '../release.js';
import type { CaptchaStore, SessionStore } from '../sessions.js';
import type { PortalStore } from '../store.js';
import type { PreRegistrations } from './orders.js';
import type { PageStates } from './page-state.js';
import type { LegacySchedule } from './schedule.js';

export interface LegacyDeps {
  testMode: boolean;
  /** Pages ask for WeChat's built-in browser unless the user agent says MicroMessenger. */
  wechatOnly: boolean;
  /** Mutable: `/__admin/config` changes it in place (holdSeconds = the payment window). */
  settings: PortalSettings;
  store: PortalStore;
  orders: PreRegistrations;
  /** Logins, keyed by the app's JSESSIONID issued at login. */
  sessions: SessionStore;
  captchas: CaptchaStore;
  pages: PageStates;
  /** JSESSIONIDs the site (path `/`) handed out. */
  siteSessions: Set<string>;
  faults: FaultSwitches;
  releaser: Releaser;
  schedules: ReadonlyMap<string, LegacySchedule>;
  reset(): void;
  log(line: string): void;
}

/** What one request carries once the session middleware ran. */
export interface LegacyRequest {
  /** The app's JSESSIONID (path /xk/): a known one, or one minted for this answer. */
  appId: string;
  account?: Account;
}
