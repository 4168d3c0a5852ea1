import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { createRuntime, type Runtime } from '../../src/app/runtime/runtime.js';
import { createLogger } from '../../src/log/logger.js';
import { type RunningSpaPortal, startPortal } from '../../src/portal/server.js';
import { type Sink, startSink } from '../../src/sink/sink.js';
import { spaFamily } from '../approval-e2e/harness.js';

/**
 * Issue 26, defect 5's leftover: the spa style's API down for a while answers HTTP 200
 * `{"error":"maintenance","message":"系统维护中…"}` (or "系统繁忙"); the bundled spa flow's check must
 * say "unavailable", never "portal changed" (a redesign alert). Real Chromium logs in (the token in
 * localStorage), then the engine's check runs against the spa demo portal's fault switches.
 */
describe('demo-spa flow: maintenance and busy answers with HTTP 200', () => {
  let portal: RunningSpaPortal;
  let sink: Sink;
  let rt: Runtime;
  let dir: string;

  beforeAll(async () => {
    portal = await startPortal({ style: 'spa', port: 0, testMode: true });
    sink = await startSink({ port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'jianlou-spa-down-'));
    const config = await spaFamily({
      dir,
      portal,
      webhookUrl: sink.webhookUrl,
      approval: { listen: '127.0.0.1:0', publicUrl: 'http://127.0.0.1:8787' },
      targets: ['{ child: sister, courses: [ART-101], autoHold: false }'],
    });
    rt = await createRuntime(config, { logger: createLogger({ level: 'silent', pretty: false }) });
  });
  afterAll(async () => {
    await rt?.close();
    await sink?.close();
    await portal?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const cases = [
    { fault: 'maintenance', says: '系统维护' },
    { fault: 'busy', says: '系统繁忙' },
    { fault: '503', says: 'HTTP 503' },
  ] as const;

  it.each(cases)(
    '$fault on the API → the check is "unavailable" ($says), not "portal changed"',
    async ({ fault, says }) => {
      portal.admin.setFault('api', fault);
      try {
        const result = await runCycle(rt);
        const account = result.accounts[0];
        expect(account?.outcome).toBe('unavailable');
        expect(JSON.stringify(account)).toContain(says);
        expect(result.observations).toEqual([]);
      } finally {
        portal.admin.setFault('all', 'none');
      }
    },
  );

  it('a redesigned API is still "portal changed", and a working one still reads seats', async () => {
    portal.admin.setFault('api', 'redesign');
    try {
      expect((await runCycle(rt)).accounts[0]?.outcome).toBe('portal_changed');
    } finally {
      portal.admin.setFault('all', 'none');
    }
    portal.admin.setSeats('ART-101', 2);
    const result = await runCycle(rt);
    expect(result.accounts[0]?.outcome).toBe('ok');
    expect(result.observations).toEqual([expect.objectContaining({ courseId: 'ART-101', state: 'open' })]);
  });
});
