import { describe, expect, it } from 'vitest';
import { heldLogLine, runHoldEffect } from '../../../src/app/holds/hold-effect.js';
import type { HoldEffect } from '../../../src/app/holds/hold-records.js';
import type { Runtime } from '../../../src/app/runtime/runtime.js';
import { ActionRefusedError } from '../../../src/core/errors.js';
import type { Alert, Hold, HoldKind, Observation } from '../../../src/core/types.js';
import type { Flow } from '../../../src/flow/types.js';
import { createMemoryStore } from '../../../src/store/memory.js';
import { createRepositories } from '../../../src/store/repositories.js';

/**
 * One hold effect (issue 26, test strength): flow.hold, then the cart read back to prove the seat is
 * there. Only a proven hold is announced as held; an unproven one is given back and told as failed;
 * the record is written either way, once. The flow is a plain object with the steps a test needs,
 * the store the in-memory one.
 */

const observation: Observation = {
  courseId: 'ART-101',
  title: '少儿国画',
  seats: 1,
  state: 'open',
  url: 'http://portal.test/c/ART-101',
  schedule: { weekday: 6, start: '09:00', end: '10:30', date: '2027-01-16' },
};
const NOW = new Date('2027-01-10T01:00:00.000Z');
const made: Hold = {
  id: 'C-1',
  courseId: 'ART-101',
  studentId: 'S001',
  heldAt: '2027-01-10T01:00:00.000Z',
  expiresAt: '2027-01-10T01:15:00.000Z',
};
const effect: HoldEffect = {
  type: 'hold',
  id: 'hold/sister/ART-101/1',
  targetId: 'art',
  accountId: 'mom',
  childId: 'sister',
  courseId: 'ART-101',
  observation,
};
const ctx = { marker: 'the check context' };

function world(flow: Partial<Flow>, options: { links?: boolean } = {}) {
  const kv = createMemoryStore();
  const repos = createRepositories(kv);
  const logs: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  const log = (level: string) => (obj: Record<string, unknown>, msg: string) =>
    logs.push({ level, obj, msg });
  const linkAsks: { id: string; expiresAt: Date }[] = [];
  const rt = {
    config: {
      locale: 'zh',
      children: [
        { id: 'brother', name: '弟弟', studentId: 'S002' },
        { id: 'sister', name: '姐姐', studentId: 'S001' },
      ],
      portal: { baseUrl: 'http://portal.test' },
    },
    repos,
    flow: { name: 'fake', ...flow },
    logger: { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') },
    now: () => NOW,
    links: (id: string, expiresAt: Date) => {
      linkAsks.push({ id, expiresAt });
      return options.links === false
        ? undefined
        : { approveUrl: `http://x/a/${id}`, releaseUrl: `http://x/r/${id}` };
    },
  } as unknown as Runtime;
  const alerts = async (): Promise<Alert[]> =>
    (await repos.outbox.open('message')).map((e) => e.payload as Alert);
  const alertIds = async (): Promise<string[]> => (await repos.outbox.open('message')).map((e) => e.id);
  return { rt, repos, logs, alerts, alertIds, linkAsks };
}

/** A flow whose hold puts `made` in the cart and whose cart lists `inCart`; calls are recorded. */
function cartFlow(inCart: Hold[], extra: Partial<Flow> = {}) {
  const calls: string[] = [];
  const flow: Partial<Flow> = {
    async hold(context, course, child) {
      expect(context).toBe(ctx);
      calls.push(`hold ${course.id} for ${child.id}`);
      return made;
    },
    async listHolds(context) {
      expect(context).toBe(ctx);
      calls.push('listHolds');
      return inCart;
    },
    async release(context, hold) {
      expect(context).toBe(ctx);
      calls.push(`release ${hold.id}`);
    },
    ...extra,
  };
  return { flow, calls };
}

const errOf = (w: ReturnType<typeof world>, i: number): unknown => w.logs[i]?.obj.err;

const run = (w: ReturnType<typeof world>) => runHoldEffect(w.rt, effect, ctx as never);

describe('a hold proven in the cart', () => {
  it('is recorded as held with the portal hold, announced once with its links, and logged', async () => {
    const { flow, calls } = cartFlow([{ ...made, id: 'other', courseId: 'MUS-1' }, made]);
    const w = world(flow);
    const record = await run(w);
    expect(calls).toEqual(['hold ART-101 for sister', 'listHolds']);
    expect(record).toMatchObject({
      id: effect.id,
      accountId: 'mom',
      targetId: 'art',
      childId: 'sister',
      courseId: 'ART-101',
      title: '少儿国画',
      schedule: observation.schedule,
      createdAt: NOW.toISOString(),
      status: 'held',
      portal: made,
    });
    expect(await w.alertIds()).toEqual([`hold_made/${effect.id}`]);
    expect(await w.alerts()).toEqual([
      {
        kind: 'hold_made',
        targetId: 'art',
        child: { id: 'sister', name: '姐姐' },
        observation,
        hold: made,
        approveUrl: `http://x/a/${effect.id}`,
        releaseUrl: `http://x/r/${effect.id}`,
        holdKind: { kind: 'cart', expires: true, after: 'payment', release: true },
      },
    ]);
    expect(w.linkAsks).toEqual([{ id: effect.id, expiresAt: new Date(made.expiresAt!) }]);
    expect(w.logs).toEqual([
      {
        level: 'info',
        obj: { hold: effect.id, course: 'ART-101', child: 'sister', holdKind: 'cart' },
        msg: 'seat held and proven in the cart',
      },
    ]);
  });

  it('is found by the same course and student when the cart gives the item another id', async () => {
    const listed = { ...made, id: 'CART-9' };
    const w = world(cartFlow([{ ...made, id: 'X', studentId: 'S002' }, listed]).flow);
    const record = await run(w);
    expect(record.status).toBe('held');
    expect(record.portal).toEqual(listed);
  });

  it('is found by its id when the cart does not show the student', async () => {
    const listed: Hold = { id: 'C-1', courseId: 'ART-101', heldAt: made.heldAt, expiresAt: null };
    const w = world(cartFlow([listed]).flow);
    const record = await run(w);
    expect(record.status).toBe('held');
    expect(record.portal).toEqual(listed);
  });

  it('a hold the portal cannot give back gets no release link', async () => {
    const { flow } = cartFlow([made], {
      holds: { kind: 'registration', expires: false, after: 'none', release: false },
    });
    const w = world(flow);
    await run(w);
    const [alert] = await w.alerts();
    expect(alert).toMatchObject({ kind: 'hold_made', approveUrl: `http://x/a/${effect.id}` });
    expect(alert).not.toHaveProperty('releaseUrl');
  });

  it('a rerun after a crash finds the held record, announces under the same id, and does not add a second', async () => {
    const w = world(cartFlow([made]).flow);
    await run(w);
    const again = await run(w);
    expect(again.status).toBe('held');
    expect(await w.alertIds()).toEqual([`hold_made/${effect.id}`]);
    expect(await w.repos.holds.list()).toHaveLength(1);
  });
});

describe('a hold already decided', () => {
  it.each(['approved', 'released', 'failed', 'expired'] as const)(
    'a %s record is returned as it is: nothing is asked of the portal, nothing told',
    async (status) => {
      const { flow, calls } = cartFlow([made]);
      const w = world(flow);
      await w.repos.holds.create({
        id: effect.id,
        accountId: 'mom',
        targetId: 'art',
        childId: 'sister',
        courseId: 'ART-101',
        portal: made,
        status,
        createdAt: '2027-01-09T00:00:00.000Z',
      });
      const record = await run(w);
      expect(record.status).toBe(status);
      expect(record.createdAt).toBe('2027-01-09T00:00:00.000Z');
      expect(calls).toEqual([]);
      expect(await w.alerts()).toEqual([]);
    },
  );
});

describe('a hold that did not work', () => {
  it('a seat not in the cart afterwards is given back, recorded failed with it, and told', async () => {
    const { flow, calls } = cartFlow([{ ...made, id: 'X', courseId: 'MUS-1' }]);
    const w = world(flow);
    const record = await run(w);
    expect(calls).toEqual(['hold ART-101 for sister', 'listHolds', 'release C-1']);
    expect(record).toMatchObject({
      id: effect.id,
      status: 'failed',
      error: '加入购物车后未能在购物车中确认，未视为保留',
      portal: made,
      title: '少儿国画',
    });
    expect(await w.alertIds()).toEqual([`hold_failed/${effect.id}`]);
    expect(await w.alerts()).toEqual([
      {
        kind: 'hold_failed',
        targetId: 'art',
        child: { id: 'sister', name: '姐姐' },
        observation,
        reason: '加入购物车后未能在购物车中确认，未视为保留',
      },
    ]);
    expect(w.logs.map((l) => [l.level, l.msg])).toEqual([['warn', 'hold failed']]);
    expect(w.logs[0]?.obj).toMatchObject({ hold: effect.id, course: 'ART-101' });
    expect((errOf(w, 0) as ActionRefusedError).reason).toBe('unverified');
    expect((errOf(w, 0) as Error).message).toBe('the hold is not in the cart afterwards');
  });

  it('a cart item of the same course for another student does not prove it', async () => {
    const w = world(cartFlow([{ ...made, id: 'X', studentId: 'S002' }]).flow);
    expect((await run(w)).status).toBe('failed');
  });

  it('a seat that cannot be given back is still recorded failed; the failed give-back is logged', async () => {
    const { flow } = cartFlow([], {
      async release() {
        throw new Error('release timed out');
      },
    });
    const w = world(flow);
    const record = await run(w);
    expect(record.status).toBe('failed');
    expect(w.logs.map((l) => l.msg)).toEqual(['hold failed', 'could not give back an unproven hold']);
    expect(w.logs[1]?.obj).toMatchObject({ hold: effect.id });
    expect((errOf(w, 1) as Error).message).toBe('release timed out');
  });

  it('a flow without a release leaves the unproven seat (nothing to call) and records the failure', async () => {
    const { flow } = cartFlow([]);
    delete flow.release;
    const w = world(flow);
    expect((await run(w)).status).toBe('failed');
  });

  it('a portal refusing the hold: nothing went into the cart, nothing is given back, no portal hold kept', async () => {
    const { flow, calls } = cartFlow([made], {
      async hold() {
        calls.push('hold');
        throw new ActionRefusedError('名额已满', 'no_seats');
      },
    });
    const w = world(flow);
    const record = await run(w);
    expect(calls).toEqual(['hold']);
    expect(record.status).toBe('failed');
    expect(record.error).toBe('名额已被他人抢先，未能保留');
    expect(record).not.toHaveProperty('portal');
  });

  it('a proven seat without approval links (no approval section) is given back rather than left unapprovable', async () => {
    const { flow, calls } = cartFlow([made]);
    const w = world(flow, { links: false });
    const record = await run(w);
    expect(calls).toEqual(['hold ART-101 for sister', 'listHolds', 'release C-1']);
    expect(record.status).toBe('failed');
    expect((errOf(w, 0) as Error).message).toBe('approval links need the config’s approval section');
    expect(await w.alertIds()).toEqual([`hold_failed/${effect.id}`]);
  });

  it.each([
    ['hold', { listHolds: async () => [made] }],
    ['listHolds', { hold: async () => made }],
  ] as const)(
    'a flow without %s cannot hold seats: told as unsupported, nothing asked',
    async (_missing, steps) => {
      const w = world({ ...steps, release: async () => {} } as Partial<Flow>);
      const record = await run(w);
      expect(record.status).toBe('failed');
      expect(record.error).toBe(
        (await import('../../../src/i18n/hold-text.js')).holdFailureReason(
          new ActionRefusedError('x', 'unsupported'),
          'mom',
          'zh',
        ),
      );
      expect((errOf(w, 0) as Error).message).toBe('flow fake cannot hold seats');
    },
  );

  it('a held record whose rerun fails keeps its own record and is told as failed', async () => {
    const w = world(cartFlow([]).flow);
    await w.repos.holds.create({
      id: effect.id,
      accountId: 'mom',
      targetId: 'art',
      childId: 'sister',
      courseId: 'ART-101',
      portal: made,
      status: 'held',
      createdAt: '2027-01-09T00:00:00.000Z',
    });
    const record = await run(w);
    expect(record.status).toBe('held');
    expect(record.createdAt).toBe('2027-01-09T00:00:00.000Z');
    expect(await w.alertIds()).toEqual([`hold_failed/${effect.id}`]);
  });

  it('a child the config no longer has is an error naming it, before anything at the portal', async () => {
    const { flow, calls } = cartFlow([made]);
    const w = world(flow);
    await expect(runHoldEffect(w.rt, { ...effect, childId: 'cousin' }, ctx as never)).rejects.toThrow(
      'hold for unknown child "cousin"',
    );
    expect(calls).toEqual([]);
  });
});

describe('what the log says a proven hold is', () => {
  const kind = (k: Partial<HoldKind>): HoldKind => ({
    kind: 'registration',
    expires: true,
    after: 'payment',
    release: true,
    ...k,
  });

  it('a seat in the cart, whether or not an order is submitted afterwards', () => {
    expect(heldLogLine(kind({ kind: 'cart' }), true)).toBe('seat held and proven in the cart');
    expect(heldLogLine(kind({ kind: 'cart' }), false)).toBe('seat held and proven in the cart');
  });

  it('a registration the approval confirms', () => {
    expect(heldLogLine(kind({}), true)).toBe(
      'registration made and proven at the portal; approving confirms it there',
    );
  });

  it('an unpaid registration the portal cancels unless paid', () => {
    expect(heldLogLine(kind({}), false)).toBe(
      'unpaid registration made and proven at the portal; it is cancelled unless paid by its deadline',
    );
  });

  it('a registration made final (nothing to pay, or one that does not expire)', () => {
    const final =
      'registration made final at the portal and proven there; approving does nothing more at the portal';
    expect(heldLogLine(kind({ after: 'none' }), false)).toBe(final);
    expect(heldLogLine(kind({ expires: false }), false)).toBe(final);
  });

  it('the log line of a hold follows the flow: one with confirm says approving confirms it', async () => {
    const { flow } = cartFlow([made], {
      holds: { kind: 'registration', expires: true, after: 'payment', release: true },
      confirm: async () => ({ id: 'O-1', courseId: 'ART-101', status: 'pending_payment', createdAt: '' }),
    } as Partial<Flow>);
    const w = world(flow);
    await run(w);
    expect(w.logs.map((l) => l.msg)).toEqual([
      'registration made and proven at the portal; approving confirms it there',
    ]);
    expect(w.logs[0]?.obj.holdKind).toBe('registration');
  });
});
