import type { Browser } from 'playwright';
import type { Flow } from '../flow/types.js';
import type { Locale } from '../i18n/locale.js';
import type { LaunchOptions } from './launch.js';

/** What a relayed login (src/browser/relay.ts) takes and gives. */

export type RelayKey = 'Enter' | 'Backspace' | 'Tab';
export type RelayAction =
  | { kind: 'tap'; x: number; y: number }
  | { kind: 'type'; text: string }
  | { kind: 'key'; key: RelayKey }
  | { kind: 'scroll'; dy: number }
  | { kind: 'drag'; points: { x: number; y: number }[] }
  | { kind: 'reload' };

export interface RelayFrame {
  jpeg: Buffer;
  seq: number;
  /** The kind of field focused on the portal's page when captured: the phone hides what goes into a password. */
  field?: 'password' | 'text';
}

export interface RelaySession {
  /** Does the action, then returns the number of the first frame that shows it. */
  act(action: RelayAction): Promise<number>;
  /** A frame newer than `after` (waiting for one, up to `waitMs`), or the newest there is. */
  frame(after: number, waitMs?: number): Promise<RelayFrame | undefined>;
  /**
   * The phone's own device scale (its page's `window.devicePixelRatio`), clamped to 1–3: the first
   * one reported before any action opens the page again at that scale, so a 2× phone gets a 2×
   * picture (and the machine renders no 3× page for it). Later ones change nothing.
   */
  scale(devicePixelRatio: number): void;
  /**
   * Resolves once when the session is saved (true) or the relay closed without it (false), as soon as
   * it stops being open (its browser may still be closing: `close()` waits for that).
   */
  readonly done: Promise<boolean>;
  isOpen(): boolean;
  close(): Promise<void>;
}

export interface OpenRelayOptions {
  flow: Pick<Flow, 'loginUrl' | 'isLoggedIn'>;
  /** `portal.options` as the flow's schema parsed them (`ctx.options`). */
  flowOptions?: unknown;
  accountId: string;
  baseUrl: string;
  storageStatePath: string;
  /** A browser to open the context in (it stays open); otherwise one is launched and closed with the relay. */
  browser?: Browser;
  launch?: (options: LaunchOptions) => Promise<Browser>;
  /** The config's locale: Chromium's language and the page's navigator.language (default zh → zh-CN). */
  locale?: Locale;
  /** How often the flow is asked whether the person is logged in; default 1000 ms. */
  pollIntervalMs?: number;
  /** The second capture after an action; default 1000 ms. */
  settleMs?: number;
}
