/**
 * What a flow file needs, in one import: `import { defineFlow, SessionExpiredError } from 'jianlou/flow'`
 * (package self-reference; works for flows inside the jianlou checkout) or a relative import of this file.
 */
export {
  ActionRefusedError,
  CaptchaRequiredError,
  PortalChangedError,
  PortalUnavailableError,
  RateLimitedError,
  SessionExpiredError,
} from '../core/errors.js';
export type { Child, CourseRef, Credentials, Hold, Observation, Order, Schedule } from '../core/types.js';
export { canFinish, stepTimeoutMs, timeLeftMs } from './deadline.js';
export { parseRetryAfterMs } from './retry-after.js';
export type { Flow, FlowContext, FlowLogger } from './types.js';
export { defineFlow } from './types.js';
