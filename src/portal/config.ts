/** Options of the demo portal and the settings that `/__admin/config` may change at run time. */

export interface ReleaseOptions {
  enabled: boolean;
  /** Shortest wait before the next freed seat (default 20). */
  minSeconds?: number;
  /** Longest wait before the next freed seat (default 90). */
  maxSeconds?: number;
  /** Only free seats on these courses (default: any full course in phase open). */
  courseIds?: string[];
}

export interface PortalOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Fixed captcha 8888 and the `/__admin/*` routes. */
  testMode?: boolean;
  /** How long a cart item holds its seat (default 900). */
  holdSeconds?: number;
  /** Session lifetime (default 7200). */
  sessionTtlSeconds?: number;
  /** Cart items per account (default 3). */
  maxCartItems?: number;
  release?: ReleaseOptions;
  log?: (line: string) => void;
  /**
   * Every answer carries `X-Auth-Token: <authToken>`, as portals that send their own session header do
   * (issue 26's campaign: a client must never write it down). Default: no such header.
   */
  authToken?: string;
  /** Passwords of demo accounts by username, instead of the documented `demo1234` (e.g. `p@ss+w!rd&1`). */
  passwords?: Readonly<Record<string, string>>;
}

export interface PortalSettings {
  holdSeconds: number;
  sessionTtlSeconds: number;
  maxCartItems: number;
}

export const DEFAULT_SETTINGS: Readonly<PortalSettings> = {
  holdSeconds: 900,
  sessionTtlSeconds: 7200,
  maxCartItems: 3,
};

export const DEFAULT_RELEASE_SECONDS = { min: 20, max: 90 } as const;

export function settingsFrom(options: PortalOptions): PortalSettings {
  return {
    holdSeconds: options.holdSeconds ?? DEFAULT_SETTINGS.holdSeconds,
    sessionTtlSeconds: options.sessionTtlSeconds ?? DEFAULT_SETTINGS.sessionTtlSeconds,
    maxCartItems: options.maxCartItems ?? DEFAULT_SETTINGS.maxCartItems,
  };
}
