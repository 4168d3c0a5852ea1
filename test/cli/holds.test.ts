import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliWorld, ROBOT_KEY, startWorld } from './harness.js';

describe('jianlou holds', () => {
  let world: CliWorld;
  let holdId: string;

  beforeAll(async () => {
    world = await startWorld({ brotherAutoHold: true });
    await world.login();
    world.portal.admin.setSeats('ART-101', 1);
    await world.check();
    const holds = await world.withRuntime((rt) => rt.repos.holds.list({ status: ['held'] }));
    expect(holds.map((h) => h.courseId)).toEqual(['ART-101']);
    holdId = holds[0]!.id;
  });
  afterAll(async () => {
    await world?.close();
  });

  it('lists each hold with child, course, status and expiry, read-only', async () => {
    const r = await world.cli('holds');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(holdId);
    expect(r.stdout).toMatch(
      /姐姐（sister）\s+ART-101 少儿国画（初级）\s+保留中\s+保留到 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d/,
    );
    expect(r.stdout).toContain('1 个保留等你们决定');
    expect(world.portal.admin.state().orders).toHaveLength(0);
  });

  it('approve creates exactly one order, tells the group, and a second approve is refused with exit 1', async () => {
    const before = world.sink.received().length;
    const first = await world.cli('holds', 'approve', holdId);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/已批准：姐姐 ART-101 .* — 订单 \S+ 待支付，请在官方 App 里付款/);
    expect(first.stdout).toContain('已发到群里：1 条消息');
    const orders = world.portal.admin.state().orders;
    expect(orders).toEqual([
      expect.objectContaining({ courseId: 'ART-101', studentId: 'S001', status: 'pending_payment' }),
    ]);
    expect(world.sink.received().length).toBe(before + 1);

    const second = await world.cli('holds', 'approve', holdId);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`保留 "${holdId}" 之前已经是「已确认报名」（终端（jianlou holds），`);
    expect(second.stderr).toContain(`（订单 ${orders[0]!.orderId}）`);
    const release = await world.cli('holds', 'release', holdId);
    expect(release.code).toBe(1);
    expect(world.portal.admin.state().orders).toHaveLength(1);

    const listed = JSON.parse((await world.cli('holds', '--json')).stdout);
    expect(listed.holds).toEqual([
      expect.objectContaining({
        id: holdId,
        child: { id: 'sister', name: '姐姐' },
        status: 'approved',
        decidedBy: '终端（jianlou holds）',
        orderId: orders[0]!.orderId,
      }),
    ]);
    expect(first.stdout + second.stderr).not.toContain(ROBOT_KEY);
  });

  it('an unknown hold id exits 2 and changes nothing', async () => {
    const r = await world.cli('holds', 'release', 'hold/nobody/NOPE/1');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('没有保留 "hold/nobody/NOPE/1"（看：jianlou holds）');
    expect(world.portal.admin.state().orders).toHaveLength(1);
  });

  it('a bad action, or approve without an id, exits 2 with the usage', async () => {
    const bad = await world.cli('holds', 'cancel', holdId);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('不认识的操作 "cancel"');
    expect(bad.stderr).toContain('用法：jianlou holds');
    const missing = await world.cli('holds', 'approve');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('holds approve 需要保留的编号');
  });

  it('a hold that ran out is refused with exit 1 and makes no order', async () => {
    world.portal.admin.configure({ holdSeconds: 2 });
    world.portal.admin.setSeats('SWIM-201', 1);
    await world.check();
    const [hold] = await world.withRuntime((rt) =>
      rt.repos.holds.list({ status: ['held'], childId: 'brother' }),
    );
    expect(hold?.portal?.expiresAt).toBeTruthy();
    // Wait until the portal's own expiry (2 s after the hold) has passed.
    const waitMs = Date.parse(hold!.portal!.expiresAt!) - Date.now() + 200;
    if (waitMs > 0) await new Promise((r) => setTimeout(r, waitMs));
    const r = await world.cli('holds', 'approve', hold!.id);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/保留 ".*" 已在 .* 到期，网站已收回名额，这次没有操作/);
    expect(world.portal.admin.state().orders.filter((o) => o.studentId === 'S002')).toHaveLength(0);
  });
});
