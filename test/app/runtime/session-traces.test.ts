import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { endTrace, keepTrace, TRACES_KEPT, traceFile } from '../../../src/app/runtime/session-traces.js';

/**
 * A check's browser trace holds the session (issue 26: a trace is meant to be shared, so it is kept
 * only when asked, private, redacted, or not at all). The browser is reached through `stop` and
 * `secrets` only: here `stop` writes the file a browser would.
 */

const NOW = new Date('2026-12-01T08:09:10.123Z');

describe('session traces', () => {
  const root = mkdtempSync(join(tmpdir(), 'jianlou-traces-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let n = 0;
  const next = () => {
    n += 1;
    return n;
  };
  const freshDir = () => join(root, `t${next()}`, 'traces');

  function tracer(options: {
    keep: boolean;
    dir?: string;
    redact?: (path: string, s: string[]) => Promise<void>;
  }) {
    const calls: string[] = [];
    const logs: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
    const redacted: { path: string; secrets: string[] }[] = [];
    const end = {
      keep: options.keep,
      tracesDir: options.dir ?? freshDir(),
      now: NOW,
      accountId: 'mom',
      async secrets() {
        calls.push('secrets');
        return ['s3cret'];
      },
      async stop(path?: string) {
        calls.push(`stop ${path === undefined ? '-' : 'path'}`);
        if (path) writeFileSync(path, 'trace with s3cret');
      },
      redact:
        options.redact ??
        (async (path: string, secrets: string[]) => {
          calls.push('redact');
          redacted.push({ path, secrets });
        }),
      logger: {
        info: (obj: object, msg?: string) =>
          void logs.push({ level: 'info', obj: obj as never, msg: msg ?? '' }),
        debug: (obj: object, msg?: string) =>
          void logs.push({ level: 'debug', obj: obj as never, msg: msg ?? '' }),
      } as never,
    };
    return { end, calls, logs, redacted };
  }

  it("a failed check's trace is kept; a good check's only with trace 'on'; none with 'off'", () => {
    expect(keepTrace(true, 'retain-on-failure')).toBe(true);
    expect(keepTrace(false, 'retain-on-failure')).toBe(false);
    expect(keepTrace(false, 'on')).toBe(true);
    expect(keepTrace(true, 'on')).toBe(true);
    expect(keepTrace(true, 'off')).toBe(false);
    expect(keepTrace(false, 'off')).toBe(false);
  });

  it('a trace nobody asked to keep is stopped without a file, and nothing is read for it', async () => {
    const t = tracer({ keep: false });
    expect(await endTrace(t.end)).toBeUndefined();
    expect(t.calls).toEqual(['stop -']);
    expect(existsSync(t.end.tracesDir)).toBe(false);
    expect(t.logs).toEqual([]);
  });

  it('a kept trace: the secrets read before the stop, the file private and redacted, its path logged', async () => {
    const t = tracer({ keep: true });
    const path = await endTrace(t.end);
    expect(path).toBe(join(t.end.tracesDir, '2026-12-01T08-09-10-123Z-mom.zip'));
    expect(t.calls).toEqual(['secrets', 'stop path', 'redact']);
    expect(t.redacted).toEqual([{ path, secrets: ['s3cret'] }]);
    expect(statSync(path as string).mode & 0o777).toBe(0o600);
    expect(statSync(t.end.tracesDir).mode & 0o777).toBe(0o700);
    expect(t.logs).toEqual([
      { level: 'info', obj: { account: 'mom', trace: path }, msg: 'trace of the failed check saved' },
    ]);
  });

  it('a trace that could not be redacted is deleted, and the failure logged, never thrown', async () => {
    const t = tracer({
      keep: true,
      redact: async () => {
        throw new Error('zip unreadable');
      },
    });
    expect(await endTrace(t.end)).toBeUndefined();
    expect(readdirSync(t.end.tracesDir)).toEqual([]);
    expect(t.logs).toMatchObject([
      { level: 'debug', obj: { err: { message: 'zip unreadable' } }, msg: 'could not save the trace' },
    ]);
  });

  it('a trace folder that cannot be made is logged, never thrown, and tracing is left to the close', async () => {
    const blocker = join(root, `blocked-${next()}`);
    writeFileSync(blocker, 'a file, not a folder');
    const t = tracer({ keep: true, dir: join(blocker, 'traces') });
    expect(await endTrace(t.end)).toBeUndefined();
    expect(t.logs.map((l) => [l.level, l.msg])).toEqual([['debug', 'could not save the trace']]);
  });

  it(`keeps the newest ${TRACES_KEPT} traces, the new one included; other files stay`, async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const names = Array.from({ length: 25 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}-mom.zip`);
    // The names (their times) decide, not the order the folder lists them in (tmpfs: newest first).
    for (const name of names) writeFileSync(join(dir, name), 'x');
    writeFileSync(join(dir, 'notes.txt'), 'kept');
    const path = await traceFile(dir, NOW, 'mom');
    expect(TRACES_KEPT).toBe(20);
    expect(readdirSync(dir).sort()).toEqual([...names.slice(6), 'notes.txt'].sort());
    expect(path).toBe(join(dir, '2026-12-01T08-09-10-123Z-mom.zip'));
  });

  it('with few traces in the folder none is removed', async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    for (const name of ['a.zip', 'b.zip']) writeFileSync(join(dir, name), 'x');
    await traceFile(dir, NOW, 'dad');
    expect(readdirSync(dir).sort()).toEqual(['a.zip', 'b.zip']);
  });

  it('exactly 19 old traces: all kept beside the new one', async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 19; i += 1) writeFileSync(join(dir, `${String(i).padStart(2, '0')}.zip`), 'x');
    await traceFile(dir, NOW, 'mom');
    expect(readdirSync(dir)).toHaveLength(19);
  });
});
