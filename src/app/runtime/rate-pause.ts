import { z } from 'zod';

/**
 * A portal that said "slow down" (429 with Retry-After) is left alone until then, across runs (cron
 * and serverless checks are separate processes) and for every account (one portal): `state/rate-pause`.
 */
export const RATE_PAUSE_KEY = 'rate-pause';
export const ratePauseSchema = z.object({ until: z.number() });
export type RatePause = z.infer<typeof ratePauseSchema>;
