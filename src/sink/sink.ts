import type { AddressInfo } from 'node:net';
import express from 'express';
import { WECOM_MAX_PER_MINUTE } from '../notify/wecom-types.js';
import { sinkPage } from './sink-page.js';
import { SMTP_PASS, SMTP_USER, type SmtpSink, startSmtpSink } from './sink-smtp.js';
import { DEFAULT_LIMITS, mountStandIns, STANDIN_SECRETS, type StandInLimits } from './sink-standins.js';
import { answer, OK, validateWecomBody, type WecomAnswer } from './sink-validate.js';

/**
 * Local stand-ins for every channel (used by `jianlou demo` and the tests): the WeCom group robot
 * (same URL shape, validation, errcodes and 20-per-minute limit), DingTalk, Feishu, PushPlus,
 * ServerChan and Bark (sink-standins.ts) and an SMTP server (sink-smtp.ts), plus a page showing
 * what arrived on each.
 */

/**
 * How the robot answers: normally (`ok`), with an error code, `lost-answer` (takes the message, then cuts
 * the connection before answering: the sender cannot know it arrived), `late` (takes it, answers after
 * `lateAnswerMs`, when the client may have given up), `cut` (closes the connection, keeps nothing) or
 * `hang` (never answers, keeps nothing). Every stand-in reads the same mode in its provider's terms.
 */
export type SinkMode = 'ok' | '45009' | '93000' | '-1' | 'lost-answer' | 'late' | 'cut' | 'hang';
const MODES: readonly SinkMode[] = ['ok', '45009', '93000', '-1', 'lost-answer', 'late', 'cut', 'hang'];

export interface ReceivedMessage {
  seq: number;
  /** Which stand-in took it: wecom, dingtalk, feishu, pushplus, serverchan, bark, email. */
  channel: string;
  /** ISO instant the sink accepted it. */
  at: string;
  msgtype: string;
  /** Size of the request body in UTF-8 bytes. */
  bytes: number;
  body: Record<string, unknown>;
  /** One line for logs: the title or first line. */
  summary: string;
}

export interface SinkOptions {
  port?: number;
  host?: string;
  /** One line per accepted or refused message (never includes the key). */
  log?: (line: string) => void;
  /** The sink's clock for its rate window; tests share a fake clock with the sender. */
  now?: () => Date;
  maxPerMinute?: number;
  /** The other stand-ins' limits (DingTalk 20/min, Feishu 100/min and 5/s, PushPlus 200/day, ServerChan 5/day). */
  limits?: Partial<StandInLimits>;
  /** Start the SMTP stand-in too (default true). */
  smtp?: boolean;
  /** How long mode `late` waits before answering (default 2 s). */
  lateAnswerMs?: number;
}

/** Where each stand-in listens, as a channel's config takes it (credentials are the stand-ins'). */
export interface StandInUrls {
  dingtalk: string;
  dingtalkSecret: string;
  feishu: string;
  feishuSecret: string;
  pushplus: string;
  pushplusToken: string;
  serverchan: string;
  serverchanKey: string;
  bark: string;
  /** `smtp://user:pass@127.0.0.1:port`; empty when the SMTP stand-in was not started. */
  smtp: string;
}

export interface Sink {
  url: string;
  /** `${url}/cgi-bin/webhook/send?key=demo`. */
  webhookUrl: string;
  /** The other channels' stand-ins. */
  standIns: StandInUrls;
  /** The SMTP stand-in, when started. */
  smtp?: SmtpSink;
  close(): Promise<void>;
  received(): ReceivedMessage[];
  setMode(mode: SinkMode): void;
  mode(): SinkMode;
  /** Forgets received messages and the rate window. */
  clear(): void;
}

const WINDOW_MS = 60_000;

function summarise(body: Record<string, unknown>, msgtype: string): string {
  const inner = (body[msgtype] ?? {}) as Record<string, unknown>;
  const raw =
    msgtype === 'template_card'
      ? String((inner.main_title as Record<string, unknown> | undefined)?.title ?? inner.sub_title_text ?? '')
      : String(inner.content ?? '');
  const first = raw.split('\n')[0] ?? '';
  const plain = first
    .replace(/<[^>]+>/g, '')
    .replace(/^#+\s*/, '')
    .replace(/\*\*/g, '');
  return plain.length > 60 ? `${plain.slice(0, 60)}…` : plain;
}

function forcedAnswer(mode: SinkMode): WecomAnswer | undefined {
  if (mode === '45009') return answer(45009, 'api freq out of limit');
  if (mode === '93000') return answer(93000, 'invalid webhook url');
  if (mode === '-1') return answer(-1, 'system busy');
  return undefined;
}

export async function startSink(options: SinkOptions = {}): Promise<Sink> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => {});
  const clock = options.now ?? (() => new Date());
  const maxPerMinute = options.maxPerMinute ?? WECOM_MAX_PER_MINUTE;
  let mode: SinkMode = 'ok';
  let messages: ReceivedMessage[] = [];
  let windows = new Map<string, number[]>();

  const app = express();
  app.disable('x-powered-by');
  let smtp: SmtpSink | undefined;
  const record = (
    channel: string,
    msgtype: string,
    raw: string,
    body: Record<string, unknown>,
    summary: string,
  ): number => {
    const message: ReceivedMessage = {
      seq: messages.length + 1,
      channel,
      at: clock().toISOString(),
      msgtype,
      bytes: Buffer.byteLength(raw),
      body,
      summary: summary.length > 60 ? `${summary.slice(0, 60)}…` : summary,
    };
    messages.push(message);
    log(`[sink] #${message.seq} ${channel} ${msgtype} ${message.summary} (${message.bytes} B)`);
    return message.seq;
  };
  const standIns = mountStandIns(app, {
    mode: () => mode,
    now: () => clock().getTime(),
    log,
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    lateMs: options.lateAnswerMs ?? 2_000,
    record,
  });

  app.post('/cgi-bin/webhook/send', express.text({ type: () => true, limit: '2mb' }), (req, res) => {
    const key = typeof req.query.key === 'string' ? req.query.key : '';
    const reply = (a: WecomAnswer, what: string) => {
      if (a.errcode !== 0) log(`[sink] refused ${what}: errcode ${a.errcode} ${a.errmsg.split(',')[0]}`);
      res.json(a);
    };
    if (!key) return reply(answer(93000, 'invalid webhook url, key missing'), 'a message');
    if (mode === 'hang') {
      log('[sink] a message left unanswered (mode hang)');
      return;
    }
    if (mode === 'cut') {
      log('[sink] connection cut before the message was taken (mode cut)');
      req.socket.destroy();
      return;
    }
    const forced = forcedAnswer(mode);
    if (forced) return reply(forced, `a message (mode ${mode})`);
    const raw = typeof req.body === 'string' ? req.body : '';
    let body: unknown;
    try {
      body = JSON.parse(raw);
    } catch {
      return reply(answer(40058, 'invalid json request'), 'a message');
    }
    const verdict = validateWecomBody(body);
    const record = body as Record<string, unknown>;
    const msgtype = String(record?.msgtype ?? '?');
    if (verdict.errcode !== 0) return reply(verdict, `a ${msgtype} message`);
    const now = clock().getTime();
    const recent = (windows.get(key) ?? []).filter((t) => t > now - WINDOW_MS);
    if (recent.length >= maxPerMinute) {
      windows.set(key, recent);
      return reply(answer(45009, 'api freq out of limit'), `a ${msgtype} message (over ${maxPerMinute}/min)`);
    }
    windows.set(key, [...recent, now]);
    const message: ReceivedMessage = {
      seq: messages.length + 1,
      channel: 'wecom',
      at: new Date(now).toISOString(),
      msgtype,
      bytes: Buffer.byteLength(raw),
      body: record,
      summary: summarise(record, msgtype),
    };
    messages.push(message);
    log(`[sink] #${message.seq} ${msgtype} ${message.summary} (${message.bytes} B)`);
    if (mode === 'lost-answer') {
      log(`[sink] #${message.seq} taken, answer lost (mode lost-answer)`);
      req.socket.destroy();
      return;
    }
    if (mode === 'late') {
      log(`[sink] #${message.seq} taken, answered late (mode late)`);
      setTimeout(() => res.json(OK), options.lateAnswerMs ?? 2_000).unref();
      return;
    }
    res.json(OK);
  });

  app.get('/__sink/messages', (_req, res) => {
    res.json(messages);
  });
  app.delete('/__sink/messages', (_req, res) => {
    messages = [];
    windows = new Map();
    standIns.clear();
    res.json({ ok: true });
  });
  app.post('/__sink/mode', express.json(), (req, res) => {
    const wanted = (req.body as { mode?: unknown } | undefined)?.mode;
    if (!MODES.includes(wanted as SinkMode)) {
      res.status(400).json({ error: `mode must be one of ${MODES.join(', ')}` });
      return;
    }
    mode = wanted as SinkMode;
    log(`[sink] mode ${mode}`);
    res.json({ mode });
  });
  app.get('/', (_req, res) => {
    res.type('html').send(sinkPage(messages, mode));
  });

  const server = app.listen(options.port ?? 0, host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  if (options.smtp !== false) {
    smtp = await startSmtpSink({
      user: SMTP_USER,
      pass: SMTP_PASS,
      log,
      ...(options.lateAnswerMs !== undefined ? { lateMs: options.lateAnswerMs } : {}),
      onMail: (mail) =>
        record(
          'email',
          'email',
          mail.raw,
          { from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html },
          mail.subject,
        ),
    });
  }
  const S = STANDIN_SECRETS;

  return {
    url,
    webhookUrl: `${url}/cgi-bin/webhook/send?key=demo`,
    standIns: {
      dingtalk: `${url}/robot/send?access_token=${S.dingtalkToken}`,
      dingtalkSecret: S.dingtalkSecret,
      feishu: `${url}/open-apis/bot/v2/hook/${S.feishuToken}`,
      feishuSecret: S.feishuSecret,
      pushplus: `${url}/send`,
      pushplusToken: S.pushplusToken,
      serverchan: url,
      serverchanKey: S.serverchanKey,
      bark: `${url}/${S.barkKey}`,
      smtp: smtp?.url ?? '',
    },
    ...(smtp ? { smtp } : {}),
    received: () => [...messages],
    setMode: (m) => {
      mode = m;
    },
    mode: () => mode,
    clear: () => {
      messages = [];
      windows = new Map();
      standIns.clear();
      smtp?.clear();
    },
    close: async () => {
      await smtp?.close();
      await new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      });
    },
  };
}
