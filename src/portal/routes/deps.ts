/** What the route modules share; built once by the server (the composition root of the portal). */
import type { PortalSettings } from '../config.js';
import type { FaultSwitches } from '../faults.js';
import type { Releaser } from '../release.js';
import type { CaptchaStore, SessionStore } from '../sessions.js';
import type { PortalStore } from '../store.js';

export interface PortalDeps {
  testMode: boolean;
  /** Mutable: `/__admin/config` changes it in place and everything reads it live. */
  settings: PortalSettings;
  store: PortalStore;
  sessions: SessionStore;
  captchas: CaptchaStore;
  faults: FaultSwitches;
  releaser: Releaser;
  /** Seed data, no sessions, no faults, start-up settings. */
  reset(): void;
  log(line: string): void;
  /** PortalOptions.authToken: sent as `X-Auth-Token` on every answer. */
  authToken?: string;
  /** PortalOptions.passwords. */
  passwords?: Readonly<Record<string, string>>;
}
