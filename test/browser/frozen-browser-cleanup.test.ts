import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSessionOpener } from '../../src/app/runtime/account-session.js';
import { createBrowserPool } from '../../src/app/runtime/browser-pool.js';
import { createWarmRequests } from '../../src/app/runtime/warm-requests.js';
import type { LoadedConfig } from '../../src/config/load.js';
import { createLogger } from '../../src/log/logger.js';

/**
 * Issue 26: the end of a check (trace stop, page close, context close) is bounded. A browser that
 * does not answer (here: its process frozen with SIGSTOP after the check opened a page) used to
 * keep `dispose` waiting for ever, and the next check behind it; now each step gives up after its
 * time box with a log line, and the browser is recycled: the next check gets a fresh one.
 */

/** Chromium's main processes: this process's children (Playwright runs in-process). */
function browserPids(): number[] {
  const out = execFileSync('ps', ['-o', 'pid=,comm=', '--ppid', String(process.pid)], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().split(/\s+/))
    .filter(([pid, comm]) => pid && /chrom/i.test(comm ?? ''))
    .map(([pid]) => Number(pid));
}

describe('a frozen browser at the end of a check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-frozen-'));
  const frozen: number[] = [];
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    server = createServer((_req, res) => res.end('<html><body>ok</body></html>'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const pid of frozen) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives up on it within the time box, says so, and recycles it', { timeout: 90_000 }, async () => {
    const path = join(dir, 'mom.json');
    writeFileSync(path, JSON.stringify({ cookies: [], origins: [] }));
    const config = {
      file: join(dir, 'jianlou.yaml'),
      accounts: [{ id: 'mom', storageState: path }],
      portal: { baseUrl },
      store: { tracesDir: join(dir, 'traces') },
      secrets: [],
    } as unknown as LoadedConfig;
    const lines: string[] = [];
    const logger = createLogger({
      level: 'debug',
      destination: { write: (l: string) => void lines.push(l) },
    });
    const pool = createBrowserPool(200);
    const open = createSessionOpener({
      config,
      logger,
      flowOptions: undefined,
      now: () => new Date(),
      pool,
      warm: createWarmRequests({ keepWarm: false, baseUrl }),
      cleanupMs: 1_000,
    });
    try {
      const session = await open('mom');
      const page = await session.ctx.page();
      await page.goto(`${baseUrl}/courses`);
      const first = await pool.get();
      const before = browserPids();
      expect(before.length).toBeGreaterThan(0);
      for (const pid of before) {
        process.kill(pid, 'SIGSTOP');
        frozen.push(pid);
      }
      session.markFailed();
      await session.dispose();

      const said = lines.join('\n');
      expect(said).toContain('the browser did not answer');
      expect(said).toContain('recycling the browser');
      // The next check starts on a browser that answers.
      const next = await pool.get();
      expect(next).not.toBe(first);
      const fresh = await next.newPage();
      await fresh.goto(`${baseUrl}/`);
      expect(await fresh.textContent('body')).toBe('ok');
    } finally {
      for (const pid of frozen) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await pool.close();
    }
  });
});
