import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { childMatcher } from '../../src/app/holds/commitments.js';
import { type PublicSite, publicCatalogueFlow, sessionFile, startPublicSite } from './public-catalogue.js';
import { alertsIn, kinds, openRuntime, SECRET, startWorld, type World } from './world.js';

describe('issue 18: children that are just the account (no studentId)', () => {
  it.each([
    {
      what: 'named by studentId',
      children: [
        { id: 'a', studentId: 'S1' },
        { id: 'b', studentId: 'S2' },
      ],
      student: 'S2',
      want: 'b',
    },
    { what: 'no studentId, the only child', children: [{ id: 'a' }], student: undefined, want: 'a' },
    {
      what: 'the portal names one, the config none: the only child',
      children: [{ id: 'a' }],
      student: 'X9',
      want: 'a',
    },
    {
      what: 'the portal names none, one configured child with an id',
      children: [{ id: 'a', studentId: 'S1' }],
      student: undefined,
      want: 'a',
    },
    {
      what: 'no studentId and two children: nobody',
      children: [
        { id: 'a', studentId: 'S1' },
        { id: 'b', studentId: 'S2' },
      ],
      student: undefined,
      want: undefined,
    },
    {
      what: 'an unknown studentId among two: nobody',
      children: [
        { id: 'a', studentId: 'S1' },
        { id: 'b', studentId: 'S2' },
      ],
      student: 'S3',
      want: undefined,
    },
  ])('childMatcher: $what', ({ children, student, want }) => {
    expect(childMatcher<{ id: string; studentId?: string }>(children)(student)?.id).toBe(want);
  });

  let world: World;
  let site: PublicSite;
  beforeAll(async () => {
    world = await startWorld();
    site = await startPublicSite();
    mkdirSync(join(world.dir, 'storage-state'), { recursive: true });
    writeFileSync(join(world.dir, 'storage-state', 'me.json'), sessionFile('good'));
  });
  afterAll(async () => {
    await site?.close();
    await world?.close();
  });

  function config(name: string, autoHold: boolean): string {
    const file = join(world.dir, name);
    writeFileSync(
      file,
      [
        `store: sqlite://./${name}.sqlite`,
        `portal: { flow: demo-portal, baseUrl: "${site.url}" }`,
        'accounts: [{ id: me }]',
        'children: [{ id: xiaoming, name: 小明, account: me }]',
        `targets: [{ child: xiaoming, courses: [PUB-1], autoHold: ${autoHold} }]`,
        'schedule: { jitterSeconds: 0 }',
        `notify: { wecom: { webhook: "${world.sink.webhookUrl}" } }`,
        `approval: { listen: "127.0.0.1:0", publicUrl: "http://127.0.0.1:8787", secret: "${SECRET}" }`,
      ].join('\n'),
    );
    return file;
  }

  it("a hold with no studentId is proven in the account's cart and held for its only child", async () => {
    site.seats.set('PUB-1', 1);
    site.orders.length = 0;
    const rt = await openRuntime(config('hold.yaml', true));
    try {
      const result = await runCycle({ ...rt, flow: publicCatalogueFlow() });
      expect(result.accounts).toMatchObject([{ accountId: 'me', outcome: 'ok' }]);
      const holds = await rt.repos.holds.list();
      expect(holds).toMatchObject([{ childId: 'xiaoming', courseId: 'PUB-1', status: 'held' }]);
      expect(holds[0]?.portal?.studentId).toBeUndefined();
      expect(kinds(await alertsIn(rt))).toEqual(['opening', 'hold_made']);
    } finally {
      await rt.close();
    }
  });

  it("an enrolment naming no student is the only child's: the course it has is not announced", async () => {
    site.seats.set('PUB-1', 1);
    site.orders.splice(0, site.orders.length, {
      id: 'E1',
      courseId: 'PUB-1',
      status: 'paid',
      createdAt: new Date().toISOString(),
    });
    const rt = await openRuntime(config('enrolled.yaml', false));
    try {
      const result = await runCycle({ ...rt, flow: publicCatalogueFlow() });
      expect(result.accounts).toMatchObject([{ accountId: 'me', outcome: 'ok' }]);
      expect(result.observations).toMatchObject([{ courseId: 'PUB-1', state: 'open' }]);
      expect(await alertsIn(rt)).toEqual([]);
    } finally {
      site.orders.length = 0;
      await rt.close();
    }
  });
});
