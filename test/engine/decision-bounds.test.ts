import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { TOKENS_NS, usedTokenSchema } from '../../src/approve/link-routes.js';
import { catalogue } from '../../src/i18n/catalogue.js';
import {
  alertsIn,
  collect,
  type Exited,
  kinds,
  openRuntime,
  startJianlou,
  startWorld,
  type World,
} from './world.js';

/**
 * Issue 26 (leftover): a hold decided from an approval link follows the second stop signal, like the
 * hold effects and the sweep (test/engine/hold-bounds.test.ts). The flow's release first sends one
 * request with no timeout (test/engine/flows/hold-no-timeout-flow.ts); the proxy in front of the demo
 * portal never answers it. Two signals end `watch` promptly; the decision cut off is neither a refusal
 * nor a release: the hold stays held, the link works again and the parent's page says to tap again.
 */
async function hangingProxy(target: number) {
  const state = { hang: false, probes: [] as string[] };
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path.startsWith('/probe/')) {
      state.probes.push(path);
      if (!state.hang) res.writeHead(204).end();
      return; // hanging: accepted, never answered
    }
    const upstream = request(
      { host: '127.0.0.1', port: target, path, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    state,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function until(what: string, ok: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A hang detector, not a timing assertion: without the bound, the server's 30 s force-close ends it. */
function withinSeconds<T>(what: string, work: Promise<T>, seconds: number): Promise<T> {
  return Promise.race([
    work,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} did not end within ${seconds} s`)), seconds * 1000),
    ),
  ]);
}

const FLOW = new URL('./flows/hold-no-timeout-flow.ts', import.meta.url).pathname;
const proofOf = (page: string) => /name="proof" value="([^"]+)"/.exec(page)?.[1];

describe('issue 26: a decision from an approval link follows the second stop signal', () => {
  let world: World;
  let proxy: Awaited<ReturnType<typeof hangingProxy>>;

  beforeAll(async () => {
    world = await startWorld();
    proxy = await hangingProxy(world.portal.port);
  });
  afterAll(async () => {
    await proxy?.close();
    await world?.close();
  });

  it('watch signalled twice while a tapped release hangs at the portal exits promptly; the hold stays held', async () => {
    // 900 s: only the second signal can end the decision within the test's time.
    const file = world.writeConfig(
      {
        flow: FLOW,
        baseUrl: proxy.url,
        cycleTimeoutSeconds: 900,
        cron: '0 0 1 1 *',
        targets: [{ child: 'sister', courses: ['ART-101'], autoHold: true }],
      },
      'decision-stop.yaml',
    );
    await world.login(file);
    world.portal.admin.setSeats('ART-101', 1);
    // A real hold, proven in the portal's cart, and its release link.
    const rt = await openRuntime(file);
    let holdId: string;
    let releasePath: string;
    try {
      await runCycle(rt);
      const [hold] = await rt.repos.holds.list();
      expect(hold?.status).toBe('held');
      holdId = hold!.id;
      const links = rt.links(holdId, new Date(Date.now() + 60 * 60_000));
      releasePath = new URL(links!.releaseUrl).pathname;
    } finally {
      await rt.close();
    }
    proxy.state.hang = true;
    proxy.state.probes.length = 0;

    const child = startJianlou(file, ['watch']);
    const exited: Promise<Exited> = collect(child);
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    try {
      const listening = /"url":"(http:\/\/127\.0\.0\.1:\d+)".*approval server listening/;
      await until('the approval server', () => listening.test(stderr));
      const server = listening.exec(stderr)![1]!;
      const link = `${server}${releasePath}`;
      const proof = proofOf(await (await fetch(link)).text());
      expect(proof).toBeDefined();

      // The tap: the release reaches the portal, which never answers.
      const tapped = fetch(link, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ action: 'release', proof: proof! }).toString(),
      });
      tapped.catch(() => {});
      await until('the release to reach the portal', () => proxy.state.probes.includes('/probe/release'));

      child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 500));
      child.kill('SIGTERM');
      const answer = await withinSeconds('the tapped decision', tapped, 20);
      const page = await answer.text();
      const result = await withinSeconds('watch', exited, 20);

      expect(result.signal).toBeNull();
      expect(result.stderr).toContain('stopped cleanly');
      // The parent is told plainly it was not done, and to tap again (the config's locale: zh).
      const words = catalogue('zh').pages.interrupted;
      expect(answer.status).toBe(503);
      expect(page).toContain(words.title);
      expect(page).toContain(words.body);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }

    // Neither refused nor released: the hold is still held, in the store and in the portal's cart.
    const after = await openRuntime(file);
    try {
      expect((await after.repos.holds.get(holdId))?.status).toBe('held');
      expect(kinds(await alertsIn(after))).not.toContain('hold_result');
      // The link was given back: the parent's next tap decides.
      expect(await after.kv.list(TOKENS_NS, usedTokenSchema)).toEqual([]);
    } finally {
      await after.close();
    }
    expect(world.portal.admin.state().carts).toMatchObject([{ courseId: 'ART-101', studentId: 'S001' }]);
  }, 120_000);
});
