import type { Policy, PolicyTarget } from '../config/policy.js';
import { resolvePolicy } from '../config/policy.js';
import { type PolicySettings, policySchema } from '../config/schema.js';

export type { Policy, PolicyTarget, QuietHours } from '../config/policy.js';

/** A policy spelled out by hand (tests, benchmarks): the config's own defaults fill the rest. */
export type PolicyInput = Partial<Omit<Policy, 'targets'>> & {
  targets: (Omit<PolicyTarget, 'autoHold'> & { autoHold?: boolean })[];
};

/**
 * Builds a Policy from a hand-written one, validated by the config schema's `policy` section (the
 * one definition of every bound and default). Throws a ZodError on a bad value.
 */
export function definePolicy(input: PolicyInput): Policy {
  const { targets, quietHours, urgent, dryRun, ...settings } = input;
  const parsed: PolicySettings = policySchema.parse({
    ...settings,
    ...(quietHours
      ? { quietHours: { start: quietHours.start, end: quietHours.end, ...(urgent ? { urgent } : {}) } }
      : {}),
  });
  const policy = resolvePolicy(
    parsed,
    targets.map((t) => ({ ...t, autoHold: t.autoHold ?? false })),
    quietHours?.timezone ?? 'Asia/Shanghai',
    dryRun ?? false,
  );
  return urgent ? { ...policy, urgent } : policy;
}
