import { describe, expect, it } from 'vitest';
import { createHoldDecider } from '../../../src/app/holds/hold-decisions.js';
import { runHoldEffect } from '../../../src/app/holds/hold-effect.js';
import type { Runtime } from '../../../src/app/runtime/runtime.js';
import { summarise } from '../../../src/app/status/status.js';
import { ActionRefusedError } from '../../../src/core/errors.js';
import type { Alert, Hold, Observation } from '../../../src/core/types.js';
import type { Flow } from '../../../src/flow/types.js';
import { renderPlainText } from '../../../src/notify/render.js';
import { createMemoryStore } from '../../../src/store/memory.js';
import { createRepositories } from '../../../src/store/repositories.js';

// Issue 29 item 3: what a refused approval, a registration made final at the hold and the log say.

const observation: Observation = {
  courseId: 'ART-101',
  title: '少儿国画',
  seats: 1,
  state: 'open',
  url: 'http://portal.test/c/ART-101',
  schedule: { weekday: 6, start: '09:00', end: '10:30', date: '2027-01-16' },
};
const portalHold: Hold = {
  id: 'R-1',
  courseId: 'ART-101',
  heldAt: '2027-01-10T01:00:00.000Z',
  expiresAt: null,
};

function world(flow: Partial<Flow>, locale: 'zh' | 'en' = 'zh') {
  const kv = createMemoryStore();
  const repos = createRepositories(kv);
  const logs: { level: string; obj: Record<string, unknown>; msg: string }[] = [];
  const log = (level: string) => (obj: Record<string, unknown>, msg: string) =>
    logs.push({ level, obj, msg });
  const logger = { info: log('info'), warn: log('warn'), error: log('error'), debug: log('debug') };
  const rt = {
    config: {
      locale,
      children: [{ id: 'sister', name: '姐姐', studentId: 'S001' }],
      portal: { baseUrl: 'http://portal.test' },
    },
    repos,
    kv,
    flow: { name: 'fake', ...flow },
    logger,
    now: () => new Date('2027-01-10T01:05:00.000Z'),
    withAccount: (_account: string, fn: (ctx: unknown) => Promise<unknown>) => fn({}),
    links: (id: string) => ({ approveUrl: `http://x/a/${id}`, releaseUrl: `http://x/r/${id}` }),
  } as unknown as Runtime;
  const alerts = async (): Promise<Alert[]> =>
    (await repos.outbox.open('message'))
      .map((e) => e.payload as Alert)
      .filter((a) => a.kind === 'hold_result');
  return { rt, repos, logs, alerts };
}

async function held(w: ReturnType<typeof world>): Promise<string> {
  await w.repos.holds.create({
    id: 'hold/sister/ART-101/1',
    accountId: 'mom',
    targetId: 'art',
    childId: 'sister',
    courseId: 'ART-101',
    title: observation.title,
    portal: portalHold,
    status: 'held',
    createdAt: '2027-01-10T01:00:00.000Z',
  });
  await w.repos.observations.save('mom', [observation], new Date('2027-01-10T01:00:00.000Z'));
  return 'hold/sister/ART-101/1';
}

describe('a refused approval', () => {
  it("shows the portal's own reason and tells the group, with the child and the course", async () => {
    const w = world({
      holds: { kind: 'cart' },
      confirm: async () => {
        throw new ActionRefusedError('课程已停止报名，不能提交订单', 'refused');
      },
      release: async () => {},
    });
    const id = await held(w);
    const result = await createHoldDecider(w.rt).decide(id, 'approve', { via: 'cli' });
    expect(result.outcome).toBe('failed');
    expect(result.detail).toContain('课程已停止报名，不能提交订单');
    expect(result.detail).not.toMatch(/refused: refused|拒绝：refused/);
    const [alert] = await w.alerts();
    expect(alert).toMatchObject({ outcome: 'failed', action: 'approve', refused: true });
    const text = renderPlainText(alert!);
    expect(text).toContain('报名网站拒绝了批准：少儿国画');
    expect(text).toContain('姐姐');
    expect(text).toContain('课程已停止报名，不能提交订单');
    const en = renderPlainText(alert!, { locale: 'en' });
    expect(en).toContain('Approval refused by the portal: 少儿国画');
  });

  it('a refusal without words names its code, never "refused: refused"', async () => {
    const w = world({
      confirm: async () => {
        throw new ActionRefusedError('refused', 'refused');
      },
    });
    const result = await createHoldDecider(w.rt).decide(await held(w), 'approve', { via: 'cli' });
    expect(result.detail).toBe('报名网站拒绝了（代码 refused）');
  });
});

describe('a registration the portal made final when it was held', () => {
  const FINAL = { kind: 'registration', expires: false, after: 'none', release: false } as const;

  it('approving says it did nothing at the portal, not "已提交报名"', async () => {
    const w = world({ holds: FINAL });
    const result = await createHoldDecider(w.rt).decide(await held(w), 'approve', { via: 'cli' });
    expect(result.outcome).toBe('approved');
    const [alert] = await w.alerts();
    const text = renderPlainText(alert!);
    expect(text).not.toContain('已提交报名');
    expect(text).toContain('已确认保留：少儿国画');
    expect(text).toContain('这次批准没有在报名网站上再做任何操作');
    expect(renderPlainText(alert!, { locale: 'en' })).toContain('approving did nothing more at the portal');
  });

  it('the hold is logged by its kind, not as "in the cart"', async () => {
    const hold = async (flow: Partial<Flow>) => {
      const w = world({ ...flow, hold: async () => portalHold, listHolds: async () => [portalHold] });
      await runHoldEffect(
        w.rt,
        {
          type: 'hold',
          id: 'hold/sister/ART-101/2',
          targetId: 'art',
          accountId: 'mom',
          childId: 'sister',
          courseId: 'ART-101',
          observation,
        },
        {} as never,
      );
      return w.logs.filter((l) => l.level === 'info').map((l) => l.msg);
    };
    expect(await hold({ holds: FINAL })).toEqual([
      'registration made final at the portal and proven there; approving does nothing more at the portal',
    ]);
    expect(await hold({})).toEqual(['seat held and proven in the cart']);
  });
});

describe('who decided, in the configured language', () => {
  it('a decision made from the status page reads in English with locale en, whatever it was stored in', async () => {
    const w = world({}, 'en');
    await w.repos.holds.create({
      id: 'hold/sister/ART-101/3',
      accountId: 'mom',
      targetId: 'art',
      childId: 'sister',
      courseId: 'ART-101',
      portal: portalHold,
      status: 'approved',
      decisions: [
        {
          action: 'approve',
          by: '状态页（127.0.0.1，iPhone）',
          via: 'status_page',
          ip: '127.0.0.1',
          userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)',
          at: '2027-01-10T01:04:00.000Z',
        } as never,
      ],
      createdAt: '2027-01-10T01:00:00.000Z',
    });
    const view = await createHoldDecider(w.rt).describe('hold/sister/ART-101/3');
    expect(view?.decidedBy).toBe('status page (127.0.0.1, iPhone)');
    const record = await w.repos.holds.get('hold/sister/ART-101/3');
    expect(summarise(record!, 'en').decidedBy).toBe('status page (127.0.0.1, iPhone)');
  });

  it('a new decision stores how it was made', async () => {
    const w = world({
      confirm: async () => ({
        id: 'O-1',
        courseId: 'ART-101',
        status: 'pending_payment',
        createdAt: '2027-01-10T01:05:00.000Z',
      }),
    } as never);
    const id = await held(w);
    await createHoldDecider(w.rt).decide(id, 'approve', {
      via: 'status_page',
      ip: '10.0.0.2',
      userAgent: 'x',
    });
    expect((await w.repos.holds.get(id))?.decisions[0]).toMatchObject({ via: 'status_page' });
  });
});
