import type { Child, Observation, Order } from '../../core/types.js';
import type { OwnedFlowContext } from '../../flow/context.js';
import { holdKindOf } from '../../flow/types.js';
import type { HoldRecord } from '../../store/holds.js';
import type { CancelledOrder, Commitment } from '../../watch/decide-types.js';
import { type AlertDeps, enqueueAlert } from '../alerts/alerts.js';
import type { Runtime } from '../runtime/runtime.js';
import { viewOf } from './hold-records.js';

/** The error a hold record gets when the portal cancelled its (unpaid) order. */
export const ORDER_CANCELLED = 'order cancelled at the portal';

/** The holds whose order this check found cancelled (marked by reconcileOrders since `since`), as decide() takes them. */
export function ordersCancelledSince(
  holds: Pick<HoldRecord, 'status' | 'error' | 'updatedAt' | 'targetId' | 'courseId'>[],
  since: Date,
): CancelledOrder[] {
  const from = since.toISOString();
  return holds
    .filter((h) => h.status === 'expired' && h.error === ORDER_CANCELLED && h.updatedAt >= from)
    .map((h) => ({ targetId: h.targetId, courseId: h.courseId }));
}

export type CommitmentDeps = Pick<Runtime, 'config' | 'flow' | 'repos' | 'logger' | 'now'> & AlertDeps;

/**
 * Which of an account's children a portal hold or order is for: by its studentId, or, on a site
 * where the account is the student (no studentId on either side), the account's only child.
 */
export function childMatcher<C extends Pick<Child, 'studentId'>>(children: C[]) {
  const byStudent = new Map(children.flatMap((c) => (c.studentId ? [[c.studentId, c] as const] : [])));
  const only = children.length === 1 ? children[0] : undefined;
  return (studentId: string | undefined): C | undefined => {
    // Only named children are keys: '' (no name) is nobody's.
    const named = byStudent.get(studentId ?? '');
    if (named) return named;
    // One side does not name the student: only an account with a single child can tell whose it is.
    return only && (studentId === undefined || only.studentId === undefined) ? only : undefined;
  };
}

/** The children's orders and hand-made cart items, for "already has it" and clash checks. */
export async function readCommitments(
  rt: CommitmentDeps,
  ctx: OwnedFlowContext,
  accountId: string,
  seen: Observation[],
  dryRun: boolean,
): Promise<Commitment[]> {
  const childOf = childMatcher(rt.config.children.filter((c) => c.account === accountId));
  const known = new Map(seen.map((o) => [o.courseId, o]));
  const ours = new Set((await rt.repos.holds.list({ accountId })).map((h) => h.portal?.id));
  const out: Commitment[] = [];
  const add = async (studentId: string | undefined, courseId: string, kind: 'order' | 'hold') => {
    const child = childOf(studentId);
    if (!child) return;
    const obs = known.get(courseId) ?? (await rt.repos.observations.get(courseId))?.observation;
    out.push({
      childId: child.id,
      courseId,
      kind,
      ...(obs?.title ? { title: obs.title } : {}),
      ...(obs?.schedule ? { schedule: obs.schedule } : {}),
    });
  };
  try {
    const allOrders = rt.flow.listOrders ? await rt.flow.listOrders(ctx) : undefined;
    if (allOrders && !dryRun) await reconcileOrders(rt, accountId, allOrders);
    const orders = (allOrders ?? []).filter((o) => o.status !== 'cancelled');
    const carts = rt.flow.listHolds ? (await rt.flow.listHolds(ctx)).filter((h) => !ours.has(h.id)) : [];
    // A course ordered by hand may be one nobody watches: read its schedule too, or it never clashes.
    const unseen: string[] = [];
    for (const courseId of new Set([...orders, ...carts].map((x) => x.courseId))) {
      if (!known.has(courseId) && !(await rt.repos.observations.get(courseId))) unseen.push(courseId);
    }
    if (unseen.length > 0) {
      try {
        const extra = await rt.flow.observe(
          ctx,
          unseen.map((id) => ({ id })),
        );
        for (const o of extra) known.set(o.courseId, o);
      } catch (error) {
        rt.logger.warn({ account: accountId, err: error }, 'could not read ordered courses for clash checks');
      }
    }
    for (const order of orders) await add(order.studentId, order.courseId, 'order');
    for (const hold of carts) await add(hold.studentId, hold.courseId, 'hold');
  } catch (error) {
    rt.logger.warn({ account: accountId, err: error }, 'could not read orders/cart for clash checks');
  }
  return out;
}

/**
 * An approved hold whose order the portal has cancelled (the parent did not pay in time) no longer
 * covers its target: mark it expired so the target alerts again instead of staying silent forever,
 * and tell the family (decide() then lets the next opening of that course through the cool-down).
 */
async function reconcileOrders(rt: CommitmentDeps, accountId: string, orders: Order[]): Promise<void> {
  const live = new Set(orders.filter((o) => o.status !== 'cancelled').map((o) => o.id));
  for (const hold of await rt.repos.holds.list({ accountId, status: ['approved'] })) {
    // A flow without confirm whose hold is itself the unpaid order (a pre-registration): its own id.
    const orderId = hold.order?.id ?? (rt.flow.confirm ? undefined : hold.portal?.id);
    if (!orderId || live.has(orderId)) continue;
    rt.logger.info(
      { hold: hold.id, order: orderId },
      'order cancelled at the portal; the target is watched again',
    );
    const updated = await rt.repos.holds.update(
      hold.id,
      { status: 'expired', error: ORDER_CANCELLED },
      rt.now(),
    );
    // A record without the portal's hold (none was ever made) has nothing to show.
    const view = await viewOf(rt, updated);
    if (!view) continue;
    await enqueueAlert(rt, `hold_result/${hold.id}/cancelled`, {
      kind: 'hold_result',
      child: view.child,
      observation: view.observation,
      hold: view.hold,
      outcome: 'expired',
      holdKind: holdKindOf(rt.flow),
    });
  }
}
