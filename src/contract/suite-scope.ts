import { it } from 'vitest';
import type { OwnedFlowContext } from '../flow/context.js';
import type { Flow, FlowContext } from '../flow/types.js';
import type { FlowFixture, PortalTruth } from './portal.js';

/** What a check needs of the flow or the fixture; `probe` asks again when the suite runs. */
export interface Need {
  ok: boolean;
  why: string;
  probe: () => boolean;
}

export type NotApplicable = { name: string; needs: Need[] }[];

/**
 * One check and what it needs. A check whose needs are missing does not run; it is named, with the
 * reason, in the suite's "not applicable" test, which asserts that the ability really is missing.
 */
export function checker(notApplicable: NotApplicable) {
  return (name: string, needs: Need[], fn: () => Promise<void>): void => {
    const missing = needs.filter((n) => !n.ok);
    if (missing.length > 0) notApplicable.push({ name, needs: missing });
    else it(name, fn);
  };
}

/** What the contract suite's groups of checks share: the flow, the fixture and the suite's context. */
export interface SuiteScope {
  flow: Flow;
  fixture: FlowFixture;
  can: Record<'hold' | 'release' | 'confirm' | 'fault' | 'limit' | 'drop' | 'noExpiry', Need>;
  check: ReturnType<typeof checker>;
  fault: (...args: Parameters<NonNullable<FlowFixture['fault']>>) => Promise<void>;
  /** The seed's courses by role (read once the fixture has started). */
  courses: {
    readonly a: string;
    readonly b: string;
    readonly closed: string;
    readonly lottery: string | undefined;
  };
  /** The suite's one logged-in context (made in beforeAll). */
  readonly ctx: OwnedFlowContext;
  /** The flow's options as parsed for the fixture. */
  readonly options: unknown;
  truth: () => Promise<PortalTruth>;
  holdsOf: (courseId: string) => Promise<PortalTruth['holds']>;
  seatsOf: (courseId: string) => Promise<number | undefined>;
  freshContext: () => Promise<OwnedFlowContext>;
  closeContext: (target: OwnedFlowContext) => Promise<void>;
  resetAll: () => Promise<void>;
  logIn: (target: FlowContext) => Promise<void>;
}
