/**
 * Browser I/O of `jianlou flow record`: records a visit with Playwright's network events — the
 * documents, XHR and fetch requests and their answers (bodies decoded by charset as Chromium does)
 * — marks each with the guided step, and notes the links clicked and the values typed into login
 * fields (so they can be scrubbed; they are never written anywhere).
 */
import type { BrowserContext, Request, Response } from 'playwright';
import { decodeBody } from '../flow/charset.js';
import type { Exchange, StepName, VisitFacts } from './types.js';

const KINDS = new Set(['document', 'xhr', 'fetch']);

/**
 * Runs in every page: reports clicks on links and buttons, and the values of login fields when a
 * form is submitted or a field changes (password fields, fields of a form with a password, and
 * fields named like a phone, captcha or SMS code).
 */
const PAGE_SCRIPT = `(() => {
  const report = (event) => { try { window.__jianlouRecord(event); } catch {} };
  const secretish = (el) => {
    if (!(el instanceof HTMLInputElement) || !el.value) return false;
    if (el.type === 'password') return true;
    if (el.form && el.form.querySelector('input[type=password]')) return true;
    return /pass|pwd|phone|mobile|tel|sjhm|mm|yzm|captcha|code|sms|otp|verify|token/i.test(el.name + ' ' + el.id);
  };
  const typed = (root) => {
    for (const el of root.querySelectorAll('input')) if (secretish(el)) report({ typed: el.value });
  };
  document.addEventListener('click', (event) => {
    const el = event.target instanceof Element ? event.target.closest('a,button,input[type=submit],[role=button]') : null;
    if (!el) return;
    typed(document);
    const text = (el.textContent || el.value || '').replace(/\\s+/g, ' ').trim().slice(0, 80);
    report({ clicked: text, href: el instanceof HTMLAnchorElement ? el.href : undefined });
  }, true);
  document.addEventListener('submit', (event) => typed(event.target), true);
  document.addEventListener('change', (event) => { if (secretish(event.target)) report({ typed: event.target.value }); }, true);
})();`;

export interface Recorder {
  /** The step the person (or the script) is in now. */
  step: StepName;
  facts(): VisitFacts;
  /** Waits for the answers still being read. */
  settle(): Promise<void>;
  /** Notes the page's URL (and, after the course step, its text) at the end of a step. */
  endStep(pageUrl: string, pageText?: string): void;
  finish(context: BrowserContext): Promise<VisitFacts>;
}

/**
 * Chromium hands over a text answer already decoded by its charset (a GBK page comes back as UTF-8
 * bytes); raw bytes that are not UTF-8 are decoded as the kit decodes them.
 */
function textOf(bytes: Buffer, contentType: string, url: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return decodeBody(bytes, contentType, url).text;
  }
}

async function exchangeOf(
  response: Response,
  request: Request,
  seq: number,
  step: StepName,
): Promise<Exchange> {
  const status = response.status();
  // Asked at once: Chromium forgets a page's body soon after the person (or script) moves on.
  const bytes = status >= 300 && status < 400 ? undefined : response.body().catch(() => undefined);
  const headers = await response.allHeaders();
  const contentType = headers['content-type'] ?? '';
  const raw = await bytes;
  const body = raw ? textOf(raw, contentType, response.url()) : '';
  const auth = (await request.allHeaders()).authorization ?? '';
  const bearer = /^Bearer\s+(.+)$/i.exec(auth)?.[1];
  const postData = request.postData();
  return {
    seq,
    step,
    method: request.method(),
    url: response.url(),
    kind: request.resourceType() as Exchange['kind'],
    status,
    contentType,
    ...(headers.location ? { location: new URL(headers.location, response.url()).href } : {}),
    ...(postData !== null ? { requestBody: postData } : {}),
    ...(bearer ? { bearer } : {}),
    body,
  };
}

export async function startRecorder(context: BrowserContext): Promise<Recorder> {
  const exchanges: Exchange[] = [];
  const pending = new Set<Promise<void>>();
  const clicked: VisitFacts['clicked'] = [];
  const typed = new Set<string>();
  const pageAt: VisitFacts['pageAt'] = {};
  let seq = 0;
  let courseText: string | undefined;
  const recorder: Recorder = {
    step: 'login',
    facts: () => ({
      exchanges,
      clicked,
      pageAt,
      ...(courseText === undefined ? {} : { courseText }),
      typed: [...typed],
      storage: [],
      cookies: [],
    }),
    async settle() {
      while (pending.size > 0) await Promise.all([...pending]);
    },
    endStep(pageUrl, pageText) {
      pageAt[recorder.step] = pageUrl;
      if (recorder.step === 'course' && pageText !== undefined) courseText = pageText;
    },
    async finish(ctx) {
      await recorder.settle();
      const state = await ctx.storageState();
      return {
        ...recorder.facts(),
        storage: state.origins.map((o) => ({ origin: o.origin, items: o.localStorage })),
        cookies: state.cookies.map((c) => ({ name: c.name, value: c.value })),
      };
    },
  };
  await context.exposeBinding(
    '__jianlouRecord',
    (_source, event: { clicked?: string; href?: string; typed?: string }) => {
      if (typeof event.typed === 'string' && event.typed) typed.add(event.typed);
      if (typeof event.clicked === 'string') {
        clicked.push({
          step: recorder.step,
          text: event.clicked,
          ...(event.href ? { href: event.href } : {}),
        });
      }
    },
  );
  await context.addInitScript(PAGE_SCRIPT);
  context.on('response', (response) => {
    const request = response.request();
    if (!KINDS.has(request.resourceType())) return;
    const number = ++seq;
    const step = recorder.step;
    const job = exchangeOf(response, request, number, step)
      .then((e) => {
        exchanges.push(e);
        exchanges.sort((a, b) => a.seq - b.seq);
      })
      .catch(() => {})
      .finally(() => pending.delete(job));
    pending.add(job);
  });
  return recorder;
}
