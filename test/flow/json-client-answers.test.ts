import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  jsonClient,
  jsonFromText,
  NotJsonError,
  PortalChangedError,
  PortalUnavailableError,
  RateLimitedError,
  SessionExpiredError,
  z,
} from '../../src/flow/public.js';
import { useKitServer } from './kit-server.js';
import { send } from './raw-server.js';

const json = (body: unknown) => JSON.stringify(body);
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('jsonClient takes the answers real APIs give (issue 27)', () => {
  const j = (status: number, body: unknown) => (_q: unknown, res: Parameters<typeof send>[0]) =>
    send(res, status, 'application/json', json(body));
  const server = useKitServer({
    '/text-logged-out': (_q, res) => send(res, 400, 'text/plain', 'User is not logged in!'),
    '/message-logged-out': j(400, { message: 'User is not logged in' }),
    '/msg-logged-out': j(403, { code: 'NO_LOGIN', msg: '请先登录' }),
    '/code-msg': j(400, { code: 'E1', msg: '参数错误' }),
    '/text-full': (_q, res) => send(res, 409, 'text/plain', 'Course full'),
    '/env-401': j(200, { code: 401, msg: '请先登录' }),
    '/env-ok': j(200, { code: 0, msg: 'ok', data: { events: [{ id: 'ART-101' }] } }),
    '/env-refused': j(200, { code: 1001, msg: '名额已满' }),
    '/env-busy': j(200, { code: '429', msg: '请求过于频繁' }),
    '/env-down': j(200, { code: 503, msg: '服务暂不可用' }),
    '/env-none': j(200, { events: [] }),
    '/bom': (_q, res) =>
      send(res, 200, 'application/json', Buffer.concat([BOM, Buffer.from(json({ a: '书法' }))])),
    '/gbk': (_q, res) =>
      send(res, 200, 'application/json;charset=GBK', iconv.encode(json({ a: '书法' }), 'gbk')),
    '/maintenance': (_q, res) =>
      send(res, 200, 'text/html', '<html><head><title>系统维护中</title></head><body>请稍后</body></html>'),
    '/login-page': (_q, res) =>
      send(res, 200, 'text/html', '<html><form><input type="password" name="p"></form></html>'),
    '/html': (_q, res) =>
      send(res, 200, 'text/html', '<html><body>新版网站 <a href="/x?token=abcdef123456">x</a></body></html>'),
    '/no-session-500': (_q, res) => send(res, 500, 'text/plain', 'java.lang.NullPointerException'),
  });

  it('a logged-out answer in text, {message} or {code,msg} is SessionExpiredError, never "portal changed"', async () => {
    const api = jsonClient(server.ctx);
    await expect(api.request('GET', '/text-logged-out')).rejects.toThrow(SessionExpiredError);
    await expect(api.request('GET', '/text-logged-out')).rejects.toThrow(/not logged in/);
    await expect(api.request('GET', '/message-logged-out')).rejects.toThrow(SessionExpiredError);
    await expect(api.request('GET', '/msg-logged-out')).rejects.toThrow(SessionExpiredError);
  });

  it('error codes and words come from {error}, {code, msg} or text', async () => {
    const api = jsonClient(server.ctx);
    const coded = await api.request('GET', '/code-msg');
    expect([coded.status, coded.ok, coded.errorCode, coded.errorMessage]).toEqual([
      400,
      false,
      'E1',
      '参数错误',
    ]);
    const text = await api.request('POST', '/text-full');
    expect([text.status, text.body, text.text, text.errorMessage]).toEqual([
      409,
      null,
      'Course full',
      'Course full',
    ]);
    await expect(api.get('/code-msg', z.unknown())).rejects.toThrow('answered HTTP 400 (E1)');
  });

  it('an envelope reads 200-with-status-inside: logged out, refused, busy, down, and the payload on success', async () => {
    const api = jsonClient(server.ctx, { envelope: { data: 'data' } });
    await expect(api.request('GET', '/env-401')).rejects.toThrow(SessionExpiredError);
    await expect(api.request('GET', '/env-401')).rejects.toThrow('code 401 ("请先登录")');
    const events = await api.get('/env-ok', z.object({ events: z.array(z.object({ id: z.string() })) }));
    expect(events).toEqual({ events: [{ id: 'ART-101' }] });
    const refused = await api.request('POST', '/env-refused');
    expect([refused.status, refused.ok, refused.errorCode, refused.errorMessage]).toEqual([
      200,
      false,
      '1001',
      '名额已满',
    ]);
    await expect(api.post('/env-refused', {}, z.unknown())).rejects.toThrow(PortalChangedError);
    await expect(api.request('GET', '/env-busy')).rejects.toThrow(RateLimitedError);
    await expect(api.request('GET', '/env-down')).rejects.toThrow(PortalUnavailableError);
    await expect(api.request('GET', '/env-none')).rejects.toThrow('no "code" status field');
    // Without the option the same answer is a body like any other.
    expect((await jsonClient(server.ctx).request('GET', '/env-401')).body).toEqual({
      code: 401,
      msg: '请先登录',
    });
  });

  it('reads JSON with a UTF-8 BOM and JSON in GBK', async () => {
    const api = jsonClient(server.ctx);
    expect(await api.get('/bom', z.object({ a: z.string() }))).toEqual({ a: '书法' });
    expect(await api.get('/gbk', z.object({ a: z.string() }))).toEqual({ a: '书法' });
  });

  it('a 200 page instead of JSON: maintenance is unavailable, a login page expired, anything else changed with an excerpt', async () => {
    const api = jsonClient(server.ctx);
    await expect(api.request('GET', '/maintenance')).rejects.toThrow(PortalUnavailableError);
    await expect(api.request('GET', '/login-page')).rejects.toThrow(SessionExpiredError);
    const changed = await api.request('GET', '/html').catch((e: unknown) => e);
    expect(changed).toBeInstanceOf(NotJsonError);
    expect((changed as NotJsonError).status).toBe(200);
    expect((changed as Error).message).toContain('新版网站');
    expect((changed as Error).message).not.toContain('abcdef123456');
  });

  it('a flow states its portal’s "logged out" status (500 without a session)', async () => {
    await expect(jsonClient(server.ctx).request('GET', '/no-session-500')).rejects.toThrow(
      PortalUnavailableError,
    );
    await expect(
      jsonClient(server.ctx, { loggedOut: { status: [500] } }).request('GET', '/no-session-500'),
    ).rejects.toThrow(SessionExpiredError);
  });

  it('jsonFromText: PortalChangedError with the status and a short scrubbed excerpt', () => {
    expect(jsonFromText('\ufeff{"a":1}', { label: 'GET x', status: 200 })).toEqual({ a: 1 });
    const bad = () =>
      jsonFromText(`<html>${'很长的页面 '.repeat(40)} "token":"s3cr3t-value" password=hunter22</html>`, {
        label: 'GET https://portal.example/api',
        status: 502,
      });
    expect(bad).toThrow(NotJsonError);
    expect(bad).toThrow(
      /^GET https:\/\/portal.example\/api answered HTTP 502 with something that is not JSON \("<html>/,
    );
    try {
      bad();
    } catch (error) {
      expect((error as NotJsonError).excerpt.length).toBeLessThanOrEqual(120);
    }
    const secret = () =>
      jsonFromText('oops "token":"s3cr3t-value" password=hunter22', { label: 'GET x', status: 200 });
    expect(secret).toThrow('[redacted]');
    expect(secret).not.toThrow('s3cr3t');
    expect(secret).not.toThrow('hunter22');
  });
});
