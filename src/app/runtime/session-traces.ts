import { chmod, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../log/logger.js';

/**
 * Where a check's browser trace goes and what happens to it (traces hold cookies and tokens): a
 * private folder beside the store with the newest TRACES_KEPT, each file private and redacted, and
 * a trace that could not be redacted not kept at all. The browser is reached only through `stop`
 * and `secrets`, so this runs (and is tested) without one.
 */

/** Traces kept in the folder, the new one included. */
export const TRACES_KEPT = 20;

/** A new trace file's path for the account; older traces beyond the newest TRACES_KEPT - 1 are removed. */
export async function traceFile(tracesDir: string, now: Date, accountId: string): Promise<string> {
  await mkdir(tracesDir, { recursive: true, mode: 0o700 });
  const old = (await readdir(tracesDir)).filter((f) => f.endsWith('.zip')).sort();
  for (const f of old.slice(0, Math.max(0, old.length - (TRACES_KEPT - 1)))) {
    // Stryker disable next-line ObjectLiteral,BooleanLiteral: the file was just listed; force only covers another process pruning it first
    await rm(join(tracesDir, f), { force: true });
  }
  return join(tracesDir, `${now.toISOString().replace(/[:.]/g, '-')}-${accountId}.zip`);
}

/** A trace is kept for a failed check (`retain-on-failure`), or for every check with `trace: 'on'`. */
export function keepTrace(failed: boolean, mode: 'retain-on-failure' | 'off' | 'on'): boolean {
  return mode !== 'off' && (failed || mode === 'on');
}

export interface TraceEnd {
  /** Keep the trace (a failed check, or `trace: 'on'`); otherwise it is stopped and dropped. */
  keep: boolean;
  tracesDir: string;
  now: Date;
  accountId: string;
  /** What is secret in the trace, read while the context still holds it (cookies set during the check too). */
  secrets(): Promise<string[]>;
  /** Stops tracing; writes the trace to `path` when one is given. */
  stop(path?: string): Promise<void>;
  /** Blanks the secrets in the trace file at `path`. */
  redact(path: string, secrets: string[]): Promise<void>;
  logger: Pick<Logger, 'info' | 'debug'>;
}

/** Stops a check's trace and keeps it (private, redacted) when asked; the path kept, if any. Never throws. */
export async function endTrace(t: TraceEnd): Promise<string | undefined> {
  try {
    if (!t.keep) {
      await t.stop();
      return undefined;
    }
    const path = await traceFile(t.tracesDir, t.now, t.accountId);
    const secrets = await t.secrets();
    await t.stop(path);
    await chmod(path, 0o600);
    try {
      await t.redact(path, secrets);
    } catch (error) {
      // A trace that could not be cleaned is not kept: it holds the live session.
      // Stryker disable next-line ObjectLiteral,BooleanLiteral: stop() just wrote the file; force only covers it being gone already
      await rm(path, { force: true });
      throw error;
    }
    t.logger.info({ account: t.accountId, trace: path }, 'trace of the failed check saved');
    return path;
  } catch (error) {
    t.logger.debug({ err: error }, 'could not save the trace');
    return undefined;
  }
}
