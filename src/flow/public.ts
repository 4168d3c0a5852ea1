/**
 * What a flow file needs, in one import: `import { defineFlow, jsonClient, z } from 'jianlou/flow'`
 * (package self-reference; works for flows inside the jianlou checkout) or a relative import of this file.
 */
export { z } from 'zod';
export {
  ActionRefusedError,
  CaptchaRequiredError,
  LoginRefusedError,
  PortalChangedError,
  PortalUnavailableError,
  RateLimitedError,
  SessionExpiredError,
} from '../core/errors.js';
export { scheduleProblem, weekdayOf } from '../core/schedule.js';
export type {
  Child,
  CourseRef,
  Credentials,
  Hold,
  Observation,
  Order,
  Phase,
  Schedule,
  SeatState,
} from '../core/types.js';
export { charsetFromContentType, type Decoded, decodeBody, decodeJson, sniffMetaCharset } from './charset.js';
export { canFinish, stepTimeoutMs, timeLeftMs } from './deadline.js';
export {
  type HtmlClient,
  type HtmlClientOptions,
  type HtmlPostInit,
  type HtmlRequestInit,
  htmlClient,
} from './html-client.js';
export {
  type DocumentSource,
  type HtmlDocument,
  type HtmlElement,
  type HtmlTable,
  readHtml,
} from './html-document.js';
export { encodeForm, type HtmlForm } from './html-form.js';
export { safeReason, sessionExpiredMessage, throwIfAborted } from './http.js';
export { errorMessageOf, excerptOf, type JsonEnvelope, jsonFromText } from './json-answer.js';
export {
  errorCodeOf,
  type HttpMethod,
  type JsonAnswer,
  type JsonClient,
  type JsonClientOptions,
  type JsonRequestInit,
  jsonClient,
  unexpectedAnswer,
} from './json-client.js';
export {
  judgeAnswer,
  LOGGED_OUT_PHRASES,
  type PortalSignals,
  type TextPattern,
  UNAVAILABLE_PHRASES,
} from './portal-signals.js';
export {
  ElementNotFoundError,
  NotHtmlError,
  NotJsonError,
  UnknownCharsetError,
} from './read-errors.js';
export { parseRetryAfterMs } from './retry-after.js';
export { checkShape } from './shape.js';
export type { FlowStorage } from './storage.js';
export type { Flow, FlowContext, FlowLogger, HoldKind } from './types.js';
export { defineFlow } from './types.js';
