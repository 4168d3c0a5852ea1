import { createRuntimeSender } from '../app/alerts/notify.js';
import type { Runtime } from '../app/runtime/runtime.js';
import type { DoctorCliMessages } from '../i18n/doctor-cli.js';
import { channelLabels } from '../notify/channels/describe.js';
import { redactSecrets } from '../notify/errors.js';
import type { Check } from './doctor-checks.js';
import { localTime } from './status.js';

/** `jianlou doctor`'s lines for the alert channels: configured, broken, or (`--send`) a test message's answer. */

/**
 * The channel's answer without the error's "WeCom robot <url>:" prefix (the line names it already):
 * the errcode with the channel's own words, and jianlou's English reading of it after " — ".
 */
export function answerOf(errcode: number, errmsg: string): { answer: string; advice: string | null } {
  const at = errmsg.indexOf(`errcode ${errcode}`);
  if (at < 0) return { answer: `errcode ${errcode}: ${errmsg}`, advice: null };
  const answer = errmsg.slice(at);
  const dash = answer.indexOf(' — ');
  return dash < 0
    ? { answer, advice: null }
    : { answer: answer.slice(0, dash), advice: answer.slice(dash + ' — '.length) };
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
  const labels = channelLabels(rt.config.notify);
  const sender = createRuntimeSender(rt);
  const checks: Check[] = [];
  for (const status of await sender.channelStatus()) {
    const name = m.names.channel(status.id);
    const label = labels[status.id];
    const what = label ? m.channels.what(label) : status.id;
    const fix = m.channels.place(label?.configPath ?? 'notify', status.id);
    const wecomAdvice = label?.type === 'wecom';
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
    const { answer, advice } = answerOf(errcode, redactSecrets(errmsg));
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
            detail: m.refused(what, answer, advice),
            next: (wecomAdvice ? m.wecomAdvice[errcode] : undefined) ?? m.refusedNext(fix),
          },
    );
  }
  return checks;
}
