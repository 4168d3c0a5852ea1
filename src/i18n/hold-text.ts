import {
  ActionRefusedError,
  PortalChangedError,
  RateLimitedError,
  SessionExpiredError,
} from '../core/errors.js';
import { scrubSecrets } from '../core/scrub.js';
import { catalogue } from './catalogue.js';
import type { Locale } from './locale.js';
import type { HoldFailure } from './types.js';

/** What kind of failure an error from a hold or a decision at the portal is. */
export function holdFailureOf(error: unknown, accountId: string): HoldFailure {
  if (error instanceof ActionRefusedError) {
    switch (error.reason) {
      case 'no_seats':
      case 'cart_full':
      case 'already_ordered':
      case 'not_open':
      case 'unverified':
        return { code: error.reason };
      case 'unsupported':
        return { code: 'unsupported' };
      default:
        return { code: 'refused', reason: error.reason, ...saidBy(error) };
    }
  }
  if (error instanceof SessionExpiredError) return { code: 'session_expired', accountId };
  if (error instanceof RateLimitedError) return { code: 'rate_limited' };
  if (error instanceof PortalChangedError) return { code: 'portal_changed' };
  return { code: 'unavailable' };
}

/** The step's own message (what the portal said, as the flow reported it), one line, no secrets. */
function saidBy(error: ActionRefusedError): { said?: string } {
  const said = scrubSecrets(error.message.replace(/\s+/g, ' ').trim()).slice(0, 300);
  return said && said !== error.reason ? { said } : {};
}

/** Parent-facing reason for a hold or decision that did not work, in `locale`. */
export function holdFailureReason(error: unknown, accountId: string, locale: Locale): string {
  return catalogue(locale).hold.failure(holdFailureOf(error, accountId));
}

/** Who decided a hold, for the hold_result alert and the pages. */
export function decidedBy(who: { via: string; ip?: string; userAgent?: string }, locale: Locale): string {
  const m = catalogue(locale).hold;
  if (who.via === 'cli') return m.decidedByCli;
  const agent = shortAgent(who.userAgent ?? '', m.agentNames);
  if (who.via === 'status_page') return m.decidedByStatusPage(who.ip ?? '?', agent || undefined);
  return m.decidedByLink(who.ip ?? '?', agent || undefined);
}

/**
 * Who decided a stored decision, in `locale`: worded again from how it was decided when that was
 * stored (a locale changed since reads in the new one), else its stored words.
 */
export function decisionBy(
  d: { by: string; via?: 'cli' | 'link' | 'status_page'; ip?: string; userAgent?: string },
  locale: Locale,
): string {
  if (!d.via) return d.by;
  return decidedBy(
    { via: d.via, ...(d.ip ? { ip: d.ip } : {}), ...(d.userAgent ? { userAgent: d.userAgent } : {}) },
    locale,
  );
}

function shortAgent(ua: string, names: { wxwork: string; wechat: string }): string {
  for (const name of ['wxwork', 'MicroMessenger', 'iPhone', 'Android', 'Windows', 'Macintosh', 'Linux']) {
    if (ua.includes(name))
      return name === 'wxwork' ? names.wxwork : name === 'MicroMessenger' ? names.wechat : name;
  }
  return '';
}
