import type { AlertKind } from '../core/types.js';
import { DEFAULT_URGENT, type PolicySettings } from './schema.js';

/** One child's wish: any one course of the group, first ones preferred. */
export interface PolicyTarget {
  id: string;
  childId: string;
  /** Shown to parents (姐姐). */
  childName: string;
  /** The portal account whose session checks and holds these courses. */
  accountId: string;
  /** Course ids in order of preference: any one of them will do. */
  courses: string[];
  autoHold: boolean;
}

/** A daily window [start, end) in local time; may span midnight (22:00–07:00). start = end: never quiet. */
export interface QuietHours {
  start: string;
  end: string;
  /** IANA zone the times are in (the config's `timezone`). */
  timezone: string;
}

/**
 * The parents' wishes as decide() and the hold sweep take them, built from the config schema's
 * `policy` section (every bound and default is defined there, once) and the targets.
 */
export interface Policy extends Omit<PolicySettings, 'quietHours'> {
  targets: PolicyTarget[];
  quietHours?: QuietHours;
  /** Kinds that ignore quiet hours. */
  urgent: AlertKind[];
  /** Decide as usual but never emit a hold effect (alerts say so). */
  dryRun: boolean;
}

export function resolvePolicy(
  settings: PolicySettings,
  targets: PolicyTarget[],
  timezone: string,
  dryRun = false,
): Policy {
  const { quietHours, ...rest } = settings;
  return {
    ...rest,
    targets,
    ...(quietHours ? { quietHours: { start: quietHours.start, end: quietHours.end, timezone } } : {}),
    urgent: quietHours?.urgent ?? DEFAULT_URGENT,
    dryRun,
  };
}
