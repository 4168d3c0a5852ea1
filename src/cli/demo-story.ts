import type { CycleResult } from '../app/cycle/cycle.js';
import type { ReceivedMessage } from '../sink/sink.js';

/** The terminal story of `jianlou demo`: what a person watching should understand at a glance. */
export interface Story {
  say(line: string): void;
  cycle(result: CycleResult, n: number): void;
  message(m: ReceivedMessage): void;
  /** A one-line "still waiting" ticker that rewrites itself on a terminal. */
  waiting(text: string): void;
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

/** A WeCom message as the parents' group would show it, as plain lines. */
export function messageLines(m: ReceivedMessage): string[] {
  const body = m.body[m.msgtype] as Record<string, unknown> | undefined;
  if (!body) return [m.summary];
  if (m.msgtype === 'template_card') {
    const card = body as CardBody;
    const lines = [
      bold(`【${card.main_title?.title ?? ''}】`) + (card.main_title?.desc ? ` ${card.main_title.desc}` : ''),
    ];
    if (card.sub_title_text) lines.push(card.sub_title_text);
    for (const row of card.horizontal_content_list ?? []) lines.push(`${row.keyname}：${row.value ?? ''}`);
    for (const j of card.jump_list ?? []) lines.push(`${cyan(`[${j.title}]`)} ${j.url ?? ''}`);
    return lines;
  }
  const content = String((body as { content?: string }).content ?? '');
  return content
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.replace(/<font[^>]*>|<\/font>/g, '').replace(/\*\*/g, ''));
}

export function createStory(out: (s: string) => void = (s) => process.stdout.write(s)): Story {
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
    cycle(result, n) {
      const seats = result.observations
        .map(
          (o) =>
            `${o.courseId} ${o.state === 'open' ? green(`余位${o.seats}`) : dim(o.state === 'full' ? '已满' : o.state)}`,
        )
        .join(' · ');
      const problems = result.accounts
        .filter((a) => a.outcome !== 'ok')
        .map((a) => yellow(`${a.accountId}: ${a.outcome}`));
      const time = new Date(result.startedAt).toLocaleTimeString('zh-CN', {
        hour12: false,
        timeZone: 'Asia/Shanghai',
      });
      say(
        `${dim(time)} check #${n} (${result.durationMs} ms): ${seats}${problems.length ? ` ${problems.join(' ')}` : ''}`,
      );
      for (const e of result.effects) {
        if (e.type === 'hold')
          say(`  ${green('→')} seat open: holding ${bold(e.courseId)} for ${e.childId} in the portal cart…`);
      }
    },
    message(m) {
      const lines = messageLines(m);
      say(`  ${bold('WeCom group receives')} ${dim(`(#${m.seq}, ${m.msgtype}, ${m.bytes} bytes)`)}`);
      for (const l of lines) say(`  │ ${l}`);
    },
    waiting(text) {
      if (!tty) return;
      clearTicker();
      out(dim(text));
      ticker = true;
    },
  };
}
