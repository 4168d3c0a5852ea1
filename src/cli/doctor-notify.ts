import { createRuntimeSender } from '../app/alerts/notify.js';
import type { Runtime } from '../app/runtime/runtime.js';
import type { DoctorCliMessages } from '../i18n/doctor-cli.js';
import { channelLabels } from '../notify/channels/describe.js';
import { redactSecrets } from '../notify/errors.js';
import type { Check } from './doctor-checks.js';
import { localTime } from './status.js';

/** `jianlou doctor`'s lines for the alert channels: configured, broken, or (`--send`) a test message's answer. */

/** The channel's answer without the error's "WeCom robot <url>:" prefix (the line names it already). */
function answerOf(errcode: number, errmsg: string): string {
  const at = errmsg.indexOf(`errcode ${errcode}`);
  return at >= 0 ? errmsg.slice(at) : `errcode ${errcode}: ${errmsg}`;
}

export async function checkNotify(rt: Runtime, send: boolean, m: DoctorCliMessages): Promise<Check[]> {
  const { wecom, webhook, channels } = rt.config.notify;
  if (!wecom && !webhook && channels.length === 0) {
    return [
      {
        verdict: 'fail',
        name: m.names.notify,
        detail: m.noChannel,
        next: m.noChannelNext,
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
    const name = m.names.channel(status.id);
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
              detail: m.broken(
                what,
                localTime(status.broken.since, rt.config.timezone),
                status.broken.errcode,
                status.pending,
              ),
              next: m.brokenNext(fix),
            }
          : {
              verdict: 'pass',
              name,
              detail: m.configured(what),
              next: m.configuredNext,
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
            detail: m.sent(what, errmsg, status.broken ? status.pending : undefined),
          }
        : {
            verdict: 'fail',
            name,
            detail: m.refused(what, answerOf(errcode, redactSecrets(errmsg))),
            next: (wecomAdvice ? m.wecomAdvice[errcode] : undefined) ?? m.refusedNext(fix),
          },
    );
  }
  return checks;
}
