import type { BrowserContext, Page } from 'playwright';
import type { ReceivedMessage, Sink } from '../../src/sink/sink.js';
import type { Stage } from './harness.js';

/** What the tests look at: the group robot's messages, the portal's admin state, the parent's pages. */

// ---- what the group robot received ------------------------------------------------------------

export type SeenKind =
  | 'opening'
  | 'hold_made'
  | 'hold_failed'
  | 'hold_reminder'
  | 'hold_result'
  | 'gone'
  | 'other';

/** Title prefixes of the Chinese alerts (src/i18n/zh.ts). */
const TITLES: [SeenKind, string][] = [
  ['opening', '有空位：'],
  ['hold_made', '已占位：'],
  ['hold_failed', '占位失败：'],
  ['hold_reminder', '占位快到期了：'],
  ['hold_result', '已提交报名：'],
  ['hold_result', '已放弃占位：'],
  ['hold_result', '占位已过期：'],
  ['hold_result', '操作没有成功：'],
  ['hold_result', '已确认保留：'],
  ['hold_result', '报名网站拒绝了'],
  ['hold_result', '没有办成：'],
  ['gone', '空位没了：'],
];

export function textOf(message: ReceivedMessage): string {
  const body = message.body[message.msgtype];
  return JSON.stringify(body ?? {});
}

export function kindOf(message: ReceivedMessage): SeenKind {
  if (message.msgtype === 'text') return 'other';
  const text = textOf(message);
  return TITLES.find(([, title]) => text.includes(title))?.[0] ?? 'other';
}

/** The kinds of the alerts received so far, in order (mention pings left out). */
export function kindsReceived(sink: Sink): SeenKind[] {
  return sink
    .received()
    .map(kindOf)
    .filter((k) => k !== 'other');
}

export function messagesOf(sink: Sink, kind: SeenKind): ReceivedMessage[] {
  return sink.received().filter((m) => kindOf(m) === kind);
}

interface JumpEntry {
  title: string;
  url: string;
}

/** The approve and release links of the (only) hold_made card. */
export function holdCardLinks(sink: Sink): { approveUrl: string; releaseUrl: string } {
  const cards = messagesOf(sink, 'hold_made');
  if (cards.length !== 1) throw new Error(`expected one hold_made message, got ${cards.length}`);
  const card = cards[0]!;
  if (card.msgtype !== 'template_card') throw new Error(`hold_made came as ${card.msgtype}`);
  const jumps = ((card.body.template_card as { jump_list?: JumpEntry[] }).jump_list ?? []) as JumpEntry[];
  const url = (title: string) => {
    const found = jumps.find((j) => j.title === title);
    if (!found) throw new Error(`no "${title}" link on the hold card`);
    return found.url;
  };
  return { approveUrl: url('批准报名'), releaseUrl: url('放弃名额') };
}

// ---- the portal, as its admin routes show it ---------------------------------------------------

export interface PortalState {
  courses: { id: string; seats: number }[];
  carts: { itemId: string; courseId: string; studentId: string }[];
  orders: { orderId: string; courseId: string; studentId: string; status: string }[];
}

export async function portalState(stage: Stage): Promise<PortalState> {
  const res = await fetch(`${stage.portal.url}/__admin/state`);
  if (!res.ok) throw new Error(`GET /__admin/state answered ${res.status}`);
  return (await res.json()) as PortalState;
}

export function seatsOf(state: PortalState, courseId: string): number | undefined {
  return state.courses.find((c) => c.id === courseId)?.seats;
}

// ---- the parent's side --------------------------------------------------------------------------

/** Opens a link in a new page of the parent's context; returns the page and the HTTP status. */
export async function openLink(
  context: BrowserContext,
  url: string,
): Promise<{ page: Page; status: number }> {
  const page = await context.newPage();
  const response = await page.goto(url);
  return { page, status: response?.status() ?? 0 };
}

/** Presses the confirmation button and waits for the page the POST answered with. */
export async function pressConfirm(page: Page): Promise<{ status: number; heading: string }> {
  const answered = page.waitForResponse((r) => r.request().method() === 'POST');
  const loaded = page.waitForEvent('load');
  await page.locator('form#decide button[type=submit]').click();
  const response = await answered;
  await loaded;
  return { status: response.status(), heading: (await page.locator('h1').textContent()) ?? '' };
}

/** The hidden fields of the confirmation form, as a client that captured the page would replay them. */
export async function formFields(page: Page): Promise<Record<string, string>> {
  return {
    action: await page.locator('input[name=action]').inputValue(),
    proof: await page.locator('input[name=proof]').inputValue(),
  };
}

/** The link with one character of its token's payload or signature changed. */
export function tamper(url: string, part: 'payload' | 'signature'): string {
  const at = url.indexOf('/h/') + 3;
  const [payload = '', signature = ''] = url.slice(at).split('.');
  const flip = (s: string) => {
    const i = Math.floor(s.length / 2);
    return `${s.slice(0, i)}${s[i] === 'A' ? 'B' : 'A'}${s.slice(i + 1)}`;
  };
  const token = part === 'payload' ? `${flip(payload)}.${signature}` : `${payload}.${flip(signature)}`;
  return url.slice(0, at) + token;
}

export async function headingOf(page: Page): Promise<string> {
  return (await page.locator('h1').textContent()) ?? '';
}
