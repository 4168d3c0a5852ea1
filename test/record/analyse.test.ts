import { describe, expect, it } from 'vitest';
import { courseClue, findSeats } from '../../src/record/analyse.js';
import { fieldsOf, findHold, loggedOutWhy, proofCandidates } from '../../src/record/login-proof.js';
import { findJsonSeats } from '../../src/record/seats-json.js';
import { findTableSeats } from '../../src/record/seats-table.js';
import { classifyWords, idTokensOf, seatNumbersIn, urlTemplate } from '../../src/record/seats-words.js';
import type { Exchange, VisitFacts } from '../../src/record/types.js';

let seq = 0;
function ex(partial: Partial<Exchange> & Pick<Exchange, 'url'>): Exchange {
  return {
    seq: ++seq,
    step: 'course',
    method: 'GET',
    kind: 'xhr',
    status: 200,
    contentType: 'application/json',
    body: '',
    ...partial,
  };
}
const facts = (exchanges: Exchange[], extra: Partial<VisitFacts> = {}): VisitFacts => ({
  exchanges,
  clicked: [],
  pageAt: {},
  typed: [],
  storage: [],
  cookies: [],
  ...extra,
});
const B = 'http://portal.test';
const clue = { title: '少儿国画', idTokens: ['ART-1'] };

describe('the seats in JSON answers', () => {
  const list = ex({
    url: `${B}/api/courses?page=1`,
    body: JSON.stringify({
      data: {
        rows: [
          { id: 'ART-1', name: '少儿国画', fee: 680, capacity: 20, seatsLeft: 3, status: '可报名' },
          { id: 'ART-2', name: '书法', fee: 500, capacity: 20, seatsLeft: 0, status: '已满' },
          { id: 'ART-3', name: '舞蹈', fee: 500, capacity: 20, seatsLeft: 5, status: '报名结束' },
        ],
      },
    }),
  });

  it('finds the course by its title, its id by the page URL, the seats by name, and learns the status words', () => {
    const [first] = findJsonSeats([list], clue);
    expect(first).toMatchObject({
      url: `${B}/api/courses?page=1`,
      list: ['data', 'rows'],
      idKey: 'id',
      titleKey: 'name',
      seatsKey: 'seatsLeft',
      statusKey: 'status',
      words: { full: ['已满'], open: ['可报名'], closed: ['报名结束'] },
      sample: { id: 'ART-1', seats: 3 },
    });
  });

  it('never offers a fee, a capacity or an id as the seats, and reads only GET answers', () => {
    const keys = findJsonSeats([list], clue).map((c) => c.seatsKey);
    expect(keys).toEqual(['seatsLeft']);
    expect(findJsonSeats([{ ...list, method: 'POST' }], clue)).toEqual([]);
    expect(findJsonSeats([{ ...list, status: 500 }], clue)).toEqual([]);
  });

  it('one course per answer: {id} in the URL, the object path kept; a list goes first when both exist', () => {
    const one = ex({
      url: `${B}/api/course/ART-1`,
      body: JSON.stringify({ course: { code: 'ART-1', title: '少儿国画', remain: 2 } }),
    });
    expect(findJsonSeats([one], clue)[0]).toMatchObject({
      url: `${B}/api/course/{id}`,
      list: null,
      item: ['course'],
    });
    expect(findJsonSeats([one, list], clue).map((c) => c.list === null)).toEqual([false, true]);
  });

  it('finds nothing without a matching title or an id', () => {
    expect(findJsonSeats([list], { title: '围棋', idTokens: [] })).toEqual([]);
    const noId = ex({ url: `${B}/x`, body: JSON.stringify({ name: '少儿国画', seats: 3 }) });
    expect(findJsonSeats([noId], { title: '少儿国画', idTokens: [] })).toEqual([]);
  });

  it('asks first about the number the course page showed after a seats word', async () => {
    const odd = ex({
      url: `${B}/api/kc`,
      body: JSON.stringify({ rows: [{ kcdm: 'ART-1', kcmc: '少儿国画', xf: 680, syme: 3 }] }),
    });
    const plain = await findSeats(facts([odd]), clue);
    expect(plain.map((s) => s.sample.seats)).toEqual([680, 3]);
    const seen = await findSeats(facts([odd], { courseText: '少儿国画 学费 680 剩余名额 3/20' }), clue);
    expect(seen.map((s) => s.sample.seats)).toEqual([3, 680]);
  });
});

describe('the seats in HTML tables', () => {
  const page = (rows: string) =>
    ex({
      url: `${B}/list.jsp?page=1`,
      kind: 'document',
      contentType: 'text/html; charset=GBK',
      body: `<html><body><table id="kclist"><tr><th>课程编号</th><th>课程名称</th><th>收费</th><th>名额</th></tr>${rows}</table></body></html>`,
    });
  const rows =
    '<tr><td>ART-1</td><td><a href="x.jsp?id=ART-1">少儿国画</a></td><td>￥680</td><td>剩余名额：3</td></tr>' +
    '<tr><td>ART-2</td><td>书法</td><td>￥500</td><td>已满</td></tr>' +
    '<tr><td>ART-3</td><td>舞蹈</td><td>￥500</td><td>摇号中</td></tr>';

  it('finds the row by the title, the columns by the id and seats, the full and closed words', async () => {
    const [found, ...others] = await findTableSeats([page(rows)], clue);
    expect(others).toEqual([]);
    expect(found).toMatchObject({
      table: '#kclist',
      idColumn: '课程编号',
      titleColumn: '课程名称',
      seatsColumn: '名额',
      words: { full: ['已满'], open: [], closed: ['摇号中'] },
      sample: { id: 'ART-1', seats: 3, cell: '剩余名额：3' },
    });
  });

  it('needs the title in a cell of its own and a table it can name', async () => {
    expect(await findTableSeats([page(rows)], { title: '国画', idTokens: [] })).toEqual([]);
    const twoTables = page(rows);
    twoTables.body =
      twoTables.body.replace('<table id="kclist">', '<table>') + '<table><tr><td>x</td></tr></table>';
    expect(await findTableSeats([twoTables], clue)).toEqual([]);
  });
});

describe('the course, the login proof and the hold', () => {
  it('takes the title from the last link clicked in the list, and id tokens from the course page', () => {
    const f = facts([], {
      clicked: [
        { step: 'list', text: '下一页' },
        { step: 'list', text: '少儿国画', href: `${B}/kcxx.jsp?kcid=ART-1` },
        { step: 'hold', text: '报名' },
      ],
      pageAt: { course: `${B}/courses/ART-1` },
    });
    expect(courseClue(f)).toEqual({ title: '少儿国画', idTokens: ['courses', 'ART-1'] });
    expect(courseClue(f, ' 书法 ').title).toBe('书法');
  });

  it('replays GETs made after the login: JSON first, short paths first, never the login pages', () => {
    const all = [
      ex({ url: `${B}/login`, step: 'login', kind: 'document', contentType: 'text/html' }),
      ex({ url: `${B}/login.do`, step: 'login', method: 'POST' }),
      ex({ url: `${B}/home`, step: 'login', kind: 'document', contentType: 'text/html', body: '<p>hi</p>' }),
      ex({ url: `${B}/api/courses/1`, body: '{"a":1}' }),
      ex({ url: `${B}/api/me`, body: '{"name":"x"}' }),
      ex({ url: 'http://elsewhere.test/api/x', body: '{}' }),
    ];
    expect(proofCandidates(all, [B]).map((e) => new URL(e.url).pathname)).toEqual([
      '/api/me',
      '/api/courses/1',
      '/home',
    ]);
  });

  it('reads a replayed answer as the kit would: 401, 403, a login redirect, a login page, 请先登录', async () => {
    const a = { url: `${B}/x`, contentType: 'application/json', body: '{}' };
    expect(await loggedOutWhy({ ...a, status: 401 })).toBe('answered HTTP 401');
    expect(await loggedOutWhy({ ...a, status: 403 })).toBe('answered HTTP 403');
    expect(await loggedOutWhy({ ...a, status: 302, location: `${B}/login?r=1` })).toMatch(/sent to/);
    expect(await loggedOutWhy({ ...a, status: 200, body: '{"code":401,"msg":"请先登录"}' })).toBe(
      'says "请先登录"',
    );
    expect(await loggedOutWhy({ ...a, status: 200, body: '{"rows":[]}' })).toBeUndefined();
    const login = '<html><body><form><input type="password" name="p"></form></body></html>';
    expect(await loggedOutWhy({ ...a, contentType: 'text/html', status: 200, body: login })).toBeDefined();
    const page = '<html><body><p>课程</p></body></html>';
    expect(await loggedOutWhy({ ...a, contentType: 'text/html', status: 200, body: page })).toBeUndefined();
  });

  it('the hold is the first request that is not a GET in the hold step; its fields by name only', () => {
    const made = [
      ex({ url: `${B}/login.do`, step: 'login', method: 'POST', requestBody: 'u=1&p=secret' }),
      ex({
        url: `${B}/api/cart?x=1`,
        step: 'hold',
        method: 'POST',
        status: 201,
        requestBody: '{"courseId":"A","studentId":"S"}',
      }),
    ];
    expect(findHold(made)).toEqual({
      method: 'POST',
      url: `${B}/api/cart`,
      fields: ['courseId', 'studentId'],
    });
    expect(findHold(made.slice(0, 1))).toBeUndefined();
    expect(fieldsOf('kcid=A&xsid=S001')).toEqual(['kcid', 'xsid']);
  });
});

describe('words and URLs', () => {
  it('sorts status words into full, open and closed', () => {
    expect(
      classifyWords(
        [
          { word: 'full', seats: 0 },
          { word: 'open', seats: 2 },
          { word: 'lottery', seats: 4 },
          { word: 'waiting', seats: 0 },
          { word: 'open', seats: 1 },
        ],
        undefined,
      ),
    ).toEqual({ full: ['full', 'waiting'], open: ['open'], closed: ['lottery'] });
  });

  it('templates the course id in a path or a query, and reads id tokens from a URL', () => {
    expect(urlTemplate(`${B}/a/ART-1/x`, 'ART-1')).toBe(`${B}/a/{id}/x`);
    expect(urlTemplate(`${B}/k.jsp?kcid=ART-1&p=2`, 'ART-1')).toBe(`${B}/k.jsp?kcid={id}&p=2`);
    expect(urlTemplate(`${B}/all`, 'ART-1')).toBe(`${B}/all`);
    expect(idTokensOf(`${B}/xk/kcxx.jsp?kcid=ART-1`)).toEqual(['ART-1', 'xk']);
    expect(seatNumbersIn('余位：5 · 剩余名额 3/20 · 学费 680')).toEqual([5, 3]);
  });
});
