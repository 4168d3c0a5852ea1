import {
  LOGIN_SOON_LEAD_MS,
  lifetimesFromLogins,
  loginSoonDue,
  predictSessionEnd,
} from '../../watch/decide-login-soon.js';
import { enqueueAlert } from '../alerts/alerts.js';
import type { Runtime } from '../runtime/runtime.js';
import { readSessionFile } from './session-health.js';

/**
 * Sends each account's phone login link ahead of its session's predicted end (issues 15, 29), once
 * per login: the alert id carries the login's time from the login log, so neither a repeat enqueue
 * nor a step that re-saves the session file (a hold, a refreshed cookie) warns again.
 */
export async function warnLoginSoon(
  rt: Pick<Runtime, 'config' | 'repos' | 'now' | 'loginLink'>,
): Promise<void> {
  const now = rt.now();
  for (const account of rt.config.accounts) {
    const logins = await rt.repos.logins.list(account.id);
    const login = logins.at(-1);
    // No login recorded, or its session already ended: nothing to warn about.
    if (!login || login.endedAt) continue;
    const file = await readSessionFile(account.storageState);
    if (!file.present || file.unreadable) continue;
    const loginAt = new Date(login.at);
    const end = predictSessionEnd({
      tokenExpiresAt: file.loginExpiresAt ? new Date(file.loginExpiresAt) : null,
      loginAt,
      // Stryker disable next-line MethodExpression: the newest login is not ended (checked above), so it adds no lifetime either way
      lifetimesMs: lifetimesFromLogins(logins.slice(0, -1)),
    });
    const quiet = rt.config.policy.quietHours;
    if (!loginSoonDue({ end, loginAt, now, leadMs: LOGIN_SOON_LEAD_MS, quiet })) continue;
    const loginUrl = rt.loginLink(account.id);
    if (!loginUrl || !end) continue;
    await enqueueAlert(rt, `login_soon/${account.id}/${login.at}`, {
      kind: 'login_soon',
      accountId: account.id,
      expectedEnd: end.toISOString(),
      loginUrl,
    });
  }
}
