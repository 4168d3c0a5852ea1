import { createHmac, timingSafeEqual } from 'node:crypto';
import express, { type Express, type Request, type Response } from 'express';

/**
 * Strict local stand-ins for the push channels besides WeCom (used by `jianlou demo` and the tests):
 * each checks what its provider checks (signature, token, fields, size), keeps its provider's limit
 * and answers with its provider's codes. Facts: docs/channels-reference.md. The WeCom robot is in
 * sink.ts; e-mail has its own SMTP stand-in (sink-smtp.ts).
 */

/** The credentials the stand-ins accept; tests and the demo config use the same ones. */
export const STANDIN_SECRETS = {
  dingtalkToken: 'demo-dingtalk-token',
  dingtalkSecret: 'SECdemo0123456789abcdef',
  feishuToken: 'demo-feishu-token',
  feishuSecret: 'demo-feishu-secret',
  pushplusToken: 'demo0pushplus0token0123456789ab',
  serverchanKey: 'SCTdemo0123456789',
  barkKey: 'demoBarkDeviceKey0123',
} as const;

export interface StandInLimits {
  dingtalkPerMinute: number;
  feishuPerMinute: number;
  feishuPerSecond: number;
  pushplusPerDay: number;
  serverchanPerDay: number;
}

export const DEFAULT_LIMITS: StandInLimits = {
  dingtalkPerMinute: 20,
  feishuPerMinute: 100,
  feishuPerSecond: 5,
  pushplusPerDay: 200,
  serverchanPerDay: 5,
};

export interface StandInContext {
  /** 'ok', '45009' (rate), '93000' (broken), '-1' (busy), 'lost-answer', 'hang' — in each provider's terms. */
  mode(): string;
  now(): number;
  log(line: string): void;
  limits: StandInLimits;
  /** Keeps an accepted message; returns its number. */
  record(
    channel: string,
    msgtype: string,
    raw: string,
    body: Record<string, unknown>,
    summary: string,
  ): number;
}

function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/** Sends taken per key within a window; `hit` counts one when there is room. */
function windows() {
  const seen = new Map<string, number[]>();
  return {
    count(key: string, windowMs: number, now: number): number {
      const kept = (seen.get(key) ?? []).filter((t) => t > now - windowMs);
      seen.set(key, kept);
      return kept.length;
    },
    hit(key: string, now: number): void {
      seen.set(key, [...(seen.get(key) ?? []), now]);
    },
    clear: () => seen.clear(),
  };
}

function parseJson(raw: string): Record<string, unknown> | undefined {
  try {
    return obj(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

/**
 * Accepts (records, answers `ok`) unless the mode says otherwise; `lost-answer` records and cuts the
 * connection, `hang` never answers.
 */
function finish(ctx: StandInContext, req: Request, accept: () => number, ok: () => void): void {
  const mode = ctx.mode();
  if (mode === 'hang') return;
  const n = accept();
  if (mode === 'lost-answer') {
    ctx.log(`[sink] #${n} taken, answer lost (mode lost-answer)`);
    req.socket.destroy();
    return;
  }
  ok();
}

export function mountStandIns(app: Express, ctx: StandInContext): { clear(): void } {
  const rate = windows();
  let dingtalkThrottledUntil = 0;
  const text = express.text({ type: () => true, limit: '2mb' });
  const refuse = (res: Response, what: string, answer: Record<string, unknown>, status = 200) => {
    ctx.log(`[sink] refused a ${what} message: ${JSON.stringify(answer)}`);
    res.status(status).json(answer);
  };

  // ---- DingTalk custom robot -------------------------------------------------------------
  app.post('/robot/send', text, (req, res) => {
    const q = req.query as Record<string, unknown>;
    const ding = (errcode: number, errmsg: string) => refuse(res, 'DingTalk', { errcode, errmsg });
    const mode = ctx.mode();
    if (mode === '-1') return ding(-1, '系统繁忙');
    if (str(q.access_token) !== STANDIN_SECRETS.dingtalkToken || mode === '93000')
      return ding(300001, 'token is not exist');
    const ts = Number(str(q.timestamp));
    const now = ctx.now();
    if (!Number.isFinite(ts) || Math.abs(now - ts) > 3_600_000) return ding(310000, 'invalid timestamp');
    const expected = createHmac('sha256', STANDIN_SECRETS.dingtalkSecret)
      .update(`${ts}\n${STANDIN_SECRETS.dingtalkSecret}`)
      .digest('base64');
    // Express decoded the query once: what arrives is the base64 signature itself.
    if (!same(str(q.sign), expected)) return ding(310000, 'sign not match');
    if (now < dingtalkThrottledUntil || mode === '45009')
      return ding(130101, 'send too fast, exceed 20 times per minute');
    const body = parseJson(typeof req.body === 'string' ? req.body : '');
    if (!body) return ding(40035, '缺少参数 json');
    const type = str(body.msgtype);
    const inner = obj(body[type]);
    if (!['text', 'markdown', 'actionCard', 'link', 'feedCard'].includes(type) || !inner)
      return ding(400105, '不支持的消息类型');
    const content = type === 'text' ? str(inner.content) : str(inner.text);
    if (!content || (type !== 'text' && !str(inner.title))) return ding(40035, '缺少参数 json');
    if ([...content].length > 5000) return ding(460101, 'message too long, exceed 5000');
    if (type === 'actionCard') {
      const btns = inner.btns;
      const ok = Array.isArray(btns)
        ? btns.every((b) => /^https?:\/\//.test(str(obj(b)?.actionURL)) && str(obj(b)?.title))
        : /^https?:\/\//.test(str(inner.singleURL));
      if (!ok) return ding(40035, '缺少参数 actionCard.btns');
    }
    const key = `dingtalk:${str(q.access_token)}`;
    if (rate.count(key, 60_000, now) >= ctx.limits.dingtalkPerMinute) {
      dingtalkThrottledUntil = now + 10 * 60_000;
      return ding(130101, 'send too fast, exceed 20 times per minute');
    }
    finish(
      ctx,
      req,
      () => {
        rate.hit(key, now);
        return ctx.record(
          'dingtalk',
          type,
          req.body as string,
          body,
          str(inner.title) || content.slice(0, 60),
        );
      },
      () => res.json({ errcode: 0, errmsg: 'ok' }),
    );
  });

  // ---- Feishu / Lark custom bot ----------------------------------------------------------
  app.post('/open-apis/bot/v2/hook/:token', text, (req, res) => {
    const fei = (code: number, msg: string, status = 200) =>
      refuse(res, 'Feishu', { code, data: {}, msg }, status);
    const mode = ctx.mode();
    if (mode === '-1') return refuse(res, 'Feishu', { code: 11232, data: {}, msg: 'frequency limited' });
    if (req.params.token !== STANDIN_SECRETS.feishuToken)
      return fei(19001, 'param invalid: incoming webhook access token invalid');
    const raw = typeof req.body === 'string' ? req.body : '';
    if (Buffer.byteLength(raw) > 20 * 1024) return fei(9499, 'Bad Request: request body exceeds 20 KB');
    const body = parseJson(raw);
    if (!body) return fei(9499, 'Bad Request');
    const ts = Number(str(body.timestamp));
    const now = ctx.now();
    const expected = createHmac('sha256', `${ts}\n${STANDIN_SECRETS.feishuSecret}`)
      .update('')
      .digest('base64');
    if (
      mode === '93000' ||
      !Number.isFinite(ts) ||
      Math.abs(now / 1000 - ts) > 3600 ||
      !same(str(body.sign), expected)
    )
      return fei(19021, 'sign match fail or timestamp is not within one hour from current time');
    const key = `feishu:${req.params.token}`;
    if (
      mode === '45009' ||
      rate.count(key, 60_000, now) >= ctx.limits.feishuPerMinute ||
      rate.count(key, 1_000, now) >= ctx.limits.feishuPerSecond
    )
      return fei(9499, 'too many request');
    const type = str(body.msg_type);
    const card = obj(body.card);
    const ok =
      type === 'text'
        ? Boolean(str(obj(body.content)?.text))
        : type === 'interactive' && Array.isArray(card?.elements) && card.elements.length > 0;
    if (!ok) return fei(19002, `params error: msg_type ${type || '(none)'} without its content`);
    const title = str(obj(obj(card?.header)?.title)?.content) || str(obj(body.content)?.text).slice(0, 60);
    finish(
      ctx,
      req,
      () => {
        rate.hit(key, now);
        return ctx.record('feishu', type, raw, body, title);
      },
      () => res.json({ StatusCode: 0, StatusMessage: 'success', code: 0, data: {}, msg: 'success' }),
    );
  });

  // ---- PushPlus ------------------------------------------------------------------------------
  app.post('/send', text, (req, res) => {
    const pp = (code: number, msg: string) => refuse(res, 'PushPlus', { code, msg, data: null });
    const mode = ctx.mode();
    if (mode === '-1') return pp(500, '系统异常，请稍后再试');
    const raw = typeof req.body === 'string' ? req.body : '';
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
    const raw = typeof req.body === 'string' ? req.body : '';
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
    const raw = typeof req.body === 'string' ? req.body : '';
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

  return {
    clear: () => {
      rate.clear();
      dingtalkThrottledUntil = 0;
    },
  };
}
