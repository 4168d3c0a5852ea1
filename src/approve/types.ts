import { CART_HOLD, type Hold, type HoldKind, type Observation, type Order } from '../core/types.js';

/** What an approval link asks for: submit the order, or give the seat back. */
export type ApprovalAction = 'approve' | 'release';

export type HoldStatus = 'held' | 'approved' | 'released' | 'expired' | 'failed';

/** A hold as the approval pages show it. */
export interface HoldView {
  holdId: string;
  child: { id: string; name: string };
  observation: Observation;
  hold: Hold;
  status: HoldStatus;
  /** Who decided (e.g. "link 192.168.1.20 iPhone" or "terminal"), once decided. */
  decidedBy?: string;
  /** ISO-8601 instant of the decision. */
  decidedAt?: string;
  /** The order once approved. */
  order?: Order;
  /**
   * What the flow's holds are (its `holds`, defaults filled in): the pages word approving, expiry and
   * releasing by it. The flow's, not the record's, so old records need nothing; absent: a cart item.
   */
  holdKind?: HoldKind;
}

/** The hold kind a view's pages speak of. */
export function holdKindOfView(view: Pick<HoldView, 'holdKind'>): HoldKind {
  return view.holdKind ?? CART_HOLD;
}

/** Who pressed the button, as the approval server saw it. */
export interface Actor {
  ip: string;
  userAgent: string;
  /** An alert's link, or a button on the status page. */
  via: 'link' | 'status_page';
}

/**
 * 'interrupted': jianlou was stopped (a second stop signal) while the decision was at the portal: not
 * a refusal, nothing recorded; the hold stays held and the link may be used again.
 */
export type DecideOutcome = 'approved' | 'released' | 'already' | 'expired' | 'failed' | 'interrupted';

export interface DecideResult {
  outcome: DecideOutcome;
  /** The hold after the decision. */
  view: HoldView;
  /** For 'failed' and 'interrupted': what went wrong, safe to show a parent (no secrets). */
  detail?: string;
}

/**
 * The engine's side of an approval. The approval server guarantees a link is consumed once and that
 * a GET never acts; the decider does the portal work and guarantees at most one order per hold,
 * also when the terminal (`jianlou holds approve`) and a link race.
 */
export interface HoldDecider {
  describe(holdId: string): Promise<HoldView | undefined>;
  decide(holdId: string, action: ApprovalAction, who: Actor): Promise<DecideResult>;
}

/** The logging the approval server needs; a pino logger (or child) satisfies it. */
export interface ApprovalLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}
