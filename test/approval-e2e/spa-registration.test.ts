import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntimeSender } from '../../src/app/alerts/notify.js';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { createHoldDecider } from '../../src/app/holds/hold-decisions.js';
import { sweepHolds } from '../../src/app/holds/hold-sweep.js';
import { createRuntime, type Runtime } from '../../src/app/runtime/runtime.js';
import { launchBrowser } from '../../src/browser/launch.js';
import { runLogin } from '../../src/browser/login.js';
import { loadPortalFlow } from '../../src/flow/load.js';
import { createLogger } from '../../src/log/logger.js';
import { type RunningSpaPortal, startPortal } from '../../src/portal/server.js';
import { type Sink, startSink } from '../../src/sink/sink.js';
import { movableClock, onlyHold, spaFamily } from './harness.js';
import { kindsReceived, messagesOf, textOf } from './observe.js';

// Issue 14: the bundled spa flow, its settings from portal.options, through the engine: a registration
// pending review is the hold — no release link, not swept after 15 minutes, approved without an order.
describe('a registration pending review as the hold (spa style)', () => {
  let portal: RunningSpaPortal;
  let sink: Sink;
  let browser: Browser;
  let rt: Runtime | undefined;
  let dir: string;

  beforeAll(async () => {
    portal = await startPortal({ style: 'spa', port: 0, testMode: true });
    sink = await startSink({ port: 0 });
    browser = await launchBrowser();
    dir = mkdtempSync(join(tmpdir(), 'jianlou-spa-e2e-'));
  });
  afterAll(async () => {
    await rt?.close();
    await browser?.close();
    await sink?.close();
    await portal?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('login --import takes a bearer token copied from the browser (localStorage) and saves it', async () => {
    const login = await fetch(`${portal.apiUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phone: '13800000000', password: 'demo1234' }),
    });
    const { token } = (await login.json()) as { token: string };
    const file = join(dir, 'token.json');
    writeFileSync(file, JSON.stringify({ localStorage: { jl_token: token } }));
    const { flow, options } = await loadPortalFlow(
      { flow: 'demo-spa', options: { apiUrl: portal.apiUrl } },
      { cwd: dir, configFile: join(dir, 'jianlou.yaml') },
    );
    const saved = join(dir, 'storage-state/imported.json');
    await runLogin({
      flow,
      flowOptions: options,
      accountId: 'mom',
      baseUrl: portal.webUrl,
      storageStatePath: saved,
      mode: 'import',
      importFrom: file,
      timeoutMs: 30_000,
      out: () => {},
      launch: () => launchBrowser(),
    });
    const state = JSON.parse(readFileSync(saved, 'utf8')) as {
      origins: { localStorage: { value: string }[] }[];
    };
    expect(state.origins[0]?.localStorage[0]?.value).toBe(token);
  });

  it('holds, is neither reminded of nor swept, and approving keeps the registration', async () => {
    const config = await spaFamily({
      dir,
      portal,
      webhookUrl: sink.webhookUrl,
      approval: { listen: '127.0.0.1:0', publicUrl: 'http://127.0.0.1:8787' },
    });
    const clock = movableClock();
    rt = await createRuntime(config, {
      logger: createLogger({ level: 'silent', pretty: false }),
      now: clock.now,
    });
    const sender = createRuntimeSender(rt);

    portal.admin.setSeats('ART-101', 1);
    await runCycle(rt);
    await sender.drainOnce();
    expect(kindsReceived(sink)).toEqual(['opening', 'hold_made']);
    const made = textOf(messagesOf(sink, 'hold_made')[0]!);
    expect(made).toContain('等主办方审核');
    expect(made).not.toContain('放弃名额');
    expect(made).toMatch(/7月\d+日 周六 09:00-10:30/);
    const held = await onlyHold(rt);
    expect(held.portal?.expiresAt).toBeNull();
    expect(portal.admin.state().registrations.map((r) => r.status)).toEqual(['pending_review']);

    // Two hours later: an expiring cart would have been swept after 15 minutes.
    clock.offsetMs = 2 * 3_600_000;
    await sweepHolds(rt);
    await sender.drainOnce();
    expect((await onlyHold(rt)).status).toBe('held');
    expect(kindsReceived(sink)).toEqual(['opening', 'hold_made']);

    const released = await createHoldDecider(rt).decide(held.id, 'release', { via: 'cli' });
    expect(released.outcome).toBe('failed');
    expect(released.outcome === 'failed' && released.detail).toContain('不支持');

    const approved = await createHoldDecider(rt).decide(held.id, 'approve', { via: 'cli' });
    expect(approved.outcome).toBe('approved');
    expect((await onlyHold(rt)).status).toBe('approved');
    await sender.drainOnce();
    const result = textOf(messagesOf(sink, 'hold_result')[0]!);
    expect(result).toContain('等待主办方审核');
    expect(result).not.toContain('付款');
    expect(portal.admin.state().registrations.map((r) => r.status)).toEqual(['pending_review']);
  });
});
