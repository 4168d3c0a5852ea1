import { createRuntimeSender } from '../app/alerts/notify.js';
import type { Runtime } from '../app/runtime/runtime.js';
import { channelLabels } from '../notify/channels/describe.js';
import { redactSecrets } from '../notify/errors.js';
import type { Check } from './doctor-checks.js';
import { localTime } from './status.js';

/** `jianlou doctor`'s lines for the alert channels: configured, broken, or (`--send`) a test message's answer. */

/** What a person can do about a refused test message. */
const ERRCODE_ADVICE: Record<number, string> = {
  93000:
    'the robot key is wrong, or the robot was removed from the group: copy the webhook URL again from the group’s robot settings into notify.wecom.webhook',
  93004: 'the robot is disabled: enable it in the group’s robot settings',
  45009: 'over 20 messages a minute: wait a minute and try again',
};

/** The channel's answer without the error's "WeCom robot <url>:" prefix (the line names it already). */
function answerOf(errcode: number, errmsg: string): string {
  const at = errmsg.indexOf(`errcode ${errcode}`);
  return at >= 0 ? errmsg.slice(at) : `errcode ${errcode}: ${errmsg}`;
}

export async function checkNotify(rt: Runtime, send: boolean): Promise<Check[]> {
  const { wecom, webhook, channels } = rt.config.notify;
  if (!wecom && !webhook && channels.length === 0) {
    return [
      {
        verdict: 'fail',
        name: 'notify',
        detail: 'no channel configured: alerts only go to the log, the parents are never told',
        next: 'add a channel under notify.channels (wecom, dingtalk, feishu, pushplus, serverchan, bark, email; see docs/channels.md), its secrets from environment variables such as WECOM_WEBHOOK',
      },
    ];
  }
  const labels = channelLabels(channels);
  const shown: Record<string, string> = {
    ...(wecom ? { wecom: `WeCom robot ${redactSecrets(wecom.webhook)}` } : {}),
    ...(webhook ? { 'json-webhook': `JSON webhook at ${new URL(webhook.url).origin}` } : {}),
    ...Object.fromEntries(Object.entries(labels).map(([id, l]) => [id, l.what])),
  };
  const sender = createRuntimeSender(rt);
  const checks: Check[] = [];
  for (const status of await sender.channelStatus()) {
    const name = `notify ${status.id}`;
    const what = shown[status.id] ?? status.id;
    const fix =
      labels[status.id]?.fix ?? (status.id === 'wecom' ? 'notify.wecom.webhook' : 'notify.webhook.url');
    const wecomAdvice = status.id === 'wecom' || labels[status.id]?.what.startsWith('WeCom');
    if (!send) {
      checks.push(
        status.broken
          ? {
              verdict: 'fail',
              name,
              detail:
                `${what} BROKEN since ${localTime(status.broken.since, rt.config.timezone)}` +
                (status.broken.errcode !== null ? ` (errcode ${status.broken.errcode})` : '') +
                `; ${status.pending} alert(s) held back`,
              next: `fix ${fix}, then run: jianlou doctor --send`,
            }
          : {
              verdict: 'pass',
              name,
              detail: `${what} is configured (not tested)`,
              next: 'run: jianlou doctor --send to post a test message',
            },
      );
      continue;
    }
    const { errcode, errmsg } = await sender.sendTest(status.id);
    checks.push(
      errcode === 0
        ? {
            verdict: 'pass',
            name,
            detail:
              `test message to ${what} sent: errcode 0 (${errmsg})` +
              (status.broken
                ? `; no longer broken, ${status.pending} held alert(s) go out on the next run`
                : ''),
          }
        : {
            verdict: 'fail',
            name,
            detail: `test message to ${what} refused: ${answerOf(errcode, redactSecrets(errmsg))}`,
            next:
              (wecomAdvice ? ERRCODE_ADVICE[errcode] : undefined) ??
              `fix ${fix} as the answer says, then run: jianlou doctor --send`,
          },
    );
  }
  return checks;
}
