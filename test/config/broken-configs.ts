/**
 * Broken configs a parent can write, one mistake each (at least one per rule of src/config), with the
 * path the loader names and its English sentence as the CLI printed it before issue 29 gave them words.
 */

// biome-ignore lint/suspicious/noExplicitAny: a YAML tree, changed freely per row
export type Tree = Record<string, any>;

export interface BrokenConfig {
  name: string;
  /** Changes a valid config (see `validConfig`); or the whole file text. */
  change: ((config: Tree) => void) | string;
  /** Every problem reported, as path → English. */
  issues: [path: string, english: string][];
}

export function validConfig(): Tree {
  return {
    portal: { flow: 'demo-portal', baseUrl: 'http://127.0.0.1:4173' },
    accounts: [{ id: 'mom' }],
    children: [{ id: 'sister', name: '姐姐', account: 'mom', studentId: 'S001' }],
    targets: [{ child: 'sister', courses: ['ART-101'] }],
  };
}

const surge = (s: Record<string, unknown>) => (c: Tree) => {
  c.schedule = { surges: [s] };
};
const channel = (ch: Record<string, unknown>) => (c: Tree) => {
  c.notify = { channels: [ch] };
};
const approval = (a: Record<string, unknown>) => (c: Tree) => {
  c.approval = { publicUrl: 'http://192.168.1.5:8787', secret: 'a-very-long-approval-secret', ...a };
};
const cron = (text: string) => (c: Tree) => {
  c.schedule = { cron: text };
};

/** Two or more English words in a row, once quoted values, code spans, URLs and file paths are out. */
export function englishSentences(text: string): string[] {
  const rest = text
    .replace(/"[^"]*"|`[^`]*`|'[^']*'/g, ' ')
    .replace(/export \w+=…/g, ' ')
    .replace(/\S+:\/\/\S*/g, ' ')
    .replace(/(?<![\w.])\/[\w./<>-]+/g, ' ');
  return rest.match(/[A-Za-z][\w'-]*(?:,? +[A-Za-z][\w'-]*)+/g) ?? [];
}

export const BROKEN: BrokenConfig[] = [
  {
    name: 'YAML syntax',
    change: 'portal: { flow: demo\n\naccounts: [',
    issues: [
      [
        'line 3',
        'Flow map in block collection must be sufficiently indented and end with a } at line 3, column 1:',
      ],
      [
        'line 3',
        'Flow sequence in block collection must be sufficiently indented and end with a ] at line 3, column 12:',
      ],
    ],
  },
  {
    name: 'not a mapping',
    change: '- a\n- b\n',
    issues: [['', 'expected a YAML mapping (key: value) at the top level']],
  },
  {
    name: 'unknown keys',
    change: (c) => Object.assign(c, { extra: 1 }),
    issues: [['', 'unknown key(s) "extra"']],
  },
  { name: 'required', change: (c) => delete c.children[0].name, issues: [['children.0.name', 'required']] },
  {
    name: 'env unset',
    change: (c) => Object.assign(c, { store: '${JIANLOU_UNSET_STORE}' }),
    issues: [
      [
        'store',
        'environment variable JIANLOU_UNSET_STORE is not set (export JIANLOU_UNSET_STORE=… or put it in the environment of the job)',
      ],
    ],
  },
  {
    name: 'unknown account',
    change: (c) => Object.assign(c.children[0], { account: 'dad' }),
    issues: [['children.0.account', 'unknown account "dad" (known: mom)']],
  },
  {
    name: 'unknown child',
    change: (c) => Object.assign(c.targets[0], { child: 'cousin' }),
    issues: [['targets.0.child', 'unknown child "cousin" (known: sister)']],
  },
  {
    name: 'duplicate id',
    change: (c) => c.accounts.push({ id: 'mom' }),
    issues: [['accounts.1.id', 'duplicate id "mom"']],
  },
  {
    name: 'duplicate default target id',
    change: (c) => c.targets.push({ child: 'sister', courses: ['ART-101'] }),
    issues: [
      [
        'targets.1.id',
        'duplicate id "sister-ART-101" (the default <child>-<first course>): give this target its own id',
      ],
    ],
  },
  {
    name: 'two children without studentId',
    change: (c) => c.children.push({ id: 'brother', name: '弟弟', account: 'mom' }),
    issues: [
      [
        'children.1.studentId',
        'account "mom" has 2 children: give each its studentId (the portal\'s id for the child); only an account with one child may leave it out',
      ],
    ],
  },
  {
    name: 'autoHold without approval',
    change: (c) => Object.assign(c.targets[0], { autoHold: true }),
    issues: [
      [
        'targets.0.autoHold',
        'autoHold needs an `approval` section (listen, publicUrl, secret) so parents can approve or release',
      ],
    ],
  },
  {
    name: 'cron field count',
    change: cron('every minute'),
    issues: [
      [
        'schedule.cron',
        '"every minute" is not a valid cron expression: it has 2 fields; use 5 (minute hour day month weekday), or 6 with a seconds field first',
      ],
    ],
  },
  {
    name: 'cron not a number',
    change: cron('0 9 * * funday'),
    issues: [
      [
        'schedule.cron',
        '"0 9 * * funday" is not a valid cron expression: day of week "funday" is not a number, a name (sun–sat), range (a-b), step (*/n) or list (a,b)',
      ],
    ],
  },
  {
    name: 'cron step',
    change: cron('*/0 * * * *'),
    issues: [
      ['schedule.cron', '"*/0 * * * *" is not a valid cron expression: minute step must be at least 1'],
    ],
  },
  {
    name: 'cron outside',
    change: cron('0 25 * * *'),
    issues: [['schedule.cron', '"0 25 * * *" is not a valid cron expression: hour "25" is outside 0–23']],
  },
  {
    name: 'cron backwards',
    change: cron('0 9-5 * * *'),
    issues: [
      [
        'schedule.cron',
        '"0 9-5 * * *" is not a valid cron expression: hour "9-5" runs backwards; write the smaller value first',
      ],
    ],
  },
  {
    name: 'cron never fires',
    change: cron('0 0 31 2 *'),
    issues: [
      [
        'schedule.cron',
        '"0 0 31 2 *" is not a valid cron expression: it never fires: no such day (day of month and month never meet)',
      ],
    ],
  },
  {
    name: 'cron too often',
    change: cron('*/10 * * * * *'),
    issues: [
      [
        'schedule.cron',
        'polls more often than once a minute, which is impolite to the portal; use a 5-field cron (at most once a minute) or set schedule.force: true for your own test portal',
      ],
    ],
  },
  {
    name: 'learn without room',
    change: (c) => Object.assign(c, { schedule: { cron: '* * * * *', learn: true, maxRequestsPerHour: 30 } }),
    issues: [
      [
        'schedule.maxRequestsPerHour',
        'the cron alone makes 60 checks an hour, which leaves learned windows nothing: raise maxRequestsPerHour above 60 or check less often',
      ],
    ],
  },
  {
    name: 'requests floor',
    change: (c) => Object.assign(c, { schedule: { maxRequestsPerHour: 10 } }),
    issues: [
      [
        'schedule.maxRequestsPerHour',
        'at least 30 (requests an hour): the every-2-minutes default alone makes 30',
      ],
    ],
  },
  {
    name: 'requests ceiling',
    change: (c) => Object.assign(c, { schedule: { maxRequestsPerHour: 1000 } }),
    issues: [
      [
        'schedule.maxRequestsPerHour',
        'at most 720 (one request every 5 seconds): more is impolite to the portal',
      ],
    ],
  },
  {
    name: 'wrong type',
    change: (c) => Object.assign(c, { schedule: { jitterSeconds: 'x' } }),
    issues: [['schedule.jitterSeconds', 'Invalid input: expected number, received string']],
  },
  {
    name: 'number too big',
    change: (c) => Object.assign(c, { schedule: { jitterSeconds: 500 } }),
    issues: [['schedule.jitterSeconds', 'Too big: expected number to be <=300']],
  },
  {
    name: 'number too small',
    change: (c) => Object.assign(c, { history: { retentionDays: 0 } }),
    issues: [['history.retentionDays', 'Too small: expected number to be >=1']],
  },
  {
    name: 'not an integer',
    change: (c) => Object.assign(c, { policy: { maxHoldsPerAccount: 1.5 } }),
    issues: [['policy.maxHoldsPerAccount', 'Invalid input: expected int, received number']],
  },
  {
    name: 'wrong type boolean',
    change: (c) => Object.assign(c.targets[0], { autoHold: 'yes' }),
    issues: [['targets.0.autoHold', 'Invalid input: expected boolean, received string']],
  },
  {
    name: 'timezone',
    change: (c) => Object.assign(c, { timezone: 'Mars/Base' }),
    issues: [['timezone', 'not an IANA time zone (e.g. Asia/Shanghai)']],
  },
  {
    name: 'locale',
    change: (c) => Object.assign(c, { locale: 'fr' }),
    issues: [['locale', 'Invalid option: expected one of "zh"|"en"']],
  },
  {
    name: 'store',
    change: (c) => Object.assign(c, { store: 'mysql://x' }),
    issues: [['store', 'use sqlite://PATH or memory://']],
  },
  {
    name: 'baseUrl',
    change: (c) => Object.assign(c.portal, { baseUrl: 'not a url' }),
    issues: [['portal.baseUrl', 'must be a URL like https://portal.example.cn']],
  },
  {
    name: 'device',
    change: (c) => Object.assign(c.portal, { device: 'tablet' }),
    issues: [['portal.device', 'use desktop, mobile or wechat']],
  },
  {
    name: 'empty string',
    change: (c) => Object.assign(c.portal, { flow: '' }),
    issues: [['portal.flow', 'Too small: expected string to have >=1 characters']],
  },
  {
    name: 'no accounts',
    change: (c) => Object.assign(c, { accounts: [] }),
    issues: [
      ['accounts', 'configure at least one portal account'],
      ['children.0.account', 'unknown account "mom" (known: )'],
    ],
  },
  {
    name: 'no children',
    change: (c) => Object.assign(c, { children: [] }),
    issues: [
      ['children', 'configure at least one child'],
      ['targets.0.child', 'unknown child "sister" (known: )'],
    ],
  },
  {
    name: 'no targets',
    change: (c) => Object.assign(c, { targets: [] }),
    issues: [['targets', 'configure at least one target']],
  },
  {
    name: 'id characters',
    change: (c) => Object.assign(c.children[0], { id: 'sister!' }),
    issues: [
      ['children.0.id', 'use 1–40 letters, digits, "-" or "_"'],
      ['targets.0.child', 'unknown child "sister" (known: sister!)'],
    ],
  },
  {
    name: 'no courses',
    change: (c) => Object.assign(c.targets[0], { courses: [] }),
    issues: [['targets.0.courses', 'list at least one course id']],
  },
  {
    name: 'quiet hours HH:MM',
    change: (c) => Object.assign(c, { policy: { quietHours: { start: '25:00', end: '07:00' } } }),
    issues: [['policy.quietHours.start', 'use HH:MM (24-hour)']],
  },
  {
    name: 'alert kind',
    change: (c) =>
      Object.assign(c, { policy: { quietHours: { start: '22:00', end: '07:00', urgent: ['nope'] } } }),
    issues: [
      [
        'policy.quietHours.urgent.0',
        'Invalid option: expected one of "opening"|"gone"|"hold_made"|"hold_failed"|"hold_reminder"|"hold_result"|"problem"|"recovered"|"login_soon"|"daily_summary"|"test"',
      ],
    ],
  },
  {
    name: 'daily summary',
    change: (c) => Object.assign(c, { policy: { dailySummaryAt: 'noon' } }),
    issues: [['policy.dailySummaryAt', 'use HH:MM (24-hour)']],
  },
  {
    name: 'wecom robot URL',
    change: (c) => Object.assign(c, { notify: { wecom: { webhook: 'nope' } } }),
    issues: [
      [
        'notify.wecom.webhook',
        'must be the robot URL https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…',
      ],
      ['notify.wecom.webhook', 'the webhook URL has no key=… parameter'],
    ],
  },
  {
    name: 'wecom key',
    change: (c) => Object.assign(c, { notify: { wecom: { webhook: 'https://qyapi.weixin.qq.com/x' } } }),
    issues: [['notify.wecom.webhook', 'the webhook URL has no key=… parameter']],
  },
  {
    name: 'mobile',
    change: (c) =>
      Object.assign(c, {
        notify: { wecom: { webhook: 'https://qyapi.weixin.qq.com/x?key=abc', mentionMobiles: ['123'] } },
      }),
    issues: [['notify.wecom.mentionMobiles.0', 'an 11-digit mobile or "@all"']],
  },
  {
    name: 'webhook URL',
    change: (c) => Object.assign(c, { notify: { webhook: { url: 'x' } } }),
    issues: [['notify.webhook.url', 'Invalid URL']],
  },
  {
    name: 'channel type',
    change: channel({ type: 'sms' }),
    issues: [
      [
        'notify.channels.0.type',
        'type must be one of wecom, dingtalk, feishu, pushplus, serverchan, bark, email, webhook',
      ],
    ],
  },
  {
    name: 'channel not a URL',
    change: channel({ type: 'webhook', url: 'x' }),
    issues: [
      ['notify.channels.0.url', 'must be a URL like https://example.com/hook'],
      ['notify.channels.0.url', 'must be an http(s) URL like https://example.com/hook'],
    ],
  },
  {
    name: 'channel not http',
    change: channel({ type: 'webhook', url: 'ftp://example.com/x' }),
    issues: [['notify.channels.0.url', 'must be an http(s) URL like https://example.com/hook']],
  },
  {
    name: 'dingtalk token',
    change: channel({ type: 'dingtalk', webhook: 'https://oapi.dingtalk.com/robot/send' }),
    issues: [
      [
        'notify.channels.0.webhook',
        'the webhook URL has no access_token=… parameter: copy it from the robot settings',
      ],
    ],
  },
  {
    name: 'dingtalk secret',
    change: channel({
      type: 'dingtalk',
      webhook: 'https://oapi.dingtalk.com/robot/send?access_token=t',
      secret: 'SEC',
    }),
    issues: [['notify.channels.0.secret', 'the 加签 secret is the SEC… string of the robot settings']],
  },
  {
    name: 'feishu hook',
    change: channel({ type: 'feishu', webhook: 'https://open.feishu.cn/x' }),
    issues: [
      [
        'notify.channels.0.webhook',
        'the webhook URL must end in /hook/<token>: copy it from the bot settings',
      ],
    ],
  },
  {
    name: 'feishu secret',
    change: channel({
      type: 'feishu',
      webhook: 'https://open.feishu.cn/open-apis/bot/v2/hook/t',
      secret: 's',
    }),
    issues: [['notify.channels.0.secret', 'the 签名校验 secret of the bot settings']],
  },
  {
    name: 'wecom channel key',
    change: channel({ type: 'wecom', webhook: 'https://qyapi.weixin.qq.com/x' }),
    issues: [['notify.channels.0.webhook', 'the webhook URL has no key=… parameter']],
  },
  {
    name: 'pushplus token',
    change: channel({ type: 'pushplus', token: 'bad!' }),
    issues: [['notify.channels.0.token', 'the token of pushplus.plus (letters and digits)']],
  },
  {
    name: 'serverchan sendkey',
    change: channel({ type: 'serverchan', sendkey: 'bad!' }),
    issues: [['notify.channels.0.sendkey', 'the SendKey of sct.ftqq.com (SCT…)']],
  },
  {
    name: 'bark device key',
    change: channel({ type: 'bark', url: 'https://api.day.app/' }),
    issues: [
      [
        'notify.channels.0.url',
        'the URL must end in the device key, as the Bark app shows it: https://api.day.app/DEVICE_KEY',
      ],
    ],
  },
  {
    name: 'email smtp',
    change: channel({
      type: 'email',
      smtp: 'mail.example.com',
      from: 'me@example.com',
      to: ['a@example.com'],
    }),
    issues: [['notify.channels.0.smtp', 'use smtps://user:pass@smtp.example.com:465 (or smtp://…:587)']],
  },
  {
    name: 'email from',
    change: channel({ type: 'email', smtp: 'smtps://smtp.example.com', from: 'me', to: ['a@example.com'] }),
    issues: [['notify.channels.0.from', 'the sender, e.g. "捡漏 <me@example.com>"']],
  },
  {
    name: 'email to',
    change: channel({
      type: 'email',
      smtp: 'smtps://smtp.example.com',
      from: 'me@example.com',
      to: ['nobody'],
    }),
    issues: [['notify.channels.0.to.0', 'an e-mail address']],
  },
  {
    name: 'email no recipient',
    change: channel({ type: 'email', smtp: 'smtps://smtp.example.com', from: 'me@example.com', to: [] }),
    issues: [['notify.channels.0.to', 'list at least one recipient']],
  },
  {
    name: 'channel kinds',
    change: channel({ type: 'webhook', url: 'https://example.com/h', kinds: [] }),
    issues: [['notify.channels.0.kinds', 'list at least one alert kind, or leave kinds out']],
  },
  {
    name: 'channel id characters',
    change: channel({ type: 'webhook', url: 'https://example.com/h', id: 'my hook' }),
    issues: [['notify.channels.0.id', 'use 1–40 letters, digits, "-" or "_"']],
  },
  {
    name: 'channel id twice',
    change: (c) =>
      Object.assign(c, {
        notify: {
          channels: [
            { type: 'webhook', url: 'https://example.com/a' },
            { type: 'webhook', id: 'webhook', url: 'https://example.com/b' },
          ],
        },
      }),
    issues: [['notify.channels.1.id', '"webhook" is used twice: give each channel its own id']],
  },
  {
    name: 'channel id taken',
    change: (c) =>
      Object.assign(c, {
        notify: {
          wecom: { webhook: 'https://qyapi.weixin.qq.com/x?key=abc' },
          channels: [{ type: 'wecom', webhook: 'https://qyapi.weixin.qq.com/y?key=def' }],
        },
      }),
    issues: [['notify.channels.0.id', '"wecom" is the id of notify.wecom: give this channel another id']],
  },
  {
    name: 'surge every',
    change: surge({ from: '2026-07-15 11:55', to: '2026-07-15 12:30', everySeconds: 5 }),
    issues: [
      ['schedule.surges.0.everySeconds', 'at least 10 (seconds): more often is impolite to the portal'],
    ],
  },
  {
    name: 'surge both',
    change: surge({ from: '2026-07-15 11:55', cron: '55 11 * * *' }),
    issues: [
      [
        'schedule.surges.0.cron',
        'a surge is either a range (from, to) or a repeating window (cron, durationMinutes), not both',
      ],
    ],
  },
  {
    name: 'surge neither',
    change: surge({ everySeconds: 20 }),
    issues: [
      [
        'schedule.surges.0',
        'give from and to ("2026-07-15 11:55"), or cron and durationMinutes ({ cron: "55 11 * * *", durationMinutes: 30 })',
      ],
    ],
  },
  {
    name: 'surge from missing',
    change: surge({ to: '2026-07-15 12:30' }),
    issues: [
      [
        'schedule.surges.0.from',
        'missing; use a date-time like "2026-07-15 11:55" (the config timezone) or "2026-07-15T11:55+08:00"',
      ],
    ],
  },
  {
    name: 'surge not a date-time',
    change: surge({ from: 'tomorrow', to: '2026-07-15 12:30' }),
    issues: [
      [
        'schedule.surges.0.from',
        '"tomorrow" is not a date-time; use a date-time like "2026-07-15 11:55" (the config timezone) or "2026-07-15T11:55+08:00"',
      ],
    ],
  },
  {
    name: 'surge offset',
    change: surge({ from: '2026-07-15 11:55+08:00', to: '2026-07-15 12:30' }),
    issues: [
      [
        'schedule.surges.0.to',
        'give an offset on both from and to, or on neither (then both are in the config timezone)',
      ],
    ],
  },
  {
    name: 'surge order',
    change: surge({ from: '2026-07-15 11:55', to: '2026-07-15 11:00' }),
    issues: [['schedule.surges.0.to', 'must be after from (2026-07-15 11:55)']],
  },
  {
    name: 'surge too long',
    change: surge({ from: '2026-07-01 11:55', to: '2026-07-15 11:55' }),
    issues: [
      [
        'schedule.surges.0.to',
        'a surge range lasts at most 7 days; for a daily burst use cron and durationMinutes',
      ],
    ],
  },
  {
    name: 'surge cron missing',
    change: surge({ durationMinutes: 30 }),
    issues: [['schedule.surges.0.cron', 'missing: when the window opens, e.g. "55 11 * * *"']],
  },
  {
    name: 'surge cron',
    change: surge({ cron: '55 11 * *', durationMinutes: 30 }),
    issues: [['schedule.surges.0.cron', '"55 11 * *" has 4 fields; use 5 (minute hour day month weekday)']],
  },
  {
    name: 'surge duration missing',
    change: surge({ cron: '55 11 * * *' }),
    issues: [['schedule.surges.0.durationMinutes', 'missing: how long each window lasts (1–1440 minutes)']],
  },
  {
    name: 'surge name',
    change: surge({ name: '', cron: '55 11 * * *', durationMinutes: 30 }),
    issues: [['schedule.surges.0.name', 'Too small: expected string to have >=1 characters']],
  },
  {
    name: 'listen',
    change: approval({ listen: 'nope' }),
    issues: [
      [
        'approval.listen',
        '"nope" is not HOST:PORT — use e.g. 127.0.0.1:8787 (an IPv6 host in brackets: [::1]:8787)',
      ],
    ],
  },
  {
    name: 'listen port',
    change: approval({ listen: '127.0.0.1:70000' }),
    issues: [['approval.listen', 'port 70000 is out of range — use a port from 0 to 65535']],
  },
  {
    name: 'publicUrl',
    change: approval({ publicUrl: 'x' }),
    issues: [['approval.publicUrl', 'Invalid URL']],
  },
  {
    name: 'secret',
    change: approval({ secret: 'short' }),
    issues: [['approval.secret', 'use at least 16 characters (e.g. `openssl rand -hex 32`)']],
  },
  {
    name: 'trustProxy address',
    change: approval({ trustProxy: ['nope'] }),
    issues: [
      [
        'approval.trustProxy.0',
        'not a proxy address: use an IP ("127.0.0.1"), a subnet ("10.0.0.0/8") or loopback / linklocal / uniquelocal',
      ],
    ],
  },
  {
    name: 'trustProxy hops',
    change: approval({ trustProxy: 1.5 }),
    issues: [['approval.trustProxy', 'Invalid input']],
  },
  {
    name: 'trustProxy list',
    change: approval({ trustProxy: [] }),
    issues: [['approval.trustProxy', 'list at least one proxy address, or use false']],
  },
  {
    name: 'trustProxy kind',
    change: approval({ trustProxy: { a: 1 } }),
    issues: [['approval.trustProxy', 'Invalid input']],
  },
  {
    name: 'password',
    change: (c) => Object.assign(c.accounts[0], { credentials: { username: 'mom', password: '' } }),
    issues: [['accounts.0.credentials.password', 'Too small: expected string to have >=1 characters']],
  },
];
