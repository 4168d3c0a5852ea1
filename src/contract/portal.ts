import type { Browser } from 'playwright';
import type { Child, Credentials } from '../core/types.js';
import type { FlowContext } from '../flow/types.js';
import type { AdminState } from './portal-admin.js';

/** A running fake portal in test mode, serving the `/__admin/` routes of docs/portal-api.md. */
export interface ContractPortal {
  url: string;
  close(): Promise<void>;
}

export interface ContractPortalFactory {
  /** Starts the portal once for the suite; the suite resets it (`POST /__admin/reset`) before each test. */
  start(): Promise<ContractPortal>;
  /** How a test gets logged in: credentials for the flow's own `login`, or a helper of yours. */
  login: Credentials | ((ctx: FlowContext) => Promise<void>);
  /** A child (student) of the test account, for hold / confirm / release. */
  child: Child;
  /** Default: launchBrowser() with the settings of src/browser/settings.ts. */
  launch?: () => Promise<Browser>;
}

/** A course id no portal has: `observe` must answer `not_found` for it. */
export const NO_SUCH_COURSE = 'NO-SUCH-COURSE-404';

/** Two open courses, a closed one and (if any) one in the lottery, from the seed of the portal under test. */
export function pickCourses(state: AdminState) {
  const inPhase = (phase: string) => state.courses.filter((c) => c.phase === phase).map((c) => c.id);
  const open = inPhase('open');
  const closed = inPhase('closed')[0];
  if (open.length < 2 || !closed) {
    throw new Error('the contract suite needs a portal seed with two courses in phase open and one closed');
  }
  return { a: open[0] as string, b: open[1] as string, closed, lottery: inPhase('lottery')[0] };
}
