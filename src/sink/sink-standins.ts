import express, { type Express } from 'express';
import { type StandInContext, windows } from './sink-standin-common.js';
import { mountPushServices } from './sink-standin-push.js';
import { mountRobots } from './sink-standin-robots.js';

/**
 * Strict local stand-ins for the push channels besides WeCom (used by `jianlou demo` and the tests):
 * each checks what its provider checks (signature, token, fields, size), keeps its provider's limit
 * and answers with its provider's codes. Facts: docs/channels-reference.md. The WeCom robot is in
 * sink.ts; e-mail has its own SMTP stand-in (sink-smtp.ts). DingTalk and Feishu are in
 * sink-standin-robots.ts, PushPlus, ServerChan and Bark in sink-standin-push.ts.
 */

export {
  DEFAULT_LIMITS,
  STANDIN_SECRETS,
  type StandInContext,
  type StandInLimits,
} from './sink-standin-common.js';

export function mountStandIns(app: Express, ctx: StandInContext): { clear(): void } {
  const rate = windows();
  const text = express.text({ type: () => true, limit: '2mb' });
  const robots = mountRobots(app, ctx, rate, text);
  mountPushServices(app, ctx, rate, text);
  return {
    clear: () => {
      rate.clear();
      robots.clear();
    },
  };
}
