import { createServer, type Socket } from 'node:net';

/**
 * A small strict SMTP stand-in on 127.0.0.1 (RFC 5321 subset, no TLS): EHLO with AUTH PLAIN/LOGIN,
 * a login that must match, MAIL FROM, RCPT TO (a domain ending in `.invalid` is refused with 550),
 * DATA up to the lone dot. What it takes is decoded (subject, text and HTML parts) for tests and the
 * sink page. Modes: 'ok', '421' (closing: try later), '451' (MAIL FROM greylisted: try later), 'auth'
 * (every login refused), 'hang' (no greeting), and at the end of DATA: 'lost-answer' (the mail is
 * taken, the connection closed before the 250), 'late' (taken, the 250 comes after `lateMs`), 'cut'
 * (the connection closed, nothing taken).
 */

export type SmtpMode = 'ok' | '421' | '451' | 'auth' | 'hang' | 'lost-answer' | 'late' | 'cut';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
  raw: string;
}

export interface SmtpSink {
  port: number;
  /** `smtp://user:pass@127.0.0.1:port` with the accepted login. */
  url: string;
  received(): ReceivedMail[];
  setMode(mode: SmtpMode): void;
  clear(): void;
  close(): Promise<void>;
}

export interface SmtpSinkOptions {
  user?: string;
  pass?: string;
  log?: (line: string) => void;
  onMail?: (mail: ReceivedMail) => void;
  /** How long mode 'late' waits before its 250 (default 2 s). */
  lateMs?: number;
}

export const SMTP_USER = 'parent@example.com';
export const SMTP_PASS = 'demo-smtp-pass';

export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const user = options.user ?? SMTP_USER;
  const pass = options.pass ?? SMTP_PASS;
  const log = options.log ?? (() => {});
  let mode: SmtpMode = 'ok';
  let mails: ReceivedMail[] = [];
  const sockets = new Set<Socket>();

  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.setEncoding('utf8');
    if (mode === 'hang') return;
    const say = (line: string) => socket.write(`${line}\r\n`);
    if (mode === '421') {
      say('421 4.3.2 stand-in busy, try again later');
      socket.end();
      return;
    }
    let buffer = '';
    let authed = false;
    let loginStep: 'user' | 'pass' | undefined;
    let loginUser = '';
    let from = '';
    let to: string[] = [];
    let data: string | undefined;
    say('220 jianlou SMTP stand-in ready');
    const check = (u: string, p: string) => {
      if (mode !== 'auth' && u === user && p === pass) {
        authed = true;
        say('235 2.7.0 Authentication successful');
      } else say('535 5.7.8 Authentication credentials invalid');
    };
    const handle = (line: string) => {
      if (data !== undefined) {
        if (line !== '.') {
          data += `${line.startsWith('..') ? line.slice(1) : line}\r\n`;
          return;
        }
        if (mode === 'cut') {
          log('[smtp] connection cut before the mail was taken (mode cut)');
          socket.destroy();
          return;
        }
        const mail = { from, to, ...decode(data), raw: data };
        data = undefined;
        mails.push(mail);
        options.onMail?.(mail);
        log(`[smtp] mail to ${to.length} recipient(s): ${mail.subject}`);
        if (mode === 'lost-answer') {
          log('[smtp] mail taken, answer lost (mode lost-answer)');
          socket.destroy();
        } else if (mode === 'late') {
          setTimeout(() => say('250 2.0.0 OK queued'), options.lateMs ?? 2_000).unref();
        } else say('250 2.0.0 OK queued');
        return;
      }
      if (loginStep === 'user') {
        loginUser = Buffer.from(line, 'base64').toString();
        loginStep = 'pass';
        say('334 UGFzc3dvcmQ6');
        return;
      }
      if (loginStep === 'pass') {
        loginStep = undefined;
        check(loginUser, Buffer.from(line, 'base64').toString());
        return;
      }
      const [verb = '', ...rest] = line.split(' ');
      const arg = rest.join(' ');
      switch (verb.toUpperCase()) {
        case 'EHLO':
          say('250-jianlou stand-in');
          say('250-AUTH PLAIN LOGIN');
          say('250 8BITMIME');
          return;
        case 'HELO':
          return say('250 jianlou stand-in');
        case 'AUTH': {
          const [method = '', initial] = arg.split(' ');
          if (method.toUpperCase() === 'PLAIN' && initial) {
            const [, u = '', p = ''] = Buffer.from(initial, 'base64').toString().split('\u0000');
            return check(u, p);
          }
          if (method.toUpperCase() === 'LOGIN') {
            loginStep = 'user';
            return say('334 VXNlcm5hbWU6');
          }
          return say('504 5.5.4 unrecognised authentication type');
        }
        case 'MAIL':
          if (!authed) return say('530 5.7.0 Authentication required');
          if (mode === '451') return say('451 4.7.1 greylisted, try again later');
          from = /<([^>]*)>/.exec(arg)?.[1] ?? '';
          to = [];
          return say('250 2.1.0 OK');
        case 'RCPT': {
          const rcpt = /<([^>]*)>/.exec(arg)?.[1] ?? '';
          if (rcpt.endsWith('.invalid')) return say(`550 5.1.1 <${rcpt}>: recipient unknown`);
          to.push(rcpt);
          return say('250 2.1.5 OK');
        }
        case 'DATA':
          if (to.length === 0) return say('503 5.5.1 no valid recipients');
          data = '';
          return say('354 end data with <CR><LF>.<CR><LF>');
        case 'RSET':
          from = '';
          to = [];
          return say('250 2.0.0 OK');
        case 'NOOP':
          return say('250 2.0.0 OK');
        case 'QUIT':
          say('221 2.0.0 bye');
          socket.end();
          return;
        default:
          return say('502 5.5.2 command not recognised');
      }
    };
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      for (let at = buffer.indexOf('\r\n'); at >= 0; at = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 2);
        handle(line);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: `smtp://${encodeURIComponent(user)}:${encodeURIComponent(pass)}@127.0.0.1:${port}`,
    received: () => [...mails],
    setMode: (m) => {
      mode = m;
    },
    clear: () => {
      mails = [];
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

// ---- a minimal MIME reader: enough for what nodemailer writes ------------------------------

function headerOf(head: string, name: string): string {
  const unfolded = head.replace(/\r\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded)?.[1]?.trim() ?? '';
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=). */
function decodeWords(text: string): string {
  return text
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_, enc: string, data: string) =>
      enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : qp(data.replace(/_/g, ' ')),
    );
}

function qp(text: string): string {
  const bytes: number[] = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const hex = soft.slice(i + 1, i + 3);
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(soft[i] ?? ''));
  }
  return Buffer.from(bytes).toString('utf8');
}

function body(part: string): { type: string; content: string } {
  const split = part.indexOf('\r\n\r\n');
  const head = split >= 0 ? part.slice(0, split) : part;
  const raw = split >= 0 ? part.slice(split + 4) : '';
  const encoding = headerOf(head, 'Content-Transfer-Encoding').toLowerCase();
  const content =
    encoding === 'base64'
      ? Buffer.from(raw.replace(/\s+/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? qp(raw)
        : raw;
  return { type: headerOf(head, 'Content-Type').toLowerCase(), content };
}

function decode(data: string): { subject: string; text: string; html: string } {
  const split = data.indexOf('\r\n\r\n');
  const head = data.slice(0, split);
  const subject = decodeWords(headerOf(head, 'Subject'));
  const type = headerOf(head, 'Content-Type');
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  const parts = boundary
    ? data
        .split(`--${boundary}`)
        .slice(1, -1)
        .map((p) => body(p.replace(/^\r\n/, '')))
    : [body(data)];
  const text = parts.find((p) => p.type.startsWith('text/plain'))?.content ?? '';
  const html = parts.find((p) => p.type.startsWith('text/html'))?.content ?? '';
  return { subject, text: text.trim(), html: html.trim() };
}
