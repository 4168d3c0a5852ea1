/** What the spa style's two apps share; built once by its server (the composition root of the style). */
import type { PortalSettings } from '../config.js';
import type { FaultSwitches } from '../faults.js';
import type { Releaser } from '../release.js';
import type { SessionStore } from '../sessions.js';
import type { PortalStore } from '../store.js';
import type { RegistrationStore } from './registrations.js';

export interface SpaDeps {
  testMode: boolean;
  /** Mutable: `/__admin/config` changes it in place and everything reads it live. */
  settings: PortalSettings;
  store: PortalStore;
  registrations: RegistrationStore;
  /** Bearer tokens are the classic sessions' tokens: same lifetime rules. */
  sessions: SessionStore;
  faults: FaultSwitches;
  releaser: Releaser;
  /** Course id → `YYYY-MM-DD` of its event. */
  dates: ReadonlyMap<string, string>;
  /** The web app's origin: the only one the API answers CORS for. */
  webOrigin: string;
  /** Seed data, no registrations, no tokens, no faults, start-up settings. */
  reset(): void;
  log(line: string): void;
}
