import { createHmac } from 'node:crypto';
import type { Express, RequestHandler } from 'express';
import {
  finish,
  obj,
  parseJson,
  type RateWindows,
  rawOf,
  refuser,
  STANDIN_SECRETS,
  type StandInContext,
  same,
  str,
} from './sink-standin-common.js';

/**
 * The group robots' stand-ins: DingTalk's custom robot (加签 checked, 20 a minute then 10 minutes
 * throttled, its errcodes) and Feishu's custom bot (签名校验 checked, 100 a minute and 5 a second, its
 * codes). Facts: docs/channels-reference.md.
 */
export function mountRobots(
  app: Express,
  ctx: StandInContext,
  rate: RateWindows,
  text: RequestHandler,
): { clear(): void } {
  let dingtalkThrottledUntil = 0;
  const refuse = refuser(ctx);

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
    const body = parseJson(rawOf(req));
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
    const raw = rawOf(req);
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

  return {
    clear: () => {
      dingtalkThrottledUntil = 0;
    },
  };
}
