import type { Schedule } from '../core/types.js';
import type { CheckCliMessages, HoldsListMessages } from './check-cli.js';
import type { DoctorCliMessages } from './doctor-cli.js';
import type { ErrorCliMessages } from './errors-cli.js';
import type { HoldsCliMessages } from './holds-cli.js';
import type { RecordMessages } from './record-text.js';
import type { StatusCliMessages } from './status-cli.js';
import type { ToolsCliMessages } from './tools-cli.js';

/** What the CLI says to the person at the terminal, in the config's locale (zh-cli.ts, en-cli.ts). */
export interface CliMessages {
  schedule(s: Schedule | undefined): string;
  /** Label before the seat count in `check` lines. */
  seatsLabel: string;
  /** `jianlou holds approve|release`: the outcome and the group's alert (src/i18n/holds-cli.ts). */
  holds: HoldsCliMessages;
  /**
   * When seats come back, learned from the seat history (issue 32): `status` and the status page.
   * `times` are local "HH:MM", busiest first; `afterWaveMinutes` the delays after registration opens.
   */
  seatsUsuallyBack(times: readonly string[], afterWaveMinutes: readonly number[]): string;
  /** `jianlou status --link [--rotate]`: the status page's link, what it is and who may have it. */
  statusLink: { title: string; rotated: string; servedBy(publicUrl: string): string; share: string };
  /** `jianlou login <account> --remote` (issue 15). */
  remote: {
    open(accountId: string): string;
    viaWatch: string;
    waiting(minutes: number): string;
    saved(accountId: string, path: string): string;
    timedOut(accountId: string, minutes: number): string;
    /** Ctrl-C / SIGTERM while waiting for the phone. */
    stopped(accountId: string): string;
    noApproval(file: string): string;
  };
  /** `jianlou flow record` (issue 30, branch r3b-record): src/i18n/record-text.ts. */
  record: RecordMessages;
  /** `jianlou status` (src/i18n/status-cli.ts, status-cli-en.ts). */
  status: StatusCliMessages;
  /** `jianlou check`'s result lines (src/i18n/check-cli.ts). */
  check: CheckCliMessages;
  /** `jianlou holds` / `holds list` and its usage errors (src/i18n/check-cli.ts). */
  holdsList: HoldsListMessages;
  /** Operator errors on stderr: config, accounts, the store lock (src/i18n/errors-cli.ts). */
  errors: ErrorCliMessages;
  /** `jianlou doctor`'s lines (src/i18n/doctor-cli.ts, doctor-cli-en.ts). */
  doctor: DoctorCliMessages;
  /** `flow try`, `surges suggest`, `init`, `portal` (src/i18n/tools-cli.ts, tools-cli-en.ts). */
  tools: ToolsCliMessages;
}
