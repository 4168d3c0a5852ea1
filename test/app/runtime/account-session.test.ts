import { mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionOpener } from '../../../src/app/runtime/account-session.js';
import type { BrowserPool } from '../../../src/app/runtime/browser-pool.js';
import { createWarmRequests } from '../../../src/app/runtime/warm-requests.js';
import { sayError } from '../../../src/cli/say-error.js';
import type { LoadedConfig } from '../../../src/config/load.js';
import { BadInputError } from '../../../src/core/errors.js';
import { catalogue } from '../../../src/i18n/catalogue.js';
import { createLogger } from '../../../src/log/logger.js';

/**
 * An account's session for one check, API side only (issue 26, test strength): no browser is
 * launched (the pool here has none), the saved session is read from a temporary file and written
 * back merged, one writer at a time; a local server on 127.0.0.1 sets cookies.
 */

const OLD = new Date('2026-12-01T08:00:00.000Z');

const cookie = (name: string, value: string) => ({
  name,
  value,
  domain: '127.0.0.1',
  path: '/',
  expires: -1,
  httpOnly: false,
  secure: false,
  sameSite: 'Lax' as const,
});

describe('account sessions (API side)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-account-session-'));
  let server: Server;
  let baseUrl: string;
  let n = 0;
  const next = () => {
    n += 1;
    return n;
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/cart') res.setHeader('Set-Cookie', 'cart=ART-101; Path=/');
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  function world(options: { keepWarm?: boolean } = {}) {
    const path = join(dir, `mom-${next()}.json`);
    const tracesDir = join(dir, `traces-${n}`);
    const writeFile = (state: object, at = OLD) => {
      writeFileSync(path, JSON.stringify(state));
      utimesSync(path, at, at);
    };
    writeFile({ cookies: [cookie('sid', 'old')], origins: [] });
    const config = {
      file: '/srv/jl/jianlou.yaml',
      accounts: [{ id: 'mom', storageState: path }],
      portal: { baseUrl },
      store: { tracesDir },
      secrets: [],
    } as unknown as LoadedConfig;
    const pool = {
      launches: 0,
      opened: 0,
      async get() {
        pool.launches += 1;
        throw new Error('no Chromium on this machine');
      },
      async close() {},
    };
    const lines: Record<string, unknown>[] = [];
    const warm = createWarmRequests({ keepWarm: options.keepWarm ?? false, baseUrl });
    const open = createSessionOpener({
      config,
      logger: createLogger({
        destination: new Writable({
          write: (chunk, _e, done) => {
            lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
            done();
          },
        }),
      }),
      flowOptions: { answer: 42 },
      now: () => OLD,
      pool: pool as unknown as BrowserPool,
      warm,
    });
    const file = () =>
      JSON.parse(readFileSync(path, 'utf8')) as {
        cookies: { name: string; value: string }[];
        origins: { origin: string; localStorage: { name: string; value: string }[] }[];
      };
    return { open, path, pool, warm, writeFile, file, tracesDir, lines };
  }

  const pairs = (state: { cookies: { name: string; value: string }[] }) =>
    state.cookies.map((c) => `${c.name}=${c.value}`).sort();
  const items = (state: { origins: { localStorage: { name: string; value: string }[] }[] }) =>
    state.origins.flatMap((o) => o.localStorage.map((i) => `${i.name}=${i.value}`)).sort();

  it('an account the config does not have is bad input naming the config file', async () => {
    const w = world();
    const failure = await w.open('dad').catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BadInputError);
    expect((failure as Error).message).toBe('no account "dad" in /srv/jl/jianlou.yaml');
    // Issue 29 item 12: the CLI says it in the config's language.
    expect(sayError(failure as Error, catalogue('zh').cli.errors)).toBe(
      '/srv/jl/jianlou.yaml 里没有账号 "dad"（已有的账号：mom）：在 accounts 下加上它，或者换一个账号',
    );
  });

  it("the session's context is the account's, with the flow's options, and nothing launched", async () => {
    const w = world();
    const session = await w.open('mom');
    expect(session.ctx.accountId).toBe('mom');
    expect(session.ctx.baseUrl).toBe(baseUrl);
    expect(session.ctx.options).toEqual({ answer: 42 });
    expect(session.usedBrowser()).toBe(false);
    expect(session.requests()).toBe(0);
    expect(session.warmReuses).toBe(0);
    await session.dispose();
    expect(w.pool.launches).toBe(0);
  });

  it("the flow's log names the account, and the check's signal is the flow's", async () => {
    const w = world();
    const controller = new AbortController();
    const session = await w.open('mom', controller.signal);
    session.ctx.log.info({ step: 'observe' }, 'reading seats');
    expect(w.lines).toMatchObject([{ account: 'mom', step: 'observe', msg: 'reading seats' }]);
    expect(session.ctx.signal).toBe(controller.signal);
    await session.dispose();
  });

  it('disposing twice hands the warm API side back once: a check still using it keeps it', async () => {
    const w = world({ keepWarm: true });
    const first = await w.open('mom');
    const second = await w.open('mom');
    expect(second.warmReuses).toBe(1);
    await first.dispose();
    await first.dispose();
    // A login rewrites the file: the next check makes a new API side; the old one is still in use.
    w.writeFile({ cookies: [cookie('sid', 'login')], origins: [] }, new Date(OLD.getTime() + 60_000));
    const third = await w.open('mom');
    expect(third.warmReuses).toBe(0);
    expect((await second.ctx.request.get('/seats')).status()).toBe(200);
    await second.dispose();
    await third.dispose();
  });

  it('a check that changed nothing leaves the session file untouched', async () => {
    const w = world();
    const before = readFileSync(w.path, 'utf8');
    const session = await w.open('mom');
    await session.ctx.request.get('/seats');
    await session.save();
    await session.dispose();
    expect(readFileSync(w.path, 'utf8')).toBe(before);
    expect(statSync(w.path).mtime.toISOString()).toBe(OLD.toISOString());
  });

  it("a cookie the portal set and a value the flow stored are saved, privately, onto a login's newer file", async () => {
    const w = world();
    const session = await w.open('mom');
    await session.ctx.request.get('/cart');
    await session.ctx.storage.setLocal('token', 't-1');
    expect(session.requests()).toBe(1);
    // Someone logged in meanwhile: the file has a new sid this check never saw.
    w.writeFile({ cookies: [cookie('sid', 'new')], origins: [] });
    await session.save();
    await session.dispose();
    expect(pairs(w.file())).toEqual(['cart=ART-101', 'sid=new']);
    expect(items(w.file())).toEqual(['token=t-1']);
    expect(statSync(w.path).mode & 0o777).toBe(0o600);
  });

  it('a second save with nothing new since the first leaves a login written in between alone', async () => {
    const w = world();
    const session = await w.open('mom');
    await session.ctx.storage.setLocal('token', 't-1');
    await session.save();
    w.writeFile({ cookies: [cookie('sid', 'login')], origins: [] });
    await session.save();
    await session.dispose();
    expect(pairs(w.file())).toEqual(['sid=login']);
    expect(items(w.file())).toEqual([]);
  });

  it('two checks of one account saving at once both keep what they changed (one writer at a time)', async () => {
    const w = world();
    const a = await w.open('mom');
    const b = await w.open('mom');
    await a.ctx.storage.setLocal('a', '1');
    await b.ctx.storage.setLocal('b', '2');
    await Promise.all([a.save(), b.save()]);
    await Promise.all([a.dispose(), b.dispose()]);
    expect(items(w.file())).toEqual(['a=1', 'b=2']);
  });

  it('kept warm, the next check reuses the API side across our own save', async () => {
    const w = world({ keepWarm: true });
    const first = await w.open('mom');
    await first.ctx.storage.setLocal('token', 't-1');
    await first.save();
    await first.dispose();
    const second = await w.open('mom');
    expect(second.warmReuses).toBe(1);
    expect(await second.ctx.storage.local('token')).toBe('t-1');
    await second.dispose();
  });

  it("kept warm, a login saved during the check makes the next check start from the login's file", async () => {
    const w = world({ keepWarm: true });
    const first = await w.open('mom');
    await first.ctx.storage.setLocal('token', 't-1');
    w.writeFile({ cookies: [cookie('sid', 'login')], origins: [] }, new Date(OLD.getTime() + 60_000));
    await first.save();
    await first.dispose();
    const second = await w.open('mom');
    expect(second.warmReuses).toBe(0);
    await second.dispose();
  });

  it('kept warm, a check that failed hands its API side back for good; one that went well keeps it', async () => {
    const w = world({ keepWarm: true });
    const ok = await w.open('mom');
    await ok.dispose();
    const reused = await w.open('mom');
    expect(reused.warmReuses).toBe(1);
    reused.markFailed();
    await reused.dispose();
    const fresh = await w.open('mom');
    expect(fresh.warmReuses).toBe(0);
    await fresh.dispose();
  });

  it('a step asking for a page when no browser can start fails, and the session is still disposed cleanly', async () => {
    const w = world();
    const session = await w.open('mom');
    await expect(session.ctx.page()).rejects.toThrow('no Chromium on this machine');
    expect(session.usedBrowser()).toBe(false);
    await session.ctx.storage.setLocal('token', 't-1');
    await session.save();
    await session.dispose();
    await session.dispose();
    expect(w.pool.launches).toBe(1);
    expect(items(w.file())).toEqual(['token=t-1']);
  });
});
