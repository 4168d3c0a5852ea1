import iconv from 'iconv-lite';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningLegacyPortal, startPortal } from '../../src/portal/server.js';
import { admin, alertOf, cellAfter, LegacyClient, logIn } from './legacy-kit.js';

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

describe('legacy style: pages in GBK', () => {
  it('sends the course list as GBK bytes, saying so in the Content-Type header', async () => {
    const page = await new LegacyClient(portal.url).get('/xk/kclist.jsp');
    expect(page.headers.get('content-type')).toBe('text/html; charset=GBK');
    expect(page.text).toContain('少儿国画（初级）');
    // The bytes are GBK, not UTF-8: 国画 is D3FA BBAD... in GBK, and UTF-8 decoding garbles it.
    expect(page.bytes.includes(iconv.encode('少儿国画', 'gbk'))).toBe(true);
    expect(page.bytes.toString('utf8')).not.toContain('少儿国画');
    expect(page.text).not.toContain('<meta http-equiv');
  });

  it('declares GBK only in a <meta http-equiv> on the course page', async () => {
    const page = await new LegacyClient(portal.url).get('/xk/kcxx.jsp?kcid=ART-101');
    expect(page.headers.get('content-type')).toBe('text/html');
    expect(page.text).toContain('<meta http-equiv="Content-Type" content="text/html; charset=GBK">');
    expect(cellAfter(page, '课程名称')).toBe('少儿国画（初级）');
  });
});

describe('legacy style: course list', () => {
  it('lists 20 courses a page over 4 pages with paging links, every course once', async () => {
    const client = new LegacyClient(portal.url);
    const seen: string[] = [];
    for (let n = 1; n <= 4; n++) {
      const page = await client.get(`/xk/kclist.jsp?page=${n}`);
      const ids = [...page.text.matchAll(/<tr><td>([A-Z]+-\d+)<\/td>/g)].map((m) => m[1] ?? '');
      expect(ids).toHaveLength(n < 4 ? 20 : 4);
      expect(page.text).toContain(`第 ${n}/4 页`);
      if (n < 4) expect(page.text).toContain(`<a href="kclist.jsp?page=${n + 1}">下一页</a>`);
      else expect(page.text).toContain('<span>下一页</span>');
      seen.push(...ids);
    }
    expect(new Set(seen).size).toBe(64);
    expect(seen).toContain('ART-101');
  });

  it('says seats in the cell as 剩余名额：N, 已满, 报名已结束 or 摇号中', async () => {
    portal.admin.setSeats('ART-102', 3);
    const client = new LegacyClient(portal.url);
    const page = await client.get('/xk/kclist.jsp?page=1');
    const seatCell = (id: string) =>
      new RegExp(`<tr><td>${id}</td>(?:<td>[^]*?</td>){6}<td>([^<]*)</td>`).exec(page.text)?.[1];
    expect(seatCell('ART-101')).toBe('已满');
    expect(seatCell('ART-102')).toBe('剩余名额：3');
    const state = portal.admin.state();
    const closed = state.courses.find((c) => c.phase === 'closed' && c.id.startsWith('ART'));
    const lottery = state.courses.find((c) => c.phase === 'lottery' && c.id.startsWith('ART'));
    expect(seatCell(closed?.id ?? '')).toBe('报名已结束');
    expect(seatCell(lottery?.id ?? '')).toBe('摇号中');
  });
});

describe('legacy style: course pages', () => {
  it('shows seats left and the schedule of a weekly class over the term', async () => {
    portal.admin.setSeats('ART-101', 3);
    const page = await new LegacyClient(portal.url).get('/xk/kcxx.jsp?kcid=ART-101');
    expect(cellAfter(page, '报名状态')).toBe('剩余名额：3');
    expect(cellAfter(page, '上课日期')).toBe('2027年3月1日—6月14日');
    expect(cellAfter(page, '上课时间')).toBe('每周六 09:00-10:30');
    portal.admin.setSeats('ART-101', 0);
    const full = await new LegacyClient(portal.url).get('/xk/kcxx.jsp?kcid=ART-101');
    expect(cellAfter(full, '报名状态')).toBe('已满');
  });

  it('runs holiday courses every day of a date range and one-day events on one date', async () => {
    const client = new LegacyClient(portal.url);
    const swim = await client.get('/xk/kcxx.jsp?kcid=SWIM-201');
    expect(cellAfter(swim, '上课日期')).toBe('2027年1月20日—1月26日');
    expect(cellAfter(swim, '上课时间')).toBe('每天 10:00-11:00');
    expect(cellAfter(swim, '课程类别')).toBe('游泳 · 寒假班');
    const sci = await client.get('/xk/kcxx.jsp?kcid=SCI-101');
    expect(cellAfter(sci, '上课日期')).toMatch(/^2027年[12]月\d+日（周[一二三四五六日]）$/);
    const schedule = portal.admin.state().courses.find((c) => c.id === 'SCI-101')?.schedule;
    expect(schedule?.kind).toBe('once');
  });

  it('answers an unknown course with an alert script, not a page', async () => {
    const page = await new LegacyClient(portal.url).get('/xk/kcxx.jsp?kcid=NOPE-1');
    expect(page.status).toBe(200);
    expect(page.text).toContain("<script>alert('该课程不存在');location.href='/xk/kclist.jsp'</script>");
  });

  it('offers the 预报名 form only to a logged-in parent, with a child to choose', async () => {
    portal.admin.setSeats('ART-101', 2);
    const client = new LegacyClient(portal.url);
    const anonymous = await client.get('/xk/kcxx.jsp?kcid=ART-101');
    expect(anonymous.text).not.toContain('action="/xk/ybm.do"');
    expect(anonymous.text).toContain('请先 <a href="/xk/login.jsp">登录</a> 后预报名');
    await logIn(client);
    const mine = await client.get('/xk/kcxx.jsp?kcid=ART-101');
    expect(mine.text).toContain('action="/xk/ybm.do"');
    expect(mine.text).toContain('<option value="S001">姐姐</option><option value="S002">弟弟</option>');
    expect(alertOf(mine)).toBeUndefined();
  });
});

describe('legacy style: the redesign fault', () => {
  it('changes the seat wording and the table, so 剩余名额 / 已满 are gone', async () => {
    portal.admin.setSeats('ART-101', 2);
    await admin(portal.url, 'POST', 'faults', { target: 'pages', fault: 'redesign' });
    const client = new LegacyClient(portal.url);
    const page = await client.get('/xk/kcxx.jsp?kcid=ART-101');
    expect(cellAfter(page, '报名状态')).toBeUndefined();
    expect(page.text).not.toContain('剩余名额');
    expect(cellAfter(page, '状态')).toBe('可报名人数 2');
    const list = await client.get('/xk/kclist.jsp');
    expect(list.text).not.toMatch(/剩余名额|已满/);
  });
});
