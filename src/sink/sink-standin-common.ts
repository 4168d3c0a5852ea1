import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';

/**
 * What the strict stand-ins share (sink-standins.ts mounts them): the credentials they accept, their
 * limits, the context the sink gives them, and how an accepted message is answered under each mode.
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
  /**
   * 'ok', '45009' (rate), '93000' (broken), '-1' (busy) in each provider's terms; 'lost-answer'
   * (taken, connection cut before the answer), 'late' (taken, answered after `lateMs`), 'cut'
   * (connection cut, nothing taken), 'hang' (never answers, nothing taken).
   */
  mode(): string;
  now(): number;
  log(line: string): void;
  limits: StandInLimits;
  /** How long mode 'late' waits before answering (default 2 s). */
  lateMs?: number;
  /** Keeps an accepted message; returns its number. */
  record(
    channel: string,
    msgtype: string,
    raw: string,
    body: Record<string, unknown>,
    summary: string,
  ): number;
}

export function obj(v: unknown): Record<string, unknown> | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
    ? (v as Record<string, unknown>)
    : undefined;
}
export const str = (v: unknown) => (typeof v === 'string' ? v : '');
export const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

export interface RateWindows {
  count(key: string, windowMs: number, now: number): number;
  hit(key: string, now: number): void;
  clear(): void;
}

/** Sends taken per key within a window; `hit` counts one when there is room. */
export function windows(): RateWindows {
  const seen = new Map<string, number[]>();
  return {
    count(key, windowMs, now) {
      const kept = (seen.get(key) ?? []).filter((t) => t > now - windowMs);
      seen.set(key, kept);
      return kept.length;
    },
    hit(key, now) {
      seen.set(key, [...(seen.get(key) ?? []), now]);
    },
    clear: () => seen.clear(),
  };
}

export function parseJson(raw: string): Record<string, unknown> | undefined {
  try {
    return obj(JSON.parse(raw));
  } catch {
    return undefined;
  }
}

export const rawOf = (req: Request) => (typeof req.body === 'string' ? req.body : '');

/** Answers `answer` (HTTP `status`) and logs the refusal. */
export function refuser(ctx: StandInContext) {
  return (res: Response, what: string, answer: Record<string, unknown>, status = 200) => {
    ctx.log(`[sink] refused a ${what} message: ${JSON.stringify(answer)}`);
    res.status(status).json(answer);
  };
}

/**
 * Accepts (records, answers `ok`) unless the mode says otherwise: `hang` never answers, `cut` closes
 * the connection without taking the message, `lost-answer` takes it and cuts the connection, `late`
 * takes it and answers after `ctx.lateMs` (the client may have given up by then).
 */
export function finish(ctx: StandInContext, req: Request, accept: () => number, ok: () => void): void {
  const mode = ctx.mode();
  if (mode === 'hang') return;
  if (mode === 'cut') {
    ctx.log('[sink] connection cut before the message was taken (mode cut)');
    req.socket.destroy();
    return;
  }
  const n = accept();
  if (mode === 'lost-answer') {
    ctx.log(`[sink] #${n} taken, answer lost (mode lost-answer)`);
    req.socket.destroy();
    return;
  }
  if (mode === 'late') {
    ctx.log(`[sink] #${n} taken, answered late (mode late)`);
    setTimeout(ok, ctx.lateMs ?? 2_000).unref();
    return;
  }
  ok();
}
