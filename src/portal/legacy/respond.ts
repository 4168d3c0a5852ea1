/** Answers of the legacy routes: GBK pages in the frame, alert scripts, the form-token check. */
import type { Request, Response } from 'express';
import { requestContext } from '../http.js';
import type { LegacyDeps } from './deps.js';
import { type CharsetDeclaration, formOf, sendGbk } from './gbk.js';
import { alertScript, type Frame, TOKEN_FIELD } from './layout.js';
import { legacyRequest } from './session-cookies.js';

export const STALE_PAGE = '页面已过期，请刷新页面后重新提交';

/** The frame of a page for this request: a fresh form token, the parent's name, the charset's place. */
export function frameFor(
  deps: LegacyDeps,
  req: Request,
  title: string,
  declared: CharsetDeclaration = 'header',
): Frame {
  const { appId, account } = legacyRequest(req);
  return { title, declared, token: deps.pages.issueToken(appId), ...(account ? { user: account.name } : {}) };
}

export function sendPage(res: Response, frame: Frame, page: string): void {
  sendGbk(res, page, frame.declared);
}

export function sendAlert(res: Response, message: string, then: { href: string } | 'back'): void {
  sendGbk(res, alertScript(message, then));
}

/** The posted form, once its token proved it came from one of this session's last pages; else an alert. */
export function postedForm(
  deps: LegacyDeps,
  req: Request,
  res: Response,
  back: { href: string } | 'back' = 'back',
): Record<string, string> | undefined {
  const form = formOf(req);
  if (deps.pages.useToken(legacyRequest(req).appId, form[TOKEN_FIELD])) return form;
  sendAlert(res, STALE_PAGE, back);
  return undefined;
}

export const redesigned = (req: Request): boolean => requestContext(req).redesign;
