import { z } from 'zod';
import { parseCron } from '../core/cron-fields.js';
import { ALERT_KINDS, type AlertKind } from '../core/types.js';
import { parseListen } from './listen.js';
import { channelIds, channelSchema } from './notify-channels.js';
import { HHMM, ID_CHARS, MOBILE, said, sayIssue, WEBHOOK_NO_KEY } from './said.js';
import { surgeSchema } from './schema-surge.js';
import { STORE_URI } from './store.js';
import { trustProxySchema } from './trust-proxy.js';

export { surgeSchema };

const id = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, ID_CHARS);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, HHMM);

export const DEFAULT_CRON = '*/2 7-22 * * *';

/** The section of the config a channel id names already. */
const section = (id: string) => (id === 'wecom' ? 'wecom' : 'webhook');

/** Alert kinds sent even in quiet hours unless the policy says otherwise: a seat or a hold waits for no one. */
export const DEFAULT_URGENT: AlertKind[] = [
  'opening',
  'hold_made',
  'hold_failed',
  'hold_reminder',
  'hold_result',
];

/** The `policy` section: the only definition of its bounds and defaults (decide() gets it as parsed). */
export const policySchema = z
  .strictObject({
    /**
     * Flap suppression: an opening that closes and reopens within this time is announced once, and a
     * 'gone' alert waits until the course has stayed closed this long.
     */
    cooldownMinutes: z.number().min(0).max(1440).default(30),
    /** A problem still unresolved after this long is announced again. */
    problemReminderMinutes: z.number().min(10).max(10080).default(180),
    /** Active holds (held or being made) one portal account may have at once. */
    maxHoldsPerAccount: z.number().int().min(0).max(20).default(2),
    quietHours: z
      .strictObject({
        start: hhmm,
        end: hhmm,
        /** Alert kinds still sent in quiet hours (default: openings and everything about holds). */
        urgent: z.array(z.enum(ALERT_KINDS)).optional(),
      })
      .optional(),
    /** Remind the group this many minutes before an unapproved hold runs out. */
    holdReminderMinutes: z.number().int().min(1).max(120).default(5),
    /** Daily "still watching" summary at this local time; "off" to disable. */
    dailySummaryAt: z.union([hhmm, z.literal('off')]).default('20:00'),
  })
  .prefault({});
export type PolicySettings = z.output<typeof policySchema>;

export const accountSchema = z.strictObject({
  id,
  /** Path of the saved Playwright storage state (relative to the config file; default storage-state/<id>.json). */
  storageState: z.string().min(1).optional(),
  /** Only for flows with a scripted login (the demo portal's test captcha). */
  credentials: z
    .strictObject({
      username: z.string().min(1),
      password: z.string().min(1),
      captcha: z.string().optional(),
    })
    .optional(),
});

export const childSchema = z.strictObject({
  id,
  name: z.string().min(1),
  account: z.string().min(1),
  /** The portal's id for the child; may be left out when the account is the student (its only child). */
  studentId: z.string().min(1).optional(),
});

export const targetSchema = z.strictObject({
  /** Defaults to "<child>-<first course>". */
  id: id.optional(),
  child: z.string().min(1),
  /** Courses in order of preference; any one of them will do. */
  courses: z.array(z.string().min(1)).min(1, said('list at least one course id', { code: 'no_courses' })),
  autoHold: z.boolean().default(false),
});

export const configSchema = z.strictObject({
  timezone: z
    .string()
    .default('Asia/Shanghai')
    .refine(
      (tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      },
      said('not an IANA time zone (e.g. Asia/Shanghai)', { code: 'timezone' }),
    ),
  /** Language of what parents see: alerts, approval pages and `jianlou login`. */
  locale: z.enum(['zh', 'en']).default('zh'),
  store: z
    .string()
    .default('sqlite://./data/jianlou.sqlite')
    .refine((s) => STORE_URI.test(s), said('use sqlite://PATH or memory://', { code: 'store_uri' })),
  portal: z.strictObject({
    /** A built-in flow name (demo-portal) or a path to a flow file (./flows/my-city.ts). */
    flow: z.string().min(1),
    baseUrl: z
      .url({ message: said('must be a URL like https://portal.example.cn', { code: 'base_url' }) })
      .transform((u) => u.replace(/\/+$/, '')),
    /** The flow's own settings (an API on another origin, …), validated by the flow's optionsSchema. */
    options: z.record(z.string(), z.unknown()).optional(),
    /**
     * What jianlou introduces itself as, to the request client and the browser alike: `desktop`
     * (default), `mobile` (an Android phone), or `wechat` (WeChat's built-in browser, whose user
     * agent carries `MicroMessenger`) for portals made for phones or for WeChat.
     */
    device: z
      .enum(['desktop', 'mobile', 'wechat'], {
        message: said('use desktop, mobile or wechat', { code: 'device' }),
      })
      .default('desktop'),
  }),
  accounts: z
    .array(accountSchema)
    .min(1, said('configure at least one portal account', { code: 'no_accounts' })),
  children: z.array(childSchema).min(1, said('configure at least one child', { code: 'no_children' })),
  targets: z.array(targetSchema).min(1, said('configure at least one target', { code: 'no_targets' })),
  schedule: z
    .strictObject({
      cron: z.string().default(DEFAULT_CRON),
      jitterSeconds: z.number().int().min(0).max(300).default(20),
      /** Allow polling more often than once a minute (impolite; for your own test portals only). */
      force: z.boolean().default(false),
      /** A check cycle that runs longer than this is aborted. */
      cycleTimeoutSeconds: z.number().int().min(10).max(900).default(120),
      /** Windows of faster checks (`watch` only; a cron-run `check` follows its own crontab). */
      surges: z.array(surgeSchema).max(20).default([]),
      /**
       * Learned surge windows (issue 32): `watch` reads the seat history for when seats come back and
       * adds windows there itself (beside `surges`, never instead), within `maxRequestsPerHour`.
       */
      learn: z.boolean().default(false),
      /** The request budget of one account an hour that learned windows stay within (the cron's own count too). */
      maxRequestsPerHour: z
        .number()
        .int()
        .min(
          30,
          said('at least 30 (requests an hour): the every-2-minutes default alone makes 30', {
            code: 'requests_floor',
          }),
        )
        .max(
          720,
          said('at most 720 (one request every 5 seconds): more is impolite to the portal', {
            code: 'requests_ceiling',
          }),
        )
        .default(120),
    })
    .superRefine((schedule, ctx) => {
      if (!schedule.learn) return;
      const fields = parseCron(schedule.cron, { seconds: true });
      if (typeof fields === 'string') return; // schedule.cron's own check says what is wrong
      const busiest = fields.minute.size * fields.second.size;
      if (busiest >= schedule.maxRequestsPerHour) {
        ctx.addIssue({
          code: 'custom',
          path: ['maxRequestsPerHour'],
          ...sayIssue(
            `the cron alone makes ${busiest} checks an hour, which leaves learned windows nothing: raise maxRequestsPerHour above ${busiest} or check less often`,
            { code: 'learn_no_room', perHour: busiest },
          ),
        });
      }
    })
    .prefault({}),
  policy: policySchema,
  notify: z
    .strictObject({
      wecom: z
        .strictObject({
          webhook: z
            .url({
              message: said('must be the robot URL https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…', {
                code: 'wecom_url',
              }),
            })
            .refine((u) => /[?&]key=[^&]+/.test(u), WEBHOOK_NO_KEY),
          mentionMobiles: z.array(z.string().regex(/^(\d{11}|@all)$/, MOBILE)).default([]),
          mentionUserIds: z.array(z.string().min(1)).default([]),
        })
        .optional(),
      /** A second channel: a generic JSON webhook. */
      webhook: z.strictObject({ url: z.url() }).optional(),
      /** Any number of channels (config/notify-channels.ts); wecom and webhook above keep working. */
      channels: z.array(channelSchema).max(20).default([]),
    })
    .superRefine((n, ctx) => {
      const ids = channelIds(n.channels);
      ids.forEach((id, i) => {
        if (ids.indexOf(id) !== i)
          ctx.addIssue({
            code: 'custom',
            path: ['channels', i, 'id'],
            ...sayIssue(`"${id}" is used twice: give each channel its own id`, {
              code: 'channel_id_twice',
              id,
            }),
          });
        if ((id === 'wecom' && n.wecom) || (id === 'json-webhook' && n.webhook))
          ctx.addIssue({
            code: 'custom',
            path: ['channels', i, 'id'],
            ...sayIssue(`"${id}" is the id of notify.${section(id)}: give this channel another id`, {
              code: 'channel_id_taken',
              id,
              section: section(id),
            }),
          });
      });
    })
    .prefault({}),
  history: z
    .strictObject({
      /** Seat changes and check counts older than this are dropped (once a day, by `watch` or `check`). */
      retentionDays: z.number().int().min(1).max(3650).default(180),
    })
    .prefault({}),
  approval: z
    .strictObject({
      listen: z
        .string()
        .default('127.0.0.1:8787')
        .transform((s, ctx) => {
          const parsed = parseListen(s);
          if ('host' in parsed) return parsed;
          ctx.addIssue({ code: 'custom', ...sayIssue(parsed.problem, parsed.words) });
          return z.NEVER;
        }),
      publicUrl: z.url().transform((u) => u.replace(/\/+$/, '')),
      secret: z
        .string()
        .min(16, said('use at least 16 characters (e.g. `openssl rand -hex 32`)', { code: 'secret_short' })),
      /** Behind a reverse proxy: hop count or proxy addresses, as express's `trust proxy` takes. */
      trustProxy: trustProxySchema.default(false),
    })
    .optional(),
});

export type Config = z.infer<typeof configSchema>;
export type AccountConfig = z.infer<typeof accountSchema>;
export type ChildConfig = z.infer<typeof childSchema>;
export type TargetConfig = z.infer<typeof targetSchema> & { id: string };
