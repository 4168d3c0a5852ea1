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
export { canFinish, stepTimeoutMs, timeLeftMs } from './deadline.js';
export { safeReason, sessionExpiredMessage, throwIfAborted } from './http.js';
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
export { parseRetryAfterMs } from './retry-after.js';
export { checkShape } from './shape.js';
export type { FlowStorage } from './storage.js';
export type { Flow, FlowContext, FlowLogger, HoldKind } from './types.js';
export { defineFlow } from './types.js';
