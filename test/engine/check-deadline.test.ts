import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { openRuntime } from './world.js';

/**
 * Issue 26: a check never outlives its deadline. A flow step that awaits the browser without any
 * bound (a page.goto with no timeout) against a portal that accepts and never answers used to keep
 * the check running for ever; now the check gives up at its deadline ("unavailable"), in real
 * Chromium against a local server on 127.0.0.1.
 */
describe('a check whose step ignores the deadline', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-deadline-'));
  const sockets = new Set<import('node:net').Socket>();
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    // Accepts every connection and never answers a request.
    server = createServer(() => {});
    server.on('connection', (s) => sockets.add(s));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('ends at its deadline as "unavailable" instead of hanging', { timeout: 60_000 }, async () => {
    const file = join(dir, 'jianlou.yaml');
    const flow = new URL('./flows/no-timeout-flow.ts', import.meta.url).pathname;
    writeFileSync(
      file,
      [
        'timezone: Asia/Shanghai',
        'store: sqlite://./deadline.sqlite',
        `portal: { flow: "${flow}", baseUrl: "${baseUrl}" }`,
        'accounts:',
        '  - id: mom',
        '    storageState: storage-state/mom.json',
        'children:',
        '  - { id: sister, name: 姐姐, account: mom, studentId: S001 }',
        'targets:',
        '  - { child: sister, courses: [ART-101], autoHold: false }',
        'schedule: { cron: "*/2 7-22 * * *", jitterSeconds: 0, cycleTimeoutSeconds: 10 }',
        'policy: { cooldownMinutes: 30, dailySummaryAt: "20:00" }',
      ].join('\n'),
    );
    mkdirSync(join(dir, 'storage-state'), { recursive: true });
    writeFileSync(join(dir, 'storage-state', 'mom.json'), JSON.stringify({ cookies: [], origins: [] }));
    const rt = await openRuntime(file);
    try {
      const result = await runCycle(rt, { dryRun: true });
      expect(result.accounts).toMatchObject([{ accountId: 'mom', outcome: 'unavailable' }]);
      expect(result.accounts[0]?.detail).toContain("did not finish before the check's deadline");
    } finally {
      await rt.close();
    }
  });
});
