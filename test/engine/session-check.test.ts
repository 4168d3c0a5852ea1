import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { type PublicSite, publicCatalogueFlow, sessionFile, startPublicSite } from './public-catalogue.js';
import { alertsIn, kinds, openRuntime, startWorld, type World } from './world.js';

describe('issue 18: a public catalogue with an expired login is never read as full', () => {
  let world: World;
  let site: PublicSite;

  beforeAll(async () => {
    world = await startWorld();
    site = await startPublicSite();
  });
  afterAll(async () => {
    await site?.close();
    await world?.close();
  });
  beforeEach(() => {
    site.validSid = 'good';
    site.requests.length = 0;
  });

  function saveSession(sid: string | undefined): void {
    mkdirSync(join(world.dir, 'storage-state'), { recursive: true });
    writeFileSync(join(world.dir, 'storage-state', 'mom.json'), sessionFile(sid));
  }

  async function cycleWith(flow: ReturnType<typeof publicCatalogueFlow>, name: string) {
    const rt = await openRuntime(
      world.writeConfig({ baseUrl: site.url, targets: [{ child: 'sister', courses: ['PUB-1'] }] }, name),
    );
    try {
      const result = await runCycle({ ...rt, flow });
      return { result, alerts: kinds(await alertsIn(rt)), runs: await rt.repos.runs.latest() };
    } finally {
      await rt.close();
    }
  }

  it('an expired login fails the check as session_expired, with no observation of "full"', async () => {
    saveSession('good');
    site.validSid = 'rotated'; // the portal dropped every session
    const flow = publicCatalogueFlow();
    const { result, alerts, runs } = await cycleWith(flow, 'expired.yaml');
    expect(result.accounts).toMatchObject([{ accountId: 'mom', outcome: 'session_expired' }]);
    expect(result.accounts[0]?.detail).toContain('jianlou login mom');
    expect(result.observations).toEqual([]);
    expect(runs.get('mom')?.outcome).toBe('session_expired');
    expect(alerts).toEqual(['problem:session_expired']);
  });

  it('a live login: one session check per account and cycle, then the public seats', async () => {
    saveSession('good');
    site.seats.set('PUB-1', 2);
    const flow = publicCatalogueFlow();
    const { result } = await cycleWith(flow, 'live.yaml');
    site.seats.set('PUB-1', 0);
    expect(result.accounts).toMatchObject([{ accountId: 'mom', outcome: 'ok' }]);
    expect(result.observations).toMatchObject([{ courseId: 'PUB-1', state: 'open', seats: 2 }]);
    expect(flow.sessionChecks).toBe(1);
    expect(site.requests.filter((r) => r === 'GET /me')).toHaveLength(1);
  });

  it('a flow whose observe proves the login is not asked again', async () => {
    saveSession('good');
    const flow = publicCatalogueFlow({ observeProvesLogin: true });
    const { result } = await cycleWith(flow, 'proves.yaml');
    expect(result.accounts).toMatchObject([{ accountId: 'mom', outcome: 'ok' }]);
    expect(flow.sessionChecks).toBe(0);
    expect(site.requests).not.toContain('GET /me');
  });

  it('the demo flow says its observe proves the login (its API answers 401 when logged out)', async () => {
    const demo = (await import('../../flows/demo-portal.js')).default;
    expect(demo.observeProvesLogin).toBe(true);
  });
});
