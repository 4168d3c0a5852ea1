/**
 * A small course site jianlou's recorder was not tuned for (issue 30's closing note): a page shell
 * that fetches a JSON API answering HTTP 200 with the status inside (`{ code, msg, data }`), pinyin
 * field names (kcdm 课程代码, kcmc 课程名称, xf 学费, zrs 总人数, syme 剩余名额, zt 状态), a cookie
 * `sid` set by a JSON login, "not logged in" as `{ code: 401, msg: '请先登录' }` with HTTP 200.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

export const UNTUNED = { user: 'mama', password: 'pw-untuned-5521' };

interface Kc {
  kcdm: string;
  kcmc: string;
  xf: number;
  zrs: number;
  syme: number;
}

export interface UntunedSite {
  url: string;
  courses: Kc[];
  enrolled: string[];
  close(): Promise<void>;
}

const shell = (title: string, script: string) =>
  `<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>${title}</title></head><body><main id="app">加载中…</main><script>${script}</script></body></html>`;

const LIST_JS = `fetch('/api/kc/list').then(r => r.json()).then(j => {
  if (j.code === 401) { location.href = '/login'; return; }
  document.getElementById('app').innerHTML = '<ul>' + j.data.rows.map(k => '<li><a href="/kc/detail?kcdm=' + k.kcdm + '">' + k.kcmc + '</a> 剩余 ' + k.syme + '</li>').join('') + '</ul>';
});`;
const DETAIL_JS = `const kcdm = new URLSearchParams(location.search).get('kcdm');
fetch('/api/kc/detail?kcdm=' + encodeURIComponent(kcdm)).then(r => r.json()).then(j => {
  if (j.code === 401) { location.href = '/login'; return; }
  const k = j.data;
  document.getElementById('app').innerHTML = '<h1>' + k.kcmc + '</h1><p>剩余名额 ' + k.syme + '/' + k.zrs + '</p><button id="bm">我要报名</button><p id="msg"></p>';
  document.getElementById('bm').onclick = () => fetch('/api/kc/bm', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kcdm }) })
    .then(r => r.json()).then(a => { document.getElementById('msg').textContent = a.msg; });
});`;
const LOGIN_HTML = `<!doctype html><html><head><meta charset="utf-8"><title>登录</title></head><body>
<form id="f"><input id="user" name="user"><input id="pass" name="pass" type="password"><button id="go" type="submit">登录</button></form>
<script>document.getElementById('f').onsubmit = (e) => { e.preventDefault();
  fetch('/api/login', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(new FormData(e.target)) })
    .then(r => r.json()).then(j => { if (j.code === 0) location.href = '/kc/list'; });
};</script></body></html>`;

export async function startUntunedSite(): Promise<UntunedSite> {
  const courses: Kc[] = [
    { kcdm: 'WQ01', kcmc: '少儿围棋启蒙', xf: 680, zrs: 20, syme: 3 },
    { kcdm: 'WQ02', kcmc: '围棋提高班', xf: 880, zrs: 16, syme: 0 },
    { kcdm: 'SF01', kcmc: '硬笔书法', xf: 520, zrs: 24, syme: 7 },
  ];
  const sessions = new Set<string>();
  const enrolled: string[] = [];
  const json = (res: ServerResponse, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  };
  const html = (res: ServerResponse, text: string) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(text);
  };
  const body = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    });
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const sid = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      const loggedIn = sid !== undefined && sessions.has(sid);
      const notLoggedIn = { code: 401, msg: '请先登录' };
      if (url.pathname === '/' || url.pathname === '/login') return html(res, LOGIN_HTML);
      if (url.pathname === '/kc/list') return html(res, shell('课程列表', LIST_JS));
      if (url.pathname === '/kc/detail') return html(res, shell('课程详情', DETAIL_JS));
      if (url.pathname === '/api/login' && req.method === 'POST') {
        const form = new URLSearchParams(await body(req));
        if (form.get('user') !== UNTUNED.user || form.get('pass') !== UNTUNED.password)
          return json(res, { code: 1, msg: '用户名或密码错误' });
        const id = randomBytes(12).toString('hex');
        sessions.add(id);
        return json(res, { code: 0, msg: 'ok' }, { 'set-cookie': `sid=${id}; Path=/; HttpOnly` });
      }
      if (!url.pathname.startsWith('/api/')) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('not found');
      }
      if (!loggedIn) return json(res, notLoggedIn);
      if (url.pathname === '/api/me') return json(res, { code: 0, data: { name: '王妈妈' } });
      const zt = (k: Kc) => (k.syme > 0 ? '可报名' : '已满');
      if (url.pathname === '/api/kc/list')
        return json(res, {
          code: 0,
          data: { total: courses.length, rows: courses.map((k) => ({ ...k, zt: zt(k) })) },
        });
      if (url.pathname === '/api/kc/detail') {
        const k = courses.find((c) => c.kcdm === url.searchParams.get('kcdm'));
        return json(res, k ? { code: 0, data: { ...k, zt: zt(k) } } : { code: 404, msg: '课程不存在' });
      }
      if (url.pathname === '/api/kc/bm' && req.method === 'POST') {
        const { kcdm } = JSON.parse(await body(req)) as { kcdm: string };
        enrolled.push(kcdm);
        return json(res, { code: 0, msg: '报名成功，请等待审核' });
      }
      return json(res, { code: 404, msg: '接口不存在' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    courses,
    enrolled,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
