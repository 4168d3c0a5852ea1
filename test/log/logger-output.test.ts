import { Writable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, type LogOutput, PROCESS_OUTPUTS } from '../../src/log/logger.js';

/** A stand-in terminal (stdout or stderr) that keeps every chunk written to it. */
function terminal(isTTY: boolean): LogOutput & { chunks: string[]; opened: number } {
  const chunks: string[] = [];
  const out = {
    isTTY,
    chunks,
    opened: 0,
    open() {
      out.opened += 1;
      return new Writable({
        write(chunk, _enc, done) {
          chunks.push(String(chunk));
          done();
        },
      });
    },
  };
  return out;
}

/** What a person reads: the text without the terminal colour codes. */
function plain(chunks: readonly string[]): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour codes
  return chunks.join('').replace(/\u001b\[\d+m/g, '');
}

const WEBHOOK = 'https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa';
const TIME = '\\[\\d\\d:\\d\\d:\\d\\d\\]';

let savedLevel: string | undefined;
beforeEach(() => {
  savedLevel = process.env.JIANLOU_LOG_LEVEL;
  delete process.env.JIANLOU_LOG_LEVEL;
});
afterEach(() => {
  if (savedLevel === undefined) delete process.env.JIANLOU_LOG_LEVEL;
  else process.env.JIANLOU_LOG_LEVEL = savedLevel;
});

describe('pretty output (what an operator sees in a terminal)', () => {
  it('writes one coloured line per record: local time, level, message; fields indented below', () => {
    const stdout = terminal(true);
    const stderr = terminal(true);
    const log = createLogger({ outputs: { stdout, stderr } });
    log.info({ child: 'c1', course: 'swim' }, 'seat freed');
    log.warn('portal slow');
    log.error('hold failed');
    expect(stderr.chunks).toEqual([]);
    expect(stdout.chunks).toHaveLength(3);
    // Colours: green INFO, yellow WARN, red ERROR.
    expect(stdout.chunks[0]).toContain('\u001b[32mINFO\u001b[39m');
    expect(stdout.chunks[1]).toContain('\u001b[33mWARN\u001b[39m');
    expect(stdout.chunks[2]).toContain('\u001b[31mERROR\u001b[39m');
    const text = plain(stdout.chunks);
    expect(text).toMatch(new RegExp(`^${TIME} INFO: seat freed\\n {4}child: "c1"\\n {4}course: "swim"\\n`));
    expect(text).toMatch(new RegExp(`\\n${TIME} WARN: portal slow\\n${TIME} ERROR: hold failed\\n$`));
    // No JSON, no pid or host name in front of a person.
    expect(text).not.toContain('{"');
    expect(text).not.toMatch(/pid|hostname/);
  });

  it('shows the time of day of the clock, not a millisecond count', () => {
    const stdout = terminal(true);
    const log = createLogger({ outputs: { stdout, stderr: terminal(false) } });
    const before = new Date();
    log.info('tick');
    const shown = plain(stdout.chunks).slice(1, 9);
    const pad = (n: number) => String(n).padStart(2, '0');
    const at = (d: Date) => `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
    expect([at(before), at(new Date())]).toContain(shown);
  });

  it('never lets a secret reach the terminal: message, fields, a string err, an Error and its stack', () => {
    const stdout = terminal(true);
    const log = createLogger({
      outputs: { stdout, stderr: terminal(true) },
      secrets: [WEBHOOK, 'pw-0000-secret'],
    });
    log.info({ webhook: WEBHOOK, account: { password: 'pw-0000-secret' } }, `posting to ${WEBHOOK}`);
    log.info({ note: 'login with pw-0000-secret', url: 'https://x/a?token=tok-value-1' }, 'retry');
    log.warn({ err: `fallback after ${WEBHOOK}` }, 'api unusable');
    log.error({ err: new Error(`POST ${WEBHOOK} failed (pw-0000-secret)`) }, 'send failed');
    const text = plain(stdout.chunks);
    expect(stdout.chunks).toHaveLength(4);
    expect(text).not.toContain('693a91f6');
    expect(text).not.toContain('pw-0000-secret');
    expect(text).not.toContain('tok-value-1');
    expect(text).toContain('posting to [redacted]');
    expect(text).toContain('webhook: "[redacted]"');
    expect(text).toContain('"password": "[redacted]"');
    expect(text).toContain('note: "login with [redacted]"');
    expect(text).toContain('err: "fallback after [redacted]"');
    expect(text).toContain('"message": "POST [redacted] failed ([redacted])"');
    expect(text).toMatch(/Error: POST \[redacted\] failed \(\[redacted\]\)\n\s+at /);
  });

  it('is chosen by pretty: true on a pipe, and into a given destination', () => {
    const stdout = terminal(false);
    createLogger({ outputs: { stdout, stderr: terminal(false) }, pretty: true }).info('forced');
    expect(plain(stdout.chunks)).toMatch(new RegExp(`^${TIME} INFO: forced\\n$`));
    const into = terminal(false);
    createLogger({ destination: into.open(), pretty: true }).info('here');
    expect(plain(into.chunks)).toMatch(new RegExp(`^${TIME} INFO: here\\n$`));
  });
});

describe('where the lines go, and in which form', () => {
  it('writes JSON lines (no pid, no host) to stdout when it is not a terminal', () => {
    const stdout = terminal(false);
    const stderr = terminal(true);
    createLogger({ outputs: { stdout, stderr } }).info({ n: 1 }, 'json');
    expect(stderr.chunks).toEqual([]);
    expect(stderr.opened).toBe(0);
    expect(stdout.chunks).toHaveLength(1);
    const line = JSON.parse(stdout.chunks[0] ?? '') as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, msg: 'json', n: 1 });
    expect(Object.keys(line).sort()).toEqual(['level', 'msg', 'n', 'time']);
  });

  it('writes to stderr with stderr: true, pretty when stderr is a terminal, whatever stdout is', () => {
    const stdout = terminal(false);
    const stderr = terminal(true);
    createLogger({ outputs: { stdout, stderr }, stderr: true }).info('to stderr');
    expect(stdout.chunks).toEqual([]);
    expect(stdout.opened).toBe(0);
    expect(plain(stderr.chunks)).toMatch(new RegExp(`^${TIME} INFO: to stderr\\n$`));
  });

  it('writes JSON to stderr when stderr is piped, even if stdout is a terminal', () => {
    const stdout = terminal(true);
    const stderr = terminal(false);
    createLogger({ outputs: { stdout, stderr }, stderr: true }).warn('piped');
    expect(stdout.chunks).toEqual([]);
    expect(JSON.parse(stderr.chunks.join(''))).toMatchObject({ level: 40, msg: 'piped' });
  });

  it('stays JSON with pretty: false on a terminal, and with a destination unless pretty is asked', () => {
    const stdout = terminal(true);
    createLogger({ outputs: { stdout, stderr: terminal(true) }, pretty: false }).info('plain');
    expect(JSON.parse(stdout.chunks.join(''))).toMatchObject({ msg: 'plain' });
    const tty = terminal(true);
    const into = terminal(false);
    createLogger({ outputs: { stdout: tty, stderr: tty }, destination: into.open() }).info('file');
    expect(tty.opened).toBe(0);
    expect(JSON.parse(into.chunks.join(''))).toMatchObject({ msg: 'file' });
  });

  it('logs info and above by default, the level asked for, or JIANLOU_LOG_LEVEL', () => {
    const byDefault = terminal(false);
    const log = createLogger({ outputs: { stdout: byDefault, stderr: byDefault } });
    log.debug('hidden');
    log.info('shown');
    expect(byDefault.chunks.map((c) => (JSON.parse(c) as { msg: string }).msg)).toEqual(['shown']);

    const asked = terminal(false);
    const warnOnly = createLogger({ outputs: { stdout: asked, stderr: asked }, level: 'warn' });
    warnOnly.info('hidden');
    warnOnly.warn('shown');
    expect(asked.chunks.map((c) => (JSON.parse(c) as { msg: string }).msg)).toEqual(['shown']);

    process.env.JIANLOU_LOG_LEVEL = 'debug';
    const env = terminal(false);
    createLogger({ outputs: { stdout: env, stderr: env } }).debug('from env');
    expect(env.chunks).toHaveLength(1);
    const wins = terminal(false);
    createLogger({ outputs: { stdout: wins, stderr: wins }, level: 'error' }).warn('option wins');
    expect(wins.chunks).toEqual([]);
  });
});

describe('the process outputs', () => {
  it('are file descriptors 1 and 2, stderr written synchronously', () => {
    const out = PROCESS_OUTPUTS.stdout.open() as unknown as { fd: number; sync: boolean };
    const err = PROCESS_OUTPUTS.stderr.open() as unknown as { fd: number; sync: boolean };
    expect([out.fd, out.sync]).toEqual([1, false]);
    expect([err.fd, err.sync]).toEqual([2, true]);
  });

  it('report whether stdout and stderr are terminals, each its own', () => {
    const saved = [process.stdout.isTTY, process.stderr.isTTY];
    try {
      process.stdout.isTTY = true;
      process.stderr.isTTY = false;
      expect([PROCESS_OUTPUTS.stdout.isTTY, PROCESS_OUTPUTS.stderr.isTTY]).toEqual([true, false]);
      process.stdout.isTTY = false;
      process.stderr.isTTY = true;
      expect([PROCESS_OUTPUTS.stdout.isTTY, PROCESS_OUTPUTS.stderr.isTTY]).toEqual([false, true]);
    } finally {
      [process.stdout.isTTY, process.stderr.isTTY] = saved as [boolean, boolean];
    }
  });
});

describe('no secrets given', () => {
  it('keeps a message as it is', () => {
    const stdout = terminal(false);
    createLogger({ outputs: { stdout, stderr: stdout } }).info('Stryker was here');
    expect(JSON.parse(stdout.chunks.join(''))).toMatchObject({ msg: 'Stryker was here' });
  });
});
