import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { createSessionOpener } from '../../../src/app/runtime/account-session.js';
import type { BrowserPool } from '../../../src/app/runtime/browser-pool.js';
import { createWarmRequests } from '../../../src/app/runtime/warm-requests.js';
import type { LoadedConfig } from '../../../src/config/load.js';
import { createLogger } from '../../../src/log/logger.js';

/**
 * The end of an account's session when a step asked for the browser and the browser never started
 * (issue 26, test strength): the check does not wait past `cleanupMs` for it, says so, and recycles
 * the browser. In-process: the pool's launch is a promise that never settles; nothing is launched.
 * And the end of a session whose browser did start, with a stand-in for Chromium at the pool (the
 * members the session's browser side uses, calls recorded): Chromium itself is tested in
 * test/browser/frozen-browser-cleanup.test.ts and test/browser/trace-redact.test.ts.
 */

describe("disposing an account's session: a browser that never started, one that did", () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-account-cleanup-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function world(pool: Partial<BrowserPool>, cleanupMs?: number) {
    const path = join(dir, `mom-${Math.random().toString(36).slice(2)}.json`);
    writeFileSync(path, JSON.stringify({ cookies: [], origins: [] }));
    const lines: Record<string, unknown>[] = [];
    const counts = { gets: 0, discards: 0 };
    const open = createSessionOpener({
      config: {
        file: '/srv/jl/jianlou.yaml',
        accounts: [{ id: 'mom', storageState: path }],
        portal: { baseUrl: 'http://127.0.0.1:9' },
        store: { tracesDir: join(dir, 'traces') },
        secrets: [],
      } as unknown as LoadedConfig,
      logger: createLogger({
        destination: new Writable({
          write: (chunk, _e, done) => {
            lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
            done();
          },
        }),
      }),
      flowOptions: {},
      now: () => new Date('2026-12-01T08:00:00.000Z'),
      pool: {
        get: () => {
          counts.gets += 1;
          return new Promise(() => {});
        },
        discard: () => {
          counts.discards += 1;
        },
        ...pool,
      } as BrowserPool,
      warm: createWarmRequests({ keepWarm: false, baseUrl: 'http://127.0.0.1:9' }),
      ...(cleanupMs === undefined ? {} : { cleanupMs }),
    });
    return { open, lines, counts };
  }

  it('waits only cleanupMs for it, says so naming the account, and recycles the browser', async () => {
    const w = world({}, 40);
    const session = await w.open('mom');
    void session.ctx.page();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(w.counts.gets).toBe(1);
    await session.dispose();
    expect(w.counts.discards).toBe(1);
    expect(session.usedBrowser()).toBe(false);
    expect(w.lines).toEqual([
      expect.objectContaining({
        level: 40,
        account: 'mom',
        step: 'browser start',
        msg: "the browser did not start within 40 ms of the check's end: gave up on it, recycling the browser",
      }),
    ]);
  });

  it('a second dispose does not wait or recycle again', async () => {
    const w = world({}, 20);
    const session = await w.open('mom');
    void session.ctx.page();
    await session.dispose();
    await session.dispose();
    expect(w.counts.discards).toBe(1);
    expect(w.lines.filter((l) => l.step === 'browser start')).toHaveLength(1);
  });

  it('a session that never asked for the browser ends without waiting, warning or recycling', async () => {
    const w = world({}, 20);
    const session = await w.open('mom');
    await session.dispose();
    expect(w.counts).toEqual({ gets: 0, discards: 0 });
    expect(w.lines).toEqual([]);
  });

  it('a browser that failed to start is not waited for and not recycled', async () => {
    const w = world(
      {
        get: async () => {
          throw new Error('no Chromium on this machine');
        },
      },
      20,
    );
    const session = await w.open('mom');
    await expect(session.ctx.page()).rejects.toThrow('no Chromium on this machine');
    await session.dispose();
    expect(w.counts.discards).toBe(0);
    expect(w.lines.filter((l) => l.level === 40)).toEqual([]);
  });

  it("a session whose step launched the browser closes the flow's page and the context, and drops the trace of a check that went well", async () => {
    const calls: string[] = [];
    const page = {
      closed: false,
      isClosed: () => page.closed,
      async close() {
        calls.push('page close');
        page.closed = true;
      },
    };
    const context = {
      on: () => context,
      setDefaultTimeout() {},
      setDefaultNavigationTimeout() {},
      tracing: {
        start: async () => calls.push('trace start'),
        stop: async (options: unknown) => calls.push(`trace stop ${JSON.stringify(options)}`),
      },
      newPage: async () => page,
      close: async () => calls.push('context close'),
    };
    const w = world(
      {
        get: async () => ({ newContext: async () => context }) as never,
        opened: () => calls.push('pool opened'),
        closed: () => calls.push('pool closed'),
      },
      1_000,
    );
    const session = await w.open('mom');
    expect(session.usedBrowser()).toBe(false);
    expect(await session.ctx.page()).toBe(page);
    expect(session.usedBrowser()).toBe(true);
    await session.dispose();
    expect(calls).toEqual([
      'pool opened',
      'trace start',
      'pool closed',
      'trace stop {}',
      'page close',
      'context close',
    ]);
    expect(w.counts.discards).toBe(0);
  });
});
