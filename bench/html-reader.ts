/**
 * Issue 27: a GBK page of 64 courses read through the kit's HTML reader, beside the same data as
 * JSON through the JSON client, in one run, over one local server and the browser-free request
 * client. Prints time per read and memory; no Chromium. `npm run bench:html`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import iconv from 'iconv-lite';
import { newRequestContext } from '../src/browser/launch.js';
import { createLazySession } from '../src/browser/lazy-session.js';
import { htmlClient, jsonClient, z } from '../src/flow/public.js';

const COURSES = Array.from({ length: 64 }, (_, i) => ({
  id: `ART-${100 + i}`,
  title: `少儿国画 ${i + 1} 班`,
  teacher: `王老师${i % 7}`,
  seats: i % 5,
}));

const html = iconv.encode(
  `<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">` +
    `<title>课程列表</title></head><body><form id="f" action="select.jsp" method="post">` +
    `<input type="hidden" name="__VIEWSTATE" value="${'x'.repeat(2000)}"><table id="list">` +
    `<tr><th>编号<th>课程<th>老师<th>余位<th>选择</tr>` +
    COURSES.map(
      (c) =>
        `<tr class="course"><td>${c.id}<td><a href="course.jsp?id=${c.id}">${c.title}</a><td>${c.teacher}` +
        `<td>${c.seats === 0 ? '已满' : c.seats}<td><input type="checkbox" name="sel" value="${c.id}">`,
    ).join('') +
    '</table></form></body></html>',
  'gbk',
);
const json = Buffer.from(JSON.stringify({ courses: COURSES }));

const server = createServer((req, res) => {
  if (req.url?.startsWith('/list.jsp')) res.writeHead(200, { 'content-type': 'text/html' }).end(html);
  else res.writeHead(200, { 'content-type': 'application/json' }).end(json);
});
await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const state = { cookies: [], origins: [] };
const request = await newRequestContext({ storageState: state, baseURL: base });
const { ctx } = createLazySession({
  baseUrl: base,
  accountId: 'bench',
  request,
  openContext: () => Promise.reject(new Error('no browser in this bench')),
});

const schema = z.object({
  courses: z.array(z.object({ id: z.string(), title: z.string(), seats: z.number() })),
});
const viaJson = async () =>
  (await jsonClient(ctx).get('/api/courses', schema)).courses.map((c) => [c.id, c.seats]);
const viaHtml = async () => {
  const doc = await htmlClient(ctx).get('/list.jsp');
  const rows = doc.table('#list').records.map((r) => [r.编号, r.余位 === '已满' ? 0 : Number(r.余位)]);
  doc.form('#f');
  return rows;
};

const heap = () => process.memoryUsage().heapUsed / 1e6;
const heapBefore = heap();
const rssBefore = process.memoryUsage().rss / 1e6;
const firstStart = performance.now();
const first = await viaHtml();
const firstHtmlMs = performance.now() - firstStart;
if (JSON.stringify(first) !== JSON.stringify(await viaJson())) throw new Error('the two paths disagree');

async function time(label: string, read: () => Promise<unknown>, rounds: number) {
  for (let i = 0; i < 20; i++) await read();
  const before = heap();
  const start = performance.now();
  for (let i = 0; i < rounds; i++) await read();
  const perRead = (performance.now() - start) / rounds;
  console.log(
    `${label.padEnd(34)} ${perRead.toFixed(2).padStart(7)} ms/read   heap +${(heap() - before).toFixed(1)} MB over ${rounds}`,
  );
}

console.log(`page: ${html.byteLength} bytes GBK, 64 courses; JSON: ${json.byteLength} bytes`);
console.log(
  `first HTML read (loads cheerio): ${firstHtmlMs.toFixed(0)} ms, heap +${(heap() - heapBefore).toFixed(1)} MB, rss +${(process.memoryUsage().rss / 1e6 - rssBefore).toFixed(1)} MB`,
);
await time('JSON path (jsonClient.get)', viaJson, 300);
await time('HTML path (htmlClient.get+table)', viaHtml, 300);
await request.dispose();
server.close();
