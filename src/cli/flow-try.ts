import { type TryAccount, type TryResult, tryFlow } from '../app/flow-tools/flow-try.js';
import { loadConfig } from '../config/load.js';
import { ExitCode } from '../core/errors.js';
import type { Observation } from '../core/types.js';
import { catalogue } from '../i18n/catalogue.js';
import type { CliMessages } from '../i18n/cli-types.js';
import { type FlowTryNext, flowTryNext } from '../i18n/flow-try-text.js';
import { ExitRequest } from './exit.js';
import { print } from './shared.js';

export interface FlowTryOptions {
  account?: string;
  json?: boolean;
  timeout: number;
}

function when(o: Observation, m: CliMessages): string {
  if (!o.schedule) return '';
  // A schedule that means nothing reads as '' (its contract problem says why).
  return m.schedule(o.schedule);
}

function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length))) ?? [];
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

function printAccount(a: TryAccount, m: CliMessages, next: FlowTryNext): void {
  const t = m.tools.flowTry;
  print(t.account(a.accountId));
  if (a.session.ok) print(t.sessionOk(a.session.state, a.session.ms));
  else
    print(
      `${t.sessionFailed(a.session.failure.kind, a.session.failure.message)}\n${t.next(next[a.session.failure.kind](a.accountId))}`,
    );
  if (!a.observe) return;
  if (!a.observe.ok) {
    print(t.observeFailed(a.observe.failure.kind, a.observe.failure.message));
    print(t.next(next[a.observe.failure.kind](a.accountId)));
    return;
  }
  print(t.observed(a.observe.observations.length, a.observe.ms));
  const rows = [[...t.columns]];
  for (const o of a.observe.observations) {
    rows.push([o.courseId, o.state, o.seats === null ? '-' : String(o.seats), o.title, when(o, m), o.url]);
  }
  for (const line of table(rows)) print(`  ${line}`);
  for (const problem of a.observe.problems) print(t.contractProblem(problem));
}

/** The exit code: the worst failure's (3 needs a login, 4 unreachable, 1 a changed portal or a flow bug). */
function exitCodeOf(result: TryResult): number {
  const failures = result.accounts.flatMap((a) => [
    ...(a.session.ok ? (a.session.state === 'expired' ? ['session_expired'] : []) : [a.session.failure.kind]),
    ...(a.observe && !a.observe.ok ? [a.observe.failure.kind] : []),
    ...(a.observe?.ok && a.observe.problems.length > 0 ? ['flow_bug'] : []),
  ]);
  if (failures.some((k) => k === 'portal_changed' || k === 'flow_bug')) return ExitCode.unexpected;
  if (failures.includes('bad_input')) return ExitCode.badInput;
  if (failures.includes('session_expired')) return ExitCode.needsLogin;
  if (failures.includes('unavailable') || failures.includes('rate_limited'))
    return ExitCode.portalUnreachable;
  return ExitCode.ok;
}

/** `jianlou flow try`: the flow's read-only steps once against the live portal, as a table. */
export async function flowTryCommand(configFile: string, opts: FlowTryOptions): Promise<void> {
  const config = loadConfig(configFile);
  const result = await tryFlow(config, {
    ...(opts.account ? { accountId: opts.account } : {}),
    timeoutMs: opts.timeout * 1000,
  });
  if (opts.json) print(JSON.stringify(result, null, 2));
  else {
    const m = catalogue(config.locale).cli;
    print(m.tools.flowTry.header(result.flow, result.baseUrl));
    for (const account of result.accounts) printAccount(account, m, flowTryNext[config.locale]);
  }
  const code = exitCodeOf(result);
  if (code !== ExitCode.ok) throw new ExitRequest(code);
}
