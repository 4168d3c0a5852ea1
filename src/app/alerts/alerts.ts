import type { Alert } from '../../core/types.js';
import type { Runtime } from '../runtime/runtime.js';

export type AlertDeps = Pick<Runtime, 'repos' | 'now'>;

/**
 * Queues an alert in the outbox's message lane and records it in the alert history, once per id:
 * a second enqueue of the same id (a crash rerun, a re-decided effect) changes nothing.
 */
export async function enqueueAlert(rt: AlertDeps, id: string, alert: Alert): Promise<boolean> {
  const at = rt.now().toISOString();
  const fresh = await rt.repos.outbox.enqueue({ id, lane: 'message', payload: alert, createdAt: at });
  if (fresh) {
    await rt.repos.alerts.add({
      id,
      kind: alert.kind,
      at,
      outboxId: id,
      ...('targetId' in alert ? { targetId: alert.targetId } : {}),
      ...('observation' in alert ? { courseId: alert.observation.courseId } : {}),
      ...('accountId' in alert ? { accountId: alert.accountId } : {}),
    });
  }
  return fresh;
}
