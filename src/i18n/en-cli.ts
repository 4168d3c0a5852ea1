import type { Schedule } from '../core/types.js';
import { enCheckCli, enHoldsList } from './check-cli.js';
import type { CliMessages } from './cli-types.js';
import { enDoctorCli } from './doctor-cli-en.js';
import { enErrorsCli } from './errors-cli.js';
import { enHoldsCli } from './holds-cli.js';
import { enRecord } from './record-text.js';
import { enStatusCli } from './status-cli-en.js';
import { enToolsCli } from './tools-cli-en.js';

/** What the CLI says in English; `slot` is the catalogue's schedule wording. */
export function enCli(slot: (s: Schedule) => string): CliMessages {
  return {
    schedule: (s) => (s ? slot(s) : ''),
    seatsLabel: 'seats',
    holds: enHoldsCli,
    seatsUsuallyBack: (times, lags) => {
      const parts = [
        ...(times.length > 0 ? [`around ${listEn(times)}`] : []),
        ...(lags.length > 0 ? [`about ${listEn(lags.map(String))} min after registration opens`] : []),
      ];
      return parts.length > 0
        ? `Seats usually come back ${parts.join(', and ')}.`
        : 'No pattern yet in when seats come back.';
    },
    statusLink: {
      title: 'Status page link:',
      rotated: 'New status page link (the old one no longer opens):',
      servedBy: (url) =>
        `Served by \`jianlou watch\` at ${url}. Anyone with this link sees the page and can press its hold buttons:`,
      share: 'share it with the family only; to replace it run: jianlou status --link --rotate',
    },
    remote: {
      open: (account) =>
        `Open this link on a phone to log account ${account} in again (valid 30 minutes, one phone at a time):`,
      viaWatch: '(jianlou watch is running and serves the login page)',
      waiting: (min) => `Waiting for the login, up to ${min} min…`,
      saved: (account, path) => `✓ Account ${account} is logged in; session saved to ${path}`,
      timedOut: (account, min) =>
        `account ${account} did not finish logging in within ${min} min — run again: jianlou login ${account} --remote`,
      stopped: (account) =>
        `stopped waiting for the login of account ${account} (a stop signal) — run again when needed: jianlou login ${account} --remote`,
      noApproval: (file) =>
        `--remote needs the approval section (listen, publicUrl, secret) in ${file}: the phone opens the login page through it`,
    },
    record: enRecord,
    status: enStatusCli,
    check: enCheckCli,
    holdsList: enHoldsList,
    errors: enErrorsCli,
    doctor: enDoctorCli,
    tools: enToolsCli,
  };
}

/** "a", "a and b", "a, b and c". */
function listEn(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}
