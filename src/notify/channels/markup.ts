import { escapeHtml } from '../../core/html.js';
import type { Alert } from '../../core/types.js';
import { catalogue } from '../../i18n/catalogue.js';
import type { AlertMessages as Messages } from '../../i18n/types.js';
import { splitToBytes, trimToBytes } from '../bytes.js';
import { defuseMentions, mdEscape, safeUrl } from '../format.js';
import { type RenderOptions, viewOf } from '../render.js';
import type { AlertView } from '../views.js';

/**
 * An alert's view as the other channels' formats (pure): markdown (DingTalk, Feishu's lark_md,
 * ServerChan, PushPlus), HTML (e-mail, PushPlus) and plain text (Bark, e-mail's text part). Every
 * format carries the view's links (approve, release, course, re-login) as links a tap opens.
 */

export interface Rendered {
  view: AlertView;
  m: Messages;
}

export function rendered(alert: Alert, opts: RenderOptions): Rendered {
  return viewOf(alert, opts);
}

/** The links a view offers, with http(s) URLs only (anything else is shown as text, never linked). */
export function linksOf(view: AlertView): { title: string; url: string }[] {
  return view.links.flatMap((l) => {
    const url = safeUrl(l.url);
    return url ? [{ title: l.title, url }] : [];
  });
}

export interface MarkdownStyle {
  /** false: leave the links out (a card shows them as buttons). */
  links?: boolean;
  /** How the title is shown: a `###` heading, bold (Feishu's lark_md has no headings) or not at all. */
  title?: 'heading' | 'bold' | 'none';
  /** false: no `>` quotes (lark_md shows them as text). */
  quotes?: boolean;
}

/** Markdown of a view, paragraphs apart (several renderers join single line breaks). */
export function markdownOf(view: AlertView, m: Messages, style: MarkdownStyle = {}): string {
  const { links = true, title = 'heading', quotes = true } = style;
  const lines: string[] = [];
  if (title === 'heading') lines.push(`### ${mdEscape(view.title)}`);
  if (title === 'bold') lines.push(`**${mdEscape(view.title)}**`);
  if (view.subtitle) lines.push(`**${mdEscape(view.subtitle)}**`);
  if (view.emphasis) {
    const q = quotes ? '> ' : '';
    lines.push(`${q}${mdEscape(view.emphasis.label)}${m.colon}**${mdEscape(view.emphasis.value)}**`);
  }
  if (view.fields.length > 0) {
    lines.push(view.fields.map((f) => `- ${mdEscape(f.key)}${m.colon}${mdEscape(f.value)}`).join('\n'));
  }
  for (const note of view.notes) lines.push(mdEscape(note));
  if (view.command) lines.push(m.problem.runCommand(`\`${view.command.replace(/`/g, "'")}\``));
  if (links) {
    const shown = linksOf(view).map((l) => `[${mdEscape(l.title)}](${l.url})`);
    if (shown.length > 0) lines.push(shown.join(m.linkSep));
  }
  return defuseMentions(lines.join('\n\n'));
}

/** Plain text of a view, every link written out as "title: url". */
export function textOf(view: AlertView, m: Messages): string {
  const lines = [view.title];
  if (view.subtitle) lines.push(view.subtitle);
  if (view.emphasis) lines.push(`${view.emphasis.label}${m.colon}${view.emphasis.value}`);
  for (const f of view.fields) lines.push(`${f.key}${m.colon}${f.value}`);
  lines.push(...view.notes);
  if (view.command) lines.push(m.problem.runCommand(view.command));
  for (const l of linksOf(view)) lines.push(`${l.title}${m.colon}${l.url}`);
  return lines.join('\n');
}

/** The body lines of a view without its title (Bark and e-mail put the title elsewhere). */
export function textBodyOf(view: AlertView, m: Messages): string {
  return textOf(view, m).split('\n').slice(1).join('\n');
}

const TONE_COLOUR: Record<AlertView['tone'], string> = {
  warning: '#d9480f',
  info: '#2b8a3e',
  comment: '#666666',
};

/** A view as an HTML fragment with inline styles (mail clients drop style sheets); links are buttons. */
export function htmlOf(view: AlertView, m: Messages): string {
  const e = escapeHtml;
  const out = [`<h2 style="margin:0 0 6px;color:${TONE_COLOUR[view.tone]}">${e(view.title)}</h2>`];
  if (view.subtitle) out.push(`<p style="margin:0 0 8px;font-weight:600">${e(view.subtitle)}</p>`);
  if (view.emphasis) {
    out.push(
      `<p style="margin:0 0 8px">${e(view.emphasis.label)}${e(m.colon)}<b style="font-size:22px">${e(view.emphasis.value)}</b></p>`,
    );
  }
  if (view.fields.length > 0) {
    const rows = view.fields
      .map(
        (f) =>
          `<tr><th style="text-align:left;color:#666;padding:2px 12px 2px 0;font-weight:normal">${e(f.key)}</th><td>${e(f.value)}</td></tr>`,
      )
      .join('');
    out.push(`<table style="border-collapse:collapse;margin:0 0 8px">${rows}</table>`);
  }
  for (const note of view.notes) out.push(`<p style="margin:0 0 8px">${e(note)}</p>`);
  if (view.command)
    out.push(`<p style="margin:0 0 8px">${e(m.problem.runCommand(''))}<code>${e(view.command)}</code></p>`);
  const links = linksOf(view).map(
    (l) =>
      `<a href="${e(l.url)}" style="display:inline-block;margin:4px 8px 4px 0;padding:8px 14px;border:1px solid #2b7cff;border-radius:6px;text-decoration:none">${e(l.title)}</a>`,
  );
  if (links.length > 0) out.push(`<p style="margin:8px 0">${links.join('')}</p>`);
  return out.join('\n');
}

/** The tag after a merged message's title: its number (`#17`) and the re-send mark. */
export function burstTag(m: Messages, opts: RenderOptions): string {
  return `${opts.seq !== undefined ? m.burst.seq(opts.seq) : ''}${opts.resend ? m.resent : ''}`;
}

export interface BurstChunk {
  /** The chunk's title: "N 条提醒 #17（续 2/3）". */
  title: string;
  /** The alerts' blocks joined with `separator`. */
  body: string;
  covers: number[];
}

/**
 * Packs several alerts into as few chunks as fit in `maxBytes` each (title included). Chunks break
 * between alerts, so a chunk that was delivered delivered its alerts in full; an alert longer than a
 * chunk is cut to fit (its links come first in `block`'s output where it matters).
 */
export function packBurst(
  alerts: Alert[],
  opts: RenderOptions,
  block: (r: Rendered) => string,
  maxBytes: number,
  separator = '\n\n---\n\n',
): BurstChunk[] {
  if (alerts.length === 0) return [];
  const m = catalogue(opts.locale).alerts;
  const blocks = alerts.map((a) => block(rendered(a, { ...opts, resend: false })));
  const title = `${m.burst.title(alerts.length)}${burstTag(m, opts)}`;
  const reserve = Buffer.byteLength(title) + 48;
  const room = Math.max(256, maxBytes - reserve);
  const chunks: { body: string; covers: number[] }[] = [];
  let current: { body: string; covers: number[] } | undefined;
  blocks.forEach((raw, index) => {
    const text = trimToBytes(raw, room);
    if (
      current &&
      Buffer.byteLength(current.body) + Buffer.byteLength(separator) + Buffer.byteLength(text) <= room
    ) {
      current.body += separator + text;
      current.covers.push(index);
      return;
    }
    current = { body: text, covers: [index] };
    chunks.push(current);
  });
  return chunks.map((c, i) => ({
    title: chunks.length > 1 ? `${title} ${m.continued(i + 1, chunks.length)}` : title,
    body: c.body,
    covers: c.covers,
  }));
}

/** Splits one long text into chunks of `maxBytes`, later chunks headed "（续 2/3）". */
export function splitLong(text: string, maxBytes: number, m: Messages): string[] {
  if (Buffer.byteLength(text) <= maxBytes) return [text];
  const parts = splitToBytes(text, maxBytes - 48);
  return parts.map((p, i) => (i === 0 ? p : `${m.continued(i + 1, parts.length)}\n${p}`));
}
