import type { Alert } from '../core/types.js';
import { catalogue } from '../i18n/catalogue.js';
import type { Locale } from '../i18n/locale.js';
import type { AlertMessages as Messages } from '../i18n/types.js';
import { splitToBytes, trimToBytes } from './bytes.js';
import { toCard } from './card.js';
import { defuseMentions, mdEscape, safeUrl } from './format.js';
import { type AlertView, buildView } from './views.js';
import {
  MARKDOWN_MAX_BYTES,
  type MarkdownMessage,
  TEXT_MAX_BYTES,
  type TextMessage,
  type WecomMessage,
} from './wecom-types.js';

export interface RenderOptions {
  /** Parent-facing language; Chinese unless 'en'. */
  locale?: Locale;
  /** Phone numbers to @-mention on urgent alerts ("@all" for everyone). */
  mentionMobiles?: string[];
  /** WeCom userids to @-mention on urgent alerts ("@all" for everyone). */
  mentionUserIds?: string[];
  /** IANA zone for times shown to parents; Asia/Shanghai by default. */
  timeZone?: string;
  /** A jianlou page (status or approval server) that problem cards can open; without it they are markdown. */
  statusUrl?: string;
  /** The merged message's sequence number (shown as `#17`); bursts only. */
  seq?: number;
  /** This message is sent again after a sending that got no answer: its title says so (（重发）). */
  resend?: boolean;
  /**
   * false: no jianlou server answers while this goes out (a cron-only check): no link to its
   * pages (the re-login page included) is shown. Default true.
   */
  serving?: boolean;
}

/** Room kept free in every chunk for the continuation header. */
const CHUNK_HEADER_RESERVE = 48;

/** The alert's view (what it says) and the catalogue it was worded from; other channels render it their way. */
export function viewOf(alert: Alert, opts: RenderOptions): { view: AlertView; m: Messages } {
  const m = catalogue(opts.locale).alerts;
  const view = buildView(alert, {
    m,
    ...(opts.timeZone ? { timeZone: opts.timeZone } : {}),
    ...(opts.statusUrl ? { statusUrl: opts.statusUrl } : {}),
    ...(opts.serving === false ? { serving: false } : {}),
  });
  return { m, view: opts.resend ? { ...view, title: `${view.title}${m.resent}` } : view };
}

/**
 * One alert as WeCom payloads, in sending order: the message itself (split when it is over the byte
 * limit), then for urgent cards a short text message carrying the mentions, since cards cannot
 * mention anyone.
 */
export function renderAlert(alert: Alert, opts: RenderOptions = {}): WecomMessage[] {
  const { view, m } = viewOf(alert, opts);
  const mentions = view.urgent ? mentionsOf(opts) : NO_MENTIONS;
  if (view.format === 'card') {
    const card = toCard(view, m);
    if (card) return mentions.any ? [card, pingMessage(view.ping, mentions)] : [card];
  }
  if (view.format === 'text') return textMessages(textBody(view, m), mentions, m);
  const messages = markdownMessages(markdownBody(view, m), mentions.inline, m);
  return mentions.needsText ? [...messages, pingMessage(view.ping, mentions)] : messages;
}

/** The alert as plain text (for channels without markup). */
export function renderPlainText(alert: Alert, opts: RenderOptions = {}): string {
  const { view, m } = viewOf(alert, opts);
  return textBody(view, m);
}

/** Several alerts summarised as one markdown message (more when over 4096 bytes). */
export function mergeAlerts(alerts: Alert[], opts: RenderOptions = {}): WecomMessage[] {
  return mergeAlertsParts(alerts, opts).map((p) => p.message);
}

/**
 * Like `mergeAlerts`, and says which alerts (by index) each message carries in full. Chunks break
 * between alerts, so a message that was delivered delivered its alerts; a trailing mention message
 * covers none.
 */
export function mergeAlertsParts(
  alerts: Alert[],
  opts: RenderOptions = {},
): { message: WecomMessage; covers: number[] }[] {
  if (alerts.length === 0) return [];
  const m = catalogue(opts.locale).alerts;
  // In a merged message the re-send mark is on the header, once, not on every block.
  const views = alerts.map((a) => viewOf(a, { ...opts, resend: false }).view);
  const urgent = views.some((v) => v.urgent);
  const mentions = urgent ? mentionsOf(opts) : NO_MENTIONS;
  const tone = urgent ? 'warning' : 'info';
  const tag = `${opts.seq !== undefined ? m.burst.seq(opts.seq) : ''}${opts.resend ? m.resent : ''}`;
  const header = (suffix: string) =>
    `### <font color="${tone}">${mdEscape(m.burst.title(alerts.length))}</font>${tag}${suffix}`;
  const mentionLine = mentions.inline ? `\n${mentions.inline}` : '';
  const room =
    MARKDOWN_MAX_BYTES -
    CHUNK_HEADER_RESERVE -
    Buffer.byteLength(header('')) -
    Buffer.byteLength(mentionLine);
  const blocks = views.map((v) => trimToBytes(burstBlock(v, m), room - 2));

  const chunks: { body: string; covers: number[] }[] = [];
  let current: { body: string; covers: number[] } | undefined;
  blocks.forEach((block, index) => {
    if (current && Buffer.byteLength(current.body) + 2 + Buffer.byteLength(block) <= room) {
      current.body += `\n\n${block}`;
      current.covers.push(index);
      return;
    }
    current = { body: block, covers: [index] };
    chunks.push(current);
  });
  const parts = chunks.map((chunk, i): { message: WecomMessage; covers: number[] } => {
    const suffix = chunks.length > 1 ? ` ${m.continued(i + 1, chunks.length)}` : '';
    const mention = i === 0 ? mentionLine : '';
    const message: WecomMessage = {
      msgtype: 'markdown',
      markdown: { content: `${header(suffix)}\n${chunk.body}${mention}` },
    };
    return { message, covers: chunk.covers };
  });
  if (mentions.needsText)
    parts.push({ message: pingMessage(m.burst.ping(alerts.length), mentions), covers: [] });
  return parts;
}

// ---- mentions -------------------------------------------------------------------------------

interface Mentions {
  any: boolean;
  userIds: string[];
  mobiles: string[];
  /** `<@userid>` tokens for markdown content. */
  inline: string;
  /** Mobiles and @all can only be mentioned by a text message. */
  needsText: boolean;
}

const NO_MENTIONS: Mentions = { any: false, userIds: [], mobiles: [], inline: '', needsText: false };

function mentionsOf(opts: RenderOptions): Mentions {
  const userIds = unique(opts.mentionUserIds);
  const mobiles = unique(opts.mentionMobiles);
  const inlineIds = userIds.filter((id) => id !== '@all' && /^[\w.@-]+$/.test(id));
  const needsText = mobiles.length > 0 || userIds.length !== inlineIds.length;
  return {
    any: userIds.length + mobiles.length > 0,
    userIds,
    mobiles,
    inline: needsText ? '' : inlineIds.map((id) => `<@${id}>`).join(' '),
    needsText,
  };
}

function unique(list: string[] | undefined): string[] {
  return [...new Set((list ?? []).map((s) => s.trim()).filter(Boolean))];
}

function pingMessage(content: string, mentions: Mentions): TextMessage {
  const text: TextMessage['text'] = { content: trimToBytes(content, TEXT_MAX_BYTES) };
  if (mentions.userIds.length > 0) text.mentioned_list = mentions.userIds;
  if (mentions.mobiles.length > 0) text.mentioned_mobile_list = mentions.mobiles;
  return { msgtype: 'text', text };
}

// ---- markdown and text ------------------------------------------------------------------------

function markdownBody(view: AlertView, m: Messages): string {
  const lines = [`### <font color="${view.tone}">${mdEscape(view.title)}</font>`];
  if (view.subtitle) lines.push(`**${mdEscape(view.subtitle)}**`);
  if (view.emphasis) {
    lines.push(
      `> ${mdEscape(view.emphasis.label)}${m.colon}<font color="warning">**${mdEscape(view.emphasis.value)}**</font>`,
    );
  }
  for (const f of view.fields) lines.push(`> ${mdEscape(f.key)}${m.colon}${mdEscape(f.value)}`);
  for (const note of view.notes) lines.push(mdEscape(note));
  if (view.command) lines.push(m.problem.runCommand(codeSpan(view.command)));
  const links = markdownLinks(view, m);
  if (links) lines.push(links);
  return lines.join('\n');
}

function markdownLinks(view: AlertView, m: Messages): string {
  return view.links
    .map((l) => {
      const url = safeUrl(l.url);
      return url
        ? `[${mdEscape(l.title)}](${url})`
        : `${mdEscape(l.title)}${l.url ? ` ${mdEscape(l.url)}` : ''}`;
    })
    .join(m.linkSep);
}

function burstBlock(view: AlertView, m: Messages): string {
  const head = [`**${mdEscape(view.title)}**`];
  if (view.subtitle) head.push(mdEscape(view.subtitle));
  if (view.emphasis) head.push(`${mdEscape(view.emphasis.label)} ${mdEscape(view.emphasis.value)}`);
  const lines = [head.join(' · ')];
  if (view.fields.length > 0) {
    lines.push(`> ${view.fields.map((f) => `${mdEscape(f.key)}${m.colon}${mdEscape(f.value)}`).join(' · ')}`);
  }
  for (const note of view.notes) lines.push(mdEscape(note));
  if (view.command) lines.push(m.problem.runCommand(codeSpan(view.command)));
  const links = markdownLinks(view, m);
  if (links) lines.push(links);
  return lines.join('\n');
}

function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, "'")}\``;
}

function textBody(view: AlertView, m: Messages): string {
  const lines = [view.title];
  if (view.subtitle) lines.push(view.subtitle);
  if (view.emphasis) lines.push(`${view.emphasis.label}${m.colon}${view.emphasis.value}`);
  for (const f of view.fields) lines.push(`${f.key}${m.colon}${f.value}`);
  lines.push(...view.notes);
  if (view.command) lines.push(m.problem.runCommand(view.command));
  for (const l of view.links) lines.push(`${l.title}${m.colon}${l.url}`);
  return defuseMentions(lines.join('\n'));
}

/** Splits over-long content; every chunk after the first starts with a continuation header. */
function chunked(content: string, maxBytes: number, m: Messages): string[] {
  const parts = splitToBytes(content, maxBytes - CHUNK_HEADER_RESERVE);
  return parts.map((p, i) => (i === 0 ? p : `${m.continued(i + 1, parts.length)}\n${p}`));
}

function markdownMessages(body: string, inlineMentions: string, m: Messages): MarkdownMessage[] {
  const tail = inlineMentions ? `\n${inlineMentions}` : '';
  const full = body + tail;
  if (Buffer.byteLength(full) <= MARKDOWN_MAX_BYTES)
    return [{ msgtype: 'markdown', markdown: { content: full } }];
  const parts = chunked(body, MARKDOWN_MAX_BYTES - Buffer.byteLength(tail), m);
  return parts.map((p, i) => ({ msgtype: 'markdown', markdown: { content: i === 0 ? p + tail : p } }));
}

function textMessages(body: string, mentions: Mentions, m: Messages): TextMessage[] {
  const parts = Buffer.byteLength(body) <= TEXT_MAX_BYTES ? [body] : chunked(body, TEXT_MAX_BYTES, m);
  return parts.map((content, i) => {
    const text: TextMessage['text'] = { content };
    if (i === 0 && mentions.userIds.length > 0) text.mentioned_list = mentions.userIds;
    if (i === 0 && mentions.mobiles.length > 0) text.mentioned_mobile_list = mentions.mobiles;
    return { msgtype: 'text', text };
  });
}
