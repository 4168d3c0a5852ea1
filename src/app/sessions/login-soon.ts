import { lifetimesFromRuns, loginSoonDue, predictSessionEnd } from '../../watch/decide-login-soon.js';
import { enqueueAlert } from '../alerts/alerts.js';
import type { Runtime } from '../runtime/runtime.js';
import { readSessionFile } from './session-health.js';

/** How long before the predicted end the group gets the link. */
export const LOGIN_SOON_LEAD_MS = 30 * 60_000;

/**
 * Sends each account's phone login link ahead of its session's predicted end (issue 15), once per
 * saved session: the alert id carries the file's save time, so a repeat enqueue is a no-op.
 */
export async function warnLoginSoon(
  rt: Pick<Runtime, 'config' | 'repos' | 'now' | 'loginLink'>,
): Promise<void> {
  const now = rt.now();
  for (const account of rt.config.accounts) {
    const file = await readSessionFile(account.storageState);
    if (!file.present || file.unreadable || !file.savedAt) continue;
    const runs = await rt.repos.runs.recent(account.id, 500);
    const end = predictSessionEnd({
      cookieExpiresAt: file.newestCookieExpiresAt ? new Date(file.newestCookieExpiresAt) : null,
      savedAt: new Date(file.savedAt),
      lifetimesMs: lifetimesFromRuns(runs),
    });
    if (!loginSoonDue({ end, now, leadMs: LOGIN_SOON_LEAD_MS, quiet: rt.config.policy.quietHours })) continue;
    const loginUrl = rt.loginLink(account.id);
    if (!loginUrl || !end) continue;
    await enqueueAlert(rt, `login_soon/${account.id}/${file.savedAt}`, {
      kind: 'login_soon',
      accountId: account.id,
      expectedEnd: end.toISOString(),
      loginUrl,
    });
  }
}
