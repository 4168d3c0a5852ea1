import { z } from 'zod';
import { checkCronText, hasOffset, parseLocalDateTime } from '../core/cron-fields.js';

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
      .min(10, 'at least 10 (seconds): more often is impolite to the portal')
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
        message:
          'a surge is either a range (from, to) or a repeating window (cron, durationMinutes), not both',
      });
      return;
    }
    if (!range && !repeating) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message:
          'give from and to ("2026-07-15 11:55"), or cron and durationMinutes ({ cron: "55 11 * * *", durationMinutes: 30 })',
      });
      return;
    }
    if (range) {
      for (const key of ['from', 'to'] as const) {
        const text = w[key];
        if (text === undefined)
          ctx.addIssue({ code: 'custom', path: [key], message: `missing; ${DATE_TIME_HINT}` });
        else if (parseLocalDateTime(text, 'UTC') === undefined) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: `"${text}" is not a date-time; ${DATE_TIME_HINT}`,
          });
        }
      }
      if (w.from === undefined || w.to === undefined) return;
      if (hasOffset(w.from) !== hasOffset(w.to)) {
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          message: 'give an offset on both from and to, or on neither (then both are in the config timezone)',
        });
        return;
      }
      const from = parseLocalDateTime(w.from, 'UTC');
      const to = parseLocalDateTime(w.to, 'UTC');
      if (from !== undefined && to !== undefined && to <= from) {
        ctx.addIssue({ code: 'custom', path: ['to'], message: `must be after from (${w.from})` });
      } else if (from !== undefined && to !== undefined && to - from > 7 * 86_400_000) {
        ctx.addIssue({
          code: 'custom',
          path: ['to'],
          message: 'a surge range lasts at most 7 days; for a daily burst use cron and durationMinutes',
        });
      }
      return;
    }
    if (w.cron === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['cron'],
        message: 'missing: when the window opens, e.g. "55 11 * * *"',
      });
    } else {
      const parsed = checkCronText(w.cron);
      if (typeof parsed === 'string') ctx.addIssue({ code: 'custom', path: ['cron'], message: parsed });
    }
    if (w.durationMinutes === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['durationMinutes'],
        message: 'missing: how long each window lasts (1–1440 minutes)',
      });
    }
  });
