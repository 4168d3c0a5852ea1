import { appendFileSync } from 'node:fs';
import { CJK } from '../cjk.js';

/**
 * The one-language sweep's detector (issue 29): under `locale: zh` a line a person reads must not
 * carry an English sentence — a run of three or more English words once the things that stay in
 * English are taken out (addresses, paths, commands, config keys, ids, product and protocol names).
 */

/** Product, protocol and tool names a Chinese sentence keeps as they are. */
const NAMES =
  /\b(?:WeCom|PushPlus|ServerChan|Server酱|DingTalk|Feishu|Bark|Chromium|Chrome|Playwright|HTTPS?|JSON|YAML|Cookie|SMTP|TypeScript|Node(?:\.js)?|npm|npx|systemd|cron|QR|WeChat|MicroMessenger|localStorage|storage-state|Ctrl-C|OK|ok|Noto(?: [A-Z][\w-]*)+)\b/g;

/** `jianlou <sub…> [one argument] [--flags]`: a command as typed, not the words after it. */
const SUBCOMMANDS =
  'init|doctor|check|status|holds|approve|release|list|login|flow|try|record|surges|suggest|portal|demo|watch';
const COMMAND = new RegExp(
  `(?:npx |node )?\\bjianlou(?: (?:${SUBCOMMANDS}))*(?: --?[\\w-]+(?:[ =](?:<[^>]+>|\\S*\\d\\S*|zh|en))?)*(?: (?!--)[\\w.:/-]+)?(?: --?[\\w-]+(?:[ =](?:<[^>]+>|\\S*\\d\\S*|zh|en))?)*`,
  'g',
);

/** What stays English inside a Chinese line, taken out before counting words. */
function strip(line: string): string {
  return (
    line
      // Addresses (with their query), e-mail-like and host:port.
      .replace(/\b[a-z][\w+.-]*:\/\/\S+/gi, ' ')
      .replace(/\b\d{1,3}(?:\.\d{1,3}){3}(?::\d+)?\b/g, ' ')
      // File names and relative paths first (jianlou.yaml, flows/my-portal.ts), then commands.
      .replace(/\b[\w-]+\.(?:ts|js|json|yaml|yml|sqlite|lock|service|env|zip|tgz|txt|html|png|pak)\b/g, ' ')
      .replace(/(?:^|(?<=[\s(（：:,，"'`]))[\w.-]+\/[\w./-]*/g, ' ')
      // Commands as typed: jianlou/npm/npx/cd/export with their arguments and --flags.
      .replace(COMMAND, ' ')
      .replace(/\b(?:npm|npx) (?:install|ci|test|run [\w:-]+)(?: (?:--?[\w-]+|\S+@\S+))*/g, ' ')
      .replace(/\b(?:cd|sudo|systemctl \w+) \S+/g, ' ')
      .replace(/\bexport(?: [A-Z_]+=\S*)+/g, ' ')
      .replace(/(?:^|\s)--?[a-z][\w-]*(?:[ =](?:<[^>]+>|\S*\d\S*))?/gi, ' ')
      // Paths (a/b, ./a, /a/b, a.ts) and file names.
      .replace(/(?:~|\.{1,2})?(?:\/[\w.@%+${}…-]+)+\/?/g, ' ')
      // Config keys (dotted or camelCase), environment variables, ids and codes.
      .replace(/\b[a-z]\w*(?:\.\w+)+\b/g, ' ')
      .replace(/\b[a-z]+[A-Z]\w*\b/g, ' ')
      .replace(/\b[A-Z][A-Z0-9_]{2,}\b/g, ' ')
      .replace(/\b[A-Za-z]+[-_]\w+(?:[-_]\w+)*\b/g, ' ')
      .replace(/\[[a-z_]+\]/g, ' ')
      // HTML entities and tags (WeCom markdown's <font color>).
      .replace(/&[a-z]+;/g, ' ')
      .replace(/<\/?[a-z]+(?: [^>]*)?>/g, ' ')
  );
}

/** Three or more English words in a row (names taken out), or two with a lowercase word ("WeCom robot"). */
const RUN3 = /[A-Za-z][A-Za-z'’]*(?:[ \t,;:()]+[A-Za-z][A-Za-z'’]*){2,}/g;
const RUN2 = /[A-Za-z][A-Za-z'’]*[ \t]+[A-Za-z][A-Za-z'’]*/g;
const LOWER_WORD = /\b[a-z]{3,}\b/;

function runsIn(line: string): string[] {
  const rest = strip(line);
  const long = rest.replace(NAMES, ' ').match(RUN3) ?? [];
  const pairs = (rest.match(RUN2) ?? []).filter((pair) => LOWER_WORD.test(pair.replace(NAMES, ' ')));
  return [...long, ...pairs.filter((pair) => !long.some((run) => run.includes(pair)))];
}

/** Lines of `text` with a run of 3+ English words, each as `line  «run»`. */
export function englishRuns(text: string, kept: readonly string[] = []): string[] {
  const found: string[] = [];
  for (const raw of text.split('\n')) {
    if (raw.startsWith('{"level"')) continue; // a log line: developers read it in English
    let line = raw;
    for (const k of kept) line = line.split(k).join(' ');
    const runs = runsIn(line);
    if (runs.length > 0) found.push(`${raw.trim().slice(0, 200)}  «${runs.join(' | ')}»`);
  }
  return found;
}

/** Lines of `text` with CJK left once the `known` names (portal titles, config names) are out. */
export function chineseLines(text: string, known: readonly string[]): string[] {
  let rest = text;
  for (const k of [...known].sort((a, b) => b.length - a.length)) rest = rest.split(k).join(' ');
  return rest
    .split('\n')
    .filter((line) => CJK.test(line))
    .map((line) => line.trim().slice(0, 200));
}

/** The visible text of an HTML page: no scripts, styles or tags, entities decoded, one line per block. */
export function pageText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '\n')
    .replace(/<(?:title|p|div|li|h\d|tr|br|section|button|label|dt|dd|td|th|option|a)\b[^>]*>/gi, '\n')
    .replace(/<[^>]*\b(?:alt|placeholder|aria-label)="([^"]*)"[^>]*>/gi, '\n$1\n')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/**
 * English found under `locale: zh` that other engineers are fixing in their own branches right now.
 * The lead removes an entry once its branch is merged; everything else the sweep finds fails it.
 */
export const KNOWN_ELSEWHERE: readonly { re: RegExp; owner: string }[] = [];

/**
 * What a person reads in the wrong language: `outputs` maps what was run to what it printed or
 * served. Under zh, lines with an English sentence not in KNOWN_ELSEWHERE; under en, lines with
 * Chinese besides the `known` portal and config names.
 */
export function sweep(
  locale: 'zh' | 'en',
  outputs: Record<string, string>,
  known: readonly string[],
): string[] {
  // SWEEP_DUMP=<file>: everything the sweep read, to look at by hand.
  const dump = process.env.SWEEP_DUMP;
  if (dump) appendFileSync(dump, `${JSON.stringify({ locale, outputs })}\n`);
  return Object.entries(outputs).flatMap(([what, text]) => {
    const found =
      locale === 'zh'
        ? englishRuns(text, known).filter((line) => !KNOWN_ELSEWHERE.some((k) => k.re.test(line)))
        : chineseLines(text, known);
    return found.map((line) => `${what}: ${line}`);
  });
}

/** The words of an alert's body as the group sees them: its string values, one per line (not its keys). */
export function alertText(body: unknown): string {
  if (typeof body === 'string') return body;
  if (Array.isArray(body)) return body.map(alertText).join('\n');
  if (body && typeof body === 'object') {
    return Object.entries(body)
      .filter(([key]) => !['msgtype', 'card_type', 'url', 'type'].includes(key))
      .map(([, value]) => alertText(value))
      .join('\n');
  }
  return '';
}
