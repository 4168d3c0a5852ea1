import { z } from 'zod';
import { checkCronText, hasOffset, parseLocalDateTime } from '../core/cron-fields.js';
import { cronProblem } from './cron-words.js';
import { said, sayIssue } from './said.js';

const DATE_TIME_HINT =
  'use a date-time like "2026-07-15 11:55" (the config timezone) or "2026-07-15T11:55+08:00"';

/**
 * `schedule.surges[i]`: checks every `everySeconds` (10 s floor, jittered) from `from` to `to`, or
 * for `durationMinutes` after each time `cron` fires. The only definition of its bounds.
 */
export const surgeSchema = z
  .strictObject({
    name: z.string().min(1).max(60).optional(),
    from: z.string().optional(),
    to: z.string().optional(),
    cron: z.string().optional(),
    durationMinutes: z.number().int().min(1).max(1440).optional(),
    everySeconds: z
      .number()
      .int()
      .min(
        10,
        said('at least 10 (seconds): more often is impolite to the portal', { code: 'surge_every_floor' }),
      )
      .max(3600)
      .default(20),
  })
  .superRefine((w, ctx) => {
    const range = w.from !== undefined || w.to !== undefined;
    const repeating = w.cron !== undefined || w.durationMinutes !== undefined;
    if (range && repeating) {
      ctx.addIssue({
        code: 'custom',
        path: ['cron'],
        ...sayIssue(
          'a surge is either a range (from, to) or a repeating window (cron, durationMinutes), not both',
          { code: 'surge_both' },
        ),
      });
      return;
    }
    if (!range && !repeating) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        ...sayIssue(
          'give from and to ("2026-07-15 11:55"), or cron and durationMinutes ({ cron: "55 11 * * *", durationMinutes: 30 })',
          { code: 'surge_neither' },
        ),
      });
      return;
    }
    if (range) {
      for (const key of ['from', 'to'] as const) {
        const text = w[key];
        if (text === undefined)
          ctx.addIssue({
            code: 'custom',
            path: [key],
            ...sayIssue(`missing; ${DATE_TIME_HINT}`, { code: 'surge_time_missing' }),
          });
        else if (parseLocalDateTime(text, 'UTC') === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            ...sayIssue(`"${text}" is not a date-time; ${DATE_TIME_HINT}`, { code: 'surge_time_bad', text }),
          });
        }
      }
      if (w.from === undefined || w.to === undefined) return;
      if (hasOffset(w.from) !== hasOffset(w.to)) {
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          ...sayIssue(
            'give an offset on both from and to, or on neither (then both are in the config timezone)',
            {
              code: 'surge_offset',
            },
          ),
        });
        return;
      }
      const from = parseLocalDateTime(w.from, 'UTC');
      const to = parseLocalDateTime(w.to, 'UTC');
      if (from !== undefined && to !== undefined && to <= from) {
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          ...sayIssue(`must be after from (${w.from})`, { code: 'surge_order', from: w.from }),
        });
      } else if (from !== undefined && to !== undefined && to - from > 7 * 86_400_000) {
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          ...sayIssue('a surge range lasts at most 7 days; for a daily burst use cron and durationMinutes', {
            code: 'surge_too_long',
          }),
        });
      }
      return;
    }
    if (w.cron === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['cron'],
        ...sayIssue('missing: when the window opens, e.g. "55 11 * * *"', { code: 'surge_cron_missing' }),
      });
    } else {
      const parsed = checkCronText(w.cron);
      if (typeof parsed === 'string') {
        const words = { code: 'cron_invalid', cron: w.cron.trim(), why: cronProblem(parsed) } as const;
        ctx.addIssue({ code: 'custom', path: ['cron'], ...sayIssue(parsed, words) });
      }
    }
    if (w.durationMinutes === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['durationMinutes'],
        ...sayIssue('missing: how long each window lasts (1–1440 minutes)', {
          code: 'surge_duration_missing',
        }),
      });
    }
  });
