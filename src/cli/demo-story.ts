import type { CycleResult } from '../app/cycle/cycle.js';
import type { DemoMessages, HoldingWay } from '../i18n/demo-messages.js';
import type { ReceivedMessage } from '../sink/sink.js';

/** The terminal story of `jianlou demo`: what a person watching should understand at a glance. */
export interface Story {
  say(line: string): void;
  cycle(result: CycleResult, n: number): void;
  message(m: ReceivedMessage): void;
  /** A line of the demo portal's own log, in the story's words where it has them. */
  portal(line: string): void;
  /** Where jianlou's log goes (JSON lines): shown dimmed, its time in the config's timezone. */
  log: { write(line: string): void };
  /** A one-line "still waiting" ticker that rewrites itself on a terminal. */
  waiting(text: string): void;
  /** HH:MM:SS in the config's timezone. */
  clock(at: Date | number | string): string;
  /** A child's name, from its id or its student id. */
  child(id: string): string;
}

const tty = process.stdout.isTTY === true;
const c = (code: string, s: string) => (tty ? `\x1b[${code}m${s}\x1b[0m` : s);
export const bold = (s: string) => c('1', s);
export const green = (s: string) => c('32', s);
export const yellow = (s: string) => c('33', s);
export const cyan = (s: string) => c('36', s);
export const dim = (s: string) => c('2', s);

interface CardBody {
  main_title?: { title?: string; desc?: string };
  sub_title_text?: string;
  horizontal_content_list?: { keyname: string; value?: string }[];
  jump_list?: { title: string; url?: string }[];
}

/** A WeCom message as the parents' group would show it, as plain lines (a card's frame in `t`'s words). */
export function messageLines(m: ReceivedMessage, t: Pick<DemoMessages, 'card'>): string[] {
  const body = m.body[m.msgtype] as Record<string, unknown> | undefined;
  if (!body) return [m.summary];
  if (m.msgtype === 'template_card') {
    const card = body as CardBody;
    const lines = [
      bold(t.card.title(card.main_title?.title ?? '')) +
        (card.main_title?.desc ? ` ${card.main_title.desc}` : ''),
    ];
    if (card.sub_title_text) lines.push(card.sub_title_text);
    for (const row of card.horizontal_content_list ?? [])
      lines.push(t.card.row(row.keyname, row.value ?? ''));
    for (const j of card.jump_list ?? []) lines.push(`${cyan(`[${j.title}]`)} ${j.url ?? ''}`);
    return lines;
  }
  const content = String((body as { content?: string }).content ?? '');
  return content
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.replace(/<font[^>]*>|<\/font>/g, '').replace(/\*\*/g, ''));
}

export interface StoryOptions {
  out?: (s: string) => void;
  /** The words, in the config's locale. */
  t: DemoMessages;
  /** The config's timezone: every time a person reads is in it. */
  timeZone: string;
  /** Children by id and by student id, to name them (姐姐, not sister or S001). */
  children: readonly { id: string; name: string; studentId: string }[];
  /** How the portal holds a seat (the demo's style): said when a hold starts. Default: a cart. */
  holding?: HoldingWay;
}

/** HH:MM:SS in the timezone. */
export const clockIn =
  (timeZone: string) =>
  (at: Date | number | string): string =>
    new Date(at).toLocaleTimeString('en-GB', { hour12: false, timeZone });

const LEVELS: Record<number, string> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};
/** The demo portal's own line for a seat it freed (src/portal/release.ts). */
const RELEASED = /^portal: released a seat on (\S+) (.*), seats left (\d+)$/;

export function createStory(o: StoryOptions): Story {
  const out = o.out ?? ((s: string) => void process.stdout.write(s));
  const { t } = o;
  const clock = clockIn(o.timeZone);
  const byId = new Map(o.children.map((c) => [c.id, c.name]));
  const byStudent = new Map(o.children.map((c) => [c.studentId, c.name]));
  /** What was last said of each account's check: a problem is said once, until it changes. */
  const told = new Map<string, string>();
  let lastLog: string | undefined;
  let ticker = false;
  const clearTicker = () => {
    if (ticker && tty) out('\r\x1b[2K');
    ticker = false;
  };
  const say = (line: string) => {
    clearTicker();
    out(`${line}\n`);
  };
  return {
    say,
    clock,
    child: (id) => byId.get(id) ?? byStudent.get(id) ?? id,
    cycle(result, n) {
      const seats = result.observations
        .map((c) => {
          const state = t.seatState(c.state, c.seats);
          return `${c.courseId} ${c.state === 'open' ? green(state) : dim(state)}`;
        })
        .join(' · ');
      say(`${dim(clock(result.startedAt))} ${t.check(n, result.durationMs, seats)}`);
      for (const a of result.accounts) {
        if (a.outcome === 'interrupted') continue;
        const before = told.get(a.accountId) ?? 'ok';
        if (a.outcome === before) continue;
        told.set(a.accountId, a.outcome);
        say(
          a.outcome === 'ok'
            ? `  ${green(t.recovered(a.accountId))}`
            : `  ${yellow(t.problem(a.accountId, a.outcome))}`,
        );
      }
      for (const e of result.effects) {
        if (e.type === 'hold')
          say(
            `  ${green('→')} ${t.holding(bold(e.courseId), byId.get(e.childId) ?? e.childId, o.holding ?? 'cart')}`,
          );
      }
    },
    message(m) {
      const lines = messageLines(m, t);
      say(`  ${bold(t.received(m.seq, m.msgtype, m.bytes))}`);
      for (const l of lines) say(`  │ ${l}`);
    },
    portal(line) {
      const r = RELEASED.exec(line);
      say(dim(r ? t.released(r[1] ?? '', r[2] ?? '', r[3] ?? '') : line));
    },
    log: {
      write(line: string) {
        try {
          const entry = JSON.parse(line) as { time?: number; level?: number; msg?: string };
          // The same complaint every 5 s says nothing new: once, until another one comes.
          if (entry.msg === lastLog) return;
          lastLog = entry.msg;
          const time = clock(entry.time ?? Date.now());
          say(dim(t.log(time, LEVELS[entry.level ?? 30] ?? String(entry.level), entry.msg ?? '')));
        } catch {
          say(dim(line.trimEnd()));
        }
      },
    },
    waiting(text) {
      if (!tty) return;
      clearTicker();
      out(dim(text));
      ticker = true;
    },
  };
}
