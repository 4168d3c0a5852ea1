import type { Express, RequestHandler } from 'express';
import {
  finish,
  parseJson,
  type RateWindows,
  rawOf,
  refuser,
  STANDIN_SECRETS,
  type StandInContext,
  str,
} from './sink-standin-common.js';

/**
 * The personal push services' stand-ins: PushPlus (token, daily quota, its codes), ServerChan Turbo
 * (SendKey in the path, title and desp sizes, daily quota) and Bark (device key in the body, APNs
 * payload size). Facts: docs/channels-reference.md.
 */
export function mountPushServices(
  app: Express,
  ctx: StandInContext,
  rate: RateWindows,
  text: RequestHandler,
): void {
  const refuse = refuser(ctx);

  // ---- PushPlus ------------------------------------------------------------------------------
  app.post('/send', text, (req, res) => {
    const pp = (code: number, msg: string) => refuse(res, 'PushPlus', { code, msg, data: null });
    const mode = ctx.mode();
    if (mode === '-1') return pp(500, '系统异常，请稍后再试');
    const raw = rawOf(req);
    const body = parseJson(raw);
    if (!body) return pp(999, '服务端验证错误：请求体不是 JSON');
    if (str(body.token) !== STANDIN_SECRETS.pushplusToken || mode === '93000')
      return pp(903, '无效的用户令牌');
    const now = ctx.now();
    const key = `pushplus:${str(body.token)}`;
    if (mode === '45009' || rate.count(key, 86_400_000, now) >= ctx.limits.pushplusPerDay)
      return pp(900, '用户账号使用受限');
    if (!str(body.content)) return pp(999, '服务端验证错误：内容不能为空');
    finish(
      ctx,
      req,
      () => {
        rate.hit(key, now);
        return ctx.record('pushplus', str(body.template) || 'html', raw, body, str(body.title));
      },
      () => res.json({ code: 200, msg: '请求成功', data: `sink${now.toString(36)}` }),
    );
  });

  // ---- ServerChan Turbo --------------------------------------------------------------------
  app.post(/^\/([^/]+)\.send$/, text, (req, res) => {
    const sc = (code: number, message: string, status = 200) =>
      refuse(res, 'ServerChan', { code, message, data: null }, status);
    const mode = ctx.mode();
    const sendkey = decodeURIComponent(req.path.slice(1, -'.send'.length));
    if (mode === '-1') return sc(500, 'server busy', 502);
    if (sendkey !== STANDIN_SECRETS.serverchanKey || mode === '93000') return sc(40001, 'bad pushtoken');
    const raw = rawOf(req);
    const body = parseJson(raw) ?? Object.fromEntries(new URLSearchParams(raw));
    const title = str(body.title);
    if (!title) return sc(40002, 'title is required');
    if ([...title].length > 32) return sc(40003, 'title too long (max 32)');
    if (Buffer.byteLength(str(body.desp)) > 32 * 1024) return sc(40004, 'desp too long (max 32KB)');
    const now = ctx.now();
    const key = `serverchan:${sendkey}`;
    if (mode === '45009' || rate.count(key, 86_400_000, now) >= ctx.limits.serverchanPerDay)
      return sc(40005, '超过当天的发送次数限制');
    finish(
      ctx,
      req,
      () => {
        rate.hit(key, now);
        return ctx.record('serverchan', 'markdown', raw, body, title);
      },
      () =>
        res.json({
          code: 0,
          message: '',
          data: { pushid: String(now), readkey: 'sink', error: 'SUCCESS', errno: 0 },
        }),
    );
  });

  // ---- Bark ------------------------------------------------------------------------------------
  app.post('/push', text, (req, res) => {
    const bark = (status: number, message: string) =>
      refuse(res, 'Bark', { code: status, message, timestamp: Math.floor(ctx.now() / 1000) }, status);
    const mode = ctx.mode();
    if (mode === '-1' || mode === '45009') return bark(500, 'push failed: APNs busy');
    const raw = rawOf(req);
    const body = parseJson(raw);
    if (!body) return bark(400, 'request bind failed: not JSON');
    const key = str(body.device_key);
    if (key !== STANDIN_SECRETS.barkKey || mode === '93000')
      return bark(
        400,
        `failed to get device token: failed to get [${key ? 'given' : 'empty'}] device token from database`,
      );
    if (!str(body.body) && !str(body.title)) return bark(400, 'request bind failed: body is empty');
    if (Buffer.byteLength(raw) > 4096) return bark(400, 'push failed: payload too large');
    finish(
      ctx,
      req,
      () => ctx.record('bark', str(body.level) || 'active', raw, body, str(body.title)),
      () => res.json({ code: 200, message: 'success', timestamp: Math.floor(ctx.now() / 1000) }),
    );
  });
}
