import { sameString } from './tokens.js';

/**
 * The relayed login's decisions (issue 15, issue 29 items 6-8), pure: who may watch a relay, who
 * claims it with a first action and who takes it back, what a refused request is told, when a relay
 * closes, when a link is spent by a login. The HTTP routes (login-relay.ts) act on these answers.
 * Time comes in as an argument.
 */

/** The visitor cookie: every browser that opens a link gets one of its own. */
export const RELAY_COOKIE = 'jl_relay';

/** Who asks: the browser's visitor cookie and the address it came from. */
export interface Visitor {
  cookie: string | undefined;
  ip: string | undefined;
}

/** What the decisions read of one open relay (login-relay.ts keeps the rest). */
export interface RelaySeat {
  /** The link's nonce: only the link that opened the relay watches it. */
  nonce: string;
  /** The visitor cookie of the first action; null until someone acts. */
  phone: string | null;
  /** Where that action came from: the same phone in another browser may take the relay back. */
  phoneIp: string | null;
  /** Browsers whose relay the same phone took back in another browser: they see "in use". */
  replaced: Set<string>;
  state: 'open' | 'saved' | 'closed';
  lastActionMs: number;
  lastSeenMs: number;
  /** When the phone left the page (pagehide); null while it is there. */
  leftAtMs: number | null;
}

/** How long a relay waits, each with its default (see LoginRelayOptions). */
export interface RelayLimits {
  maxOpen: number;
  idleMs: number;
  goneMs: number;
  leftMs: number;
}

export function relayLimits(o: Partial<Record<keyof RelayLimits, number | undefined>>): RelayLimits {
  return {
    maxOpen: o.maxOpen ?? 2,
    idleMs: o.idleMs ?? 600_000,
    goneMs: o.goneMs ?? 60_000,
    leftMs: o.leftMs ?? 15_000,
  };
}

/** The visitor cookie in a `Cookie` header, or undefined. */
export function relayCookieOf(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === RELAY_COOKIE) return v.join('=');
  }
  return undefined;
}

/** This visitor is the browser that claimed the relay (its cookie, compared in constant time). */
export function isPhone(r: Pick<RelaySeat, 'phone'>, v: Visitor): boolean {
  return r.phone !== null && v.cookie !== undefined && sameString(v.cookie, r.phone);
}

/**
 * The relay page is shown to this visitor: same link, and nobody claimed it yet, or it is the
 * phone, or the same phone (same address) in another browser.
 */
export function mayView(r: RelaySeat, nonce: string, v: Visitor): boolean {
  return r.nonce === nonce && (r.phone === null || isPhone(r, v) || v.ip === r.phoneIp);
}

/**
 * This visitor may watch and drive the relay: it may view it, it has a cookie, and it is not a
 * browser whose relay the same phone took back in another browser.
 */
export function mayWatch(r: RelaySeat, nonce: string, v: Visitor): boolean {
  if (r.nonce !== nonce || v.cookie === undefined || r.replaced.has(v.cookie)) return false;
  return r.phone === null || isPhone(r, v) || v.ip === r.phoneIp;
}

/**
 * A first action claims the relay for this browser; the same phone in another browser takes it
 * back (the old browser joins `replaced`). Changes `r`; says what happened.
 */
export function claimSeat(r: RelaySeat, v: Visitor): 'mine' | 'claimed' | 'taken back' {
  if (isPhone(r, v)) return 'mine';
  const taken = r.phone !== null;
  if (r.phone !== null) r.replaced.add(r.phone);
  r.phone = v.cookie ?? null;
  r.phoneIp = v.ip ?? null;
  r.leftAtMs = null;
  return taken ? 'taken back' : 'claimed';
}

/**
 * What a request that may not drive the relay is told: "saved" when its relay saved the session,
 * "in_use" when another browser holds this link's open relay, else "closed".
 */
export function refusedState(
  mine: Pick<RelaySeat, 'state'> | undefined,
  current: Pick<RelaySeat, 'state' | 'nonce'> | undefined,
  nonce: string,
): 'saved' | 'in_use' | 'closed' {
  if (mine?.state === 'saved') return 'saved';
  if (!mine && current?.nonce === nonce && current.state === 'open') return 'in_use';
  return 'closed';
}

/** A refused link: its status and the notice a person sees. */
export function linkRefusal(reason: 'malformed' | 'bad_signature' | 'expired'): {
  status: 410 | 400;
  notice: 'expired' | 'invalid';
} {
  return reason === 'expired' ? { status: 410, notice: 'expired' } : { status: 400, notice: 'invalid' };
}

/** A login of the account recorded at or after the link was made spends the link. */
export function spentByLogin(lastLoginAt: string | undefined, issuedAt: Date | undefined): boolean {
  return lastLoginAt !== undefined && Date.parse(lastLoginAt) >= (issuedAt?.getTime() ?? 0);
}

/** Another relay may open while fewer than `maxOpen` are open or opening. */
export function roomToOpen(openCount: number, opening: number, maxOpen: number): boolean {
  return openCount + opening < maxOpen;
}

/**
 * The relay closes: no action for `idleMs`, no frame asked for `goneMs`, its link expired, or its
 * phone left the page `leftMs` ago and no browser took it back.
 */
export function shouldClose(
  r: Pick<RelaySeat, 'lastActionMs' | 'lastSeenMs' | 'leftAtMs'>,
  nowMs: number,
  linkExpired: boolean,
  limits: Pick<RelayLimits, 'idleMs' | 'goneMs' | 'leftMs'>,
): boolean {
  const left = r.leftAtMs !== null && nowMs - r.leftAtMs >= limits.leftMs;
  return (
    nowMs - r.lastActionMs >= limits.idleMs || nowMs - r.lastSeenMs >= limits.goneMs || linkExpired || left
  );
}

/** How often the relay's watch looks (never later than the shortest limit, at most every 5 s). */
export function watchEveryMs(limits: Pick<RelayLimits, 'idleMs' | 'goneMs' | 'leftMs'>): number {
  return Math.min(5000, limits.idleMs, limits.goneMs, limits.leftMs);
}

/** A browser's own request (or one without Sec-Fetch-Site): a cross-site POST acts on nothing. */
export function sameSiteRequest(secFetchSite: string | undefined): boolean {
  return secFetchSite === undefined || secFetchSite === 'same-origin';
}

/** The frame sequence a phone already has (`?after=`): anything unreadable is 0. */
export function frameAfter(query: unknown): number {
  const after = Number(query ?? 0);
  return Number.isFinite(after) ? after : 0;
}
