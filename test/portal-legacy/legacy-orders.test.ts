import iconv from 'iconv-lite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningLegacyPortal, startPortal } from '../../src/portal/server.js';
import { alertOf, cellAfter, LegacyClient, logIn, preRegister, TOKEN_FIELD, tokenOf } from './legacy-kit.js';

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

const orders = () => portal.admin.state().orders;
const seats = (id: string) => portal.admin.state().courses.find((c) => c.id === id)?.seats;

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((r) => setTimeout(r, 50));
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe('legacy style: logged out', () => {
  it('answers pages behind the login with the login-timeout alert script and HTTP 200', async () => {
    const client = new LegacyClient(portal.url);
    for (const path of ['/xk/wddd.jsp', '/xk/index.jsp', '/xk/zf.jsp?ddbh=YB000001']) {
      const page = await client.get(path);
      expect(page.status).toBe(200);
      expect(page.text).toContain(
        "<script>alert('登录超时，请重新登录');location.href='/xk/login.jsp'</script>",
      );
    }
  });

  it('refuses a pre-registration without a login, taking no seat', async () => {
    portal.admin.setSeats('ART-101', 1);
    const client = new LegacyClient(portal.url);
    // The course page offers no form to a stranger: a token from the login page.
    const login = await client.get('/xk/login.jsp');
    const answer = await client.post('/xk/ybm.do', {
      [TOKEN_FIELD]: tokenOf(login),
      kcid: 'ART-101',
      xsid: 'S001',
    });
    expect(alertOf(answer)).toBe('登录超时，请重新登录');
    expect([orders(), seats('ART-101')]).toEqual([[], 1]);
  });

  it('logs out when the portal drops the sessions (expire-sessions)', async () => {
    const client = new LegacyClient(portal.url);
    await logIn(client);
    expect(alertOf(await client.get('/xk/index.jsp'))).toBeUndefined();
    portal.admin.expireSessions();
    expect(alertOf(await client.get('/xk/index.jsp'))).toBe('登录超时，请重新登录');
  });
});

describe('legacy style: two JSESSIONIDs', () => {
  it('sets one at / and one at /xk/, and renews the /xk/ one at login', async () => {
    const client = new LegacyClient(portal.url);
    await client.get('/xk/login.jsp');
    const site = client.jsessionid('/');
    const before = client.jsessionid('/xk/');
    expect(site && before && site !== before).toBe(true);
    await logIn(client);
    expect(client.jsessionid('/')).toBe(site);
    expect(client.jsessionid('/xk/')).not.toBe(before);
    expect(alertOf(await client.get('/xk/index.jsp'))).toBeUndefined();
  });

  it('reads the first JSESSIONID: a client sending the site’s one first is logged out', async () => {
    const client = new LegacyClient(portal.url);
    await logIn(client);
    const app = client.jsessionid('/xk/');
    const site = client.jsessionid('/');
    const ask = (cookie: string) =>
      fetch(`${portal.url}/xk/index.jsp`, { headers: { cookie } })
        .then((r) => r.arrayBuffer())
        .then((bytes) => iconv.decode(Buffer.from(bytes), 'gbk'));
    expect(await ask(`JSESSIONID=${app}; JSESSIONID=${site}`)).toContain('个人中心');
    expect(await ask(`JSESSIONID=${site}; JSESSIONID=${app}`)).toContain('登录超时');
  });
});

describe('legacy style: form tokens', () => {
  it('needs the token of a recent page, once: without it or replayed, an alert and nothing done', async () => {
    portal.admin.setSeats('ART-101', 3);
    const client = new LegacyClient(portal.url);
    await logIn(client);
    const detail = await client.get('/xk/kcxx.jsp?kcid=ART-101');
    const token = tokenOf(detail);
    const again = await client.get('/xk/kcxx.jsp?kcid=ART-101');
    expect(tokenOf(again)).not.toBe(token);
    const missing = await client.post('/xk/ybm.do', { kcid: 'ART-101', xsid: 'S001' });
    expect(alertOf(missing)).toBe('页面已过期，请刷新页面后重新提交');
    expect(orders()).toEqual([]);
    const first = await client.post('/xk/ybm.do', { [TOKEN_FIELD]: token, kcid: 'ART-101', xsid: 'S001' });
    expect(alertOf(first)).toBeUndefined();
    const replayed = await client.post('/xk/ybm.do', { [TOKEN_FIELD]: token, kcid: 'ART-101', xsid: 'S002' });
    expect(alertOf(replayed)).toBe('页面已过期，请刷新页面后重新提交');
    expect(orders().map((o) => o.studentId)).toEqual(['S001']);
  });

  it('lets only the last five pages’ tokens through', async () => {
    const client = new LegacyClient(portal.url);
    await logIn(client);
    const old = tokenOf(await client.get('/xk/wddd.jsp'));
    for (let i = 0; i < 5; i++) await client.get('/xk/kclist.jsp');
    const answer = await client.post('/xk/qxdd.do', { [TOKEN_FIELD]: old, ddbh: 'YB000001' });
    expect(alertOf(answer)).toBe('页面已过期，请刷新页面后重新提交');
  });
});

describe('legacy style: pre-registration (预报名)', () => {
  it('makes an unpaid order that takes the seat until its deadline, shown with it', async () => {
    portal.admin.setSeats('ART-101', 2);
    const client = new LegacyClient(portal.url);
    await logIn(client);
    const result = await preRegister(client, 'ART-101');
    expect(result.text).toContain('预报名成功');
    expect(result.text).toContain('前在官方App中完成缴费');
    const [order] = orders();
    expect(order).toMatchObject({
      orderId: 'YB000001',
      courseId: 'ART-101',
      studentId: 'S001',
      status: 'pending_payment',
    });
    const windowMs = Date.parse(order?.deadline ?? '') - Date.parse(order?.createdAt ?? '');
    expect(windowMs).toBe(60_000);
    expect(seats('ART-101')).toBe(1);
    const list = await client.get('/xk/wddd.jsp');
    expect(list.text).toMatch(
      /<td>YB000001<\/td><td>ART-101<\/td><td>少儿国画（初级）<\/td><td>S001<\/td><td>姐姐<\/td><td>[\d-]+ [\d:]+<\/td><td>[\d-]+ [\d:]+<\/td><td>待缴费<\/td>/,
    );
  });

  it('cancels an order unpaid at its deadline and gives the seat back', async () => {
    portal.admin.configure({ holdSeconds: 1 });
    portal.admin.setSeats('ART-101', 1);
    const client = new LegacyClient(portal.url);
    await logIn(client);
    await preRegister(client, 'ART-101');
    expect(seats('ART-101')).toBe(0);
    await until(() => orders()[0]?.status === 'cancelled', 'the deadline');
    expect(orders()[0]).toMatchObject({ status: 'cancelled', cancelReason: 'timeout' });
    expect(seats('ART-101')).toBe(1);
    expect((await client.get('/xk/wddd.jsp')).text).toContain('已取消（超时未缴费）');
  });

  it('refuses a full course with alert 该课程名额已满', async () => {
    const client = new LegacyClient(portal.url);
    await logIn(client);
    portal.admin.setSeats('ART-101', 1);
    const detail = await client.get('/xk/kcxx.jsp?kcid=ART-101');
    portal.admin.setSeats('ART-101', 0);
    const answer = await client.post('/xk/ybm.do', {
      [TOKEN_FIELD]: tokenOf(detail),
      kcid: 'ART-101',
      xsid: 'S001',
    });
    expect(answer.text).toContain("<script>alert('该课程名额已满');history.back()</script>");
    expect(orders()).toEqual([]);
  });

  it('takes at most 3 courses per student, and a child of another family not at all', async () => {
    const client = new LegacyClient(portal.url);
    await logIn(client);
    for (const id of ['ART-101', 'ART-102', 'SWIM-201', 'CAL-101']) portal.admin.setSeats(id, 2);
    for (const id of ['ART-101', 'ART-102', 'SWIM-201'])
      expect(alertOf(await preRegister(client, id))).toBeUndefined();
    expect(alertOf(await preRegister(client, 'CAL-101'))).toBe('每位学员最多报名3门课程');
    expect(alertOf(await preRegister(client, 'CAL-101', 'S002'))).toBeUndefined();
    expect(alertOf(await preRegister(client, 'CAL-101', 'S003'))).toBe('学员信息有误');
    expect(alertOf(await preRegister(client, 'ART-101'))).toBe('该学员已预报名此课程，请勿重复提交');
    expect(seats('CAL-101')).toBe(1);
  });

  it('lets the parent cancel an unpaid order (seat back), and sends payment to the official app', async () => {
    portal.admin.setSeats('ART-101', 1);
    const client = new LegacyClient(portal.url);
    await logIn(client);
    await preRegister(client, 'ART-101');
    const pay = await client.get('/xk/zf.jsp?ddbh=YB000001');
    expect(pay.text).toContain('本网站不支持在线缴费。请打开“市少年宫”官方App');
    expect(pay.text).toContain('YB000001');
    const list = await client.get('/xk/wddd.jsp');
    const cancel = await client.post('/xk/qxdd.do', { [TOKEN_FIELD]: tokenOf(list), ddbh: 'YB000001' });
    expect(alertOf(cancel)).toBe('订单已取消');
    expect([orders()[0]?.status, orders()[0]?.cancelReason, seats('ART-101')]).toEqual([
      'cancelled',
      'user',
      1,
    ]);
    expect(cellAfter(await client.get('/xk/kcxx.jsp?kcid=ART-101'), '报名状态')).toBe('剩余名额：1');
  });
});
