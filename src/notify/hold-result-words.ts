import { type Alert, CART_HOLD } from '../core/types.js';
import type { AlertMessages } from '../i18n/types.js';
import { oneLine } from './format.js';

type HoldResultAlert = Extract<Alert, { kind: 'hold_result' }>;

/**
 * The title and notes of a hold_result alert, by what the decision did at the portal: an order
 * submitted, a registration the portal made final when it was held (approval changed nothing there),
 * a seat given back, or a decision the portal refused (its own reason, the seat still held).
 */
export function holdResultWords(
  alert: HoldResultAlert,
  m: AlertMessages,
  course: string,
): { title: string; notes: string[] } {
  const kind = alert.holdKind ?? CART_HOLD;
  const detail = alert.detail ? oneLine(alert.detail) : undefined;
  if (alert.outcome === 'failed' && alert.action) {
    return {
      title: m.holdResult.failedTitle(alert.action, alert.refused === true, course),
      notes: [...(detail ? [m.holdFailed.reason(detail)] : []), m.holdResult.note('failed', kind)],
    };
  }
  // A registration is itself the seat: approving it (no flow.confirm, no order) did nothing at the portal.
  if (alert.outcome === 'approved' && kind.kind === 'registration' && !alert.order) {
    return { title: m.holdResult.keptTitle(course), notes: [m.holdResult.keptNote(kind)] };
  }
  return {
    title: m.holdResult.title(alert.outcome, course),
    notes: [m.holdResult.note(alert.outcome, kind), ...(detail ? [detail] : [])],
  };
}
