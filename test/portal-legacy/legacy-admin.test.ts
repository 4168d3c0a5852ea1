import { type ChildProcess, spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningLegacyPortal, startPortal } from '../../src/portal/server.js';
import { admin, alertOf, LegacyClient, logIn, preRegister } from './legacy-kit.js';

let portal: RunningLegacyPortal;

beforeAll(async () => {
  portal = await startPortal({ style: 'legacy', testMode: true });
});
afterAll(async () => {
  await portal?.close();
});
beforeEach(() => {
  portal.admin.reset();
});

describe('legacy style: the shared admin routes', () => {
  it('sets seats, reports state with schedules and pre-registrations, and resets to the seed', async () => {
    expect((await admin(portal.url, 'POST', 'seats', { courseId: 'ART-101', seats: 2 })).status).toBe(200);
    expect((await admin(portal.url, 'POST', 'seats', { courseId: 'NOPE', seats: 2 })).status).toBe(404);
    expect((await admin(portal.url, 'POST', 'seats', { courseId: 'ART-101', seats: 99 })).status).toBe(400);
    const client = new LegacyClient(portal.url);
    await logIn(client);
    await preRegister(client, 'ART-101');
    const { body: state } = await admin(portal.url, 'GET', 'state');
    expect(state.carts).toEqual([]);
    expect(state.orders).toMatchObject([
      { orderId: 'YB000001', courseId: 'ART-101', status: 'pending_payment' },
    ]);
    expect((state.courses as { id: string; seats: number }[]).find((c) => c.id === 'ART-101')?.seats).toBe(1);
    expect(state.settings).toMatchObject({ holdSeconds: 60, maxCartItems: 3 });
    await admin(portal.url, 'POST', 'reset', {});
    const after = (await admin(portal.url, 'GET', 'state')).body;
    expect([after.orders, after.sessions]).toEqual([[], 0]);
    expect(alertOf(await client.get('/xk/index.jsp'))).toBe('登录超时，请重新登录');
  });

  it('tells the last SMS code of a phone, cancels an unpaid order as the organiser, and records a payment', async () => {
    expect((await admin(portal.url, 'GET', 'sms?phone=13800000000')).status).toBe(404);
    const client = new LegacyClient(portal.url);
    await logIn(client);
    const sms = await admin(portal.url, 'GET', 'sms?phone=13800000000');
    expect(sms.body.code).toMatch(/^\d{6}$/);
    for (const id of ['ART-101', 'ART-102']) portal.admin.setSeats(id, 1);
    await preRegister(client, 'ART-101');
    await preRegister(client, 'ART-102');
    const cancelled = await admin(portal.url, 'POST', 'cancel-order', { orderId: 'YB000001' });
    expect(cancelled.body.order).toMatchObject({ status: 'cancelled', cancelReason: 'admin' });
    expect((await admin(portal.url, 'POST', 'pay', { orderId: 'YB000002' })).body.order).toMatchObject({
      status: 'paid',
    });
    expect((await admin(portal.url, 'POST', 'pay', { orderId: 'YB999' })).status).toBe(404);
    const seats = portal.admin
      .state()
      .courses.filter((c) => c.id.startsWith('ART-10'))
      .map((c) => [c.id, c.seats]);
    expect(seats).toContainEqual(['ART-101', 1]);
    expect(seats).toContainEqual(['ART-102', 0]);
    expect((await client.get('/xk/wddd.jsp')).text).toContain('已缴费');
  });

  it('applies a holdSeconds change from /__admin/config to the next pre-registration', async () => {
    await admin(portal.url, 'POST', 'config', { holdSeconds: 3600 });
    portal.admin.setSeats('ART-101', 1);
    const client = new LegacyClient(portal.url);
    await logIn(client);
    await preRegister(client, 'ART-101');
    const [order] = portal.admin.state().orders;
    expect(Date.parse(order?.deadline ?? '') - Date.parse(order?.createdAt ?? '')).toBe(3_600_000);
  });

  it('answers 404 on every admin route outside test mode, and keeps 60 minutes to pay there', async () => {
    const live = await startPortal({ style: 'legacy' });
    try {
      expect((await admin(live.url, 'GET', 'state')).status).toBe(404);
      expect((await admin(live.url, 'GET', 'sms?phone=13800000000')).status).toBe(404);
      expect(live.admin.state().settings.holdSeconds).toBe(3600);
    } finally {
      await live.close();
    }
  });
});

describe('legacy style: faults', () => {
  it('answers 500 and 429 (with Retry-After) on pages, never on the login steps', async () => {
    const client = new LegacyClient(portal.url);
    await admin(portal.url, 'POST', 'faults', { target: 'all', fault: '500' });
    expect((await client.get('/xk/kclist.jsp')).status).toBe(500);
    expect((await client.get('/xk/login.jsp')).status).toBe(200);
    await admin(portal.url, 'POST', 'faults', { target: 'all', fault: '429', retryAfterSeconds: 7 });
    const limited = await client.get('/xk/kcxx.jsp?kcid=ART-101');
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    await admin(portal.url, 'POST', 'faults', { target: 'all', fault: 'none' });
    expect((await client.get('/xk/kclist.jsp')).status).toBe(200);
  });
});

describe('legacy style: WeChat only', () => {
  it('asks for WeChat’s browser unless the user agent says MicroMessenger', async () => {
    const wechat = await startPortal({ style: 'legacy', testMode: true, wechatOnly: true });
    try {
      const desktop = await new LegacyClient(wechat.url, 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130').get(
        '/xk/kclist.jsp',
      );
      expect(desktop.status).toBe(200);
      expect(desktop.text).toContain('请在微信中打开');
      expect(desktop.text).not.toContain('课程查询');
      const inWechat = await new LegacyClient(
        wechat.url,
        'Mozilla/5.0 (Linux; Android 14) Mobile Safari/537.36 MicroMessenger/8.0.50.2701 NetType/WIFI',
      ).get('/xk/kclist.jsp');
      expect(inWechat.text).toContain('课程查询');
      expect(inWechat.text).not.toContain('请在微信中打开');
      expect((await admin(wechat.url, 'GET', 'state')).status).toBe(200);
    } finally {
      await wechat.close();
    }
  });
});

describe('jianlou portal --style legacy', () => {
  let child: ChildProcess | undefined;
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGTERM');
  });

  it('serves the legacy style and says how to log in', async () => {
    const bin = new URL('../../bin/jianlou.js', import.meta.url).pathname;
    const out = await new Promise<string>((resolve, reject) => {
      const proc = spawn(
        process.execPath,
        [bin, 'portal', '--style', 'legacy', '--port', '0', '--test-mode'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      child = proc;
      let text = '';
      proc.stdout?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        // r3c-texts3: no config, so the default zh lines.
        if (text.includes('按 Ctrl-C 停止。')) resolve(text);
      });
      proc.stderr?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      proc.once('exit', (code) => reject(new Error(`jianlou portal exited ${code}: ${text}`)));
    });
    expect(out).toContain('老式网页');
    expect(out).toContain('短信验证码显示在网页上');
    const url = /：(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? '';
    const page = await new LegacyClient(url).get('/xk/kclist.jsp');
    expect(page.headers.get('content-type')).toBe('text/html; charset=GBK');
    expect(page.text).toContain('课程查询');
  });
});
