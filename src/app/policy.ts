import type { LoadedConfig } from '../config/load.js';
import { definePolicy, type Policy } from '../watch/policy.js';

/** The parents' wishes from the config, in the shape decide() takes. */
export function policyFromConfig(config: LoadedConfig, options: { dryRun?: boolean } = {}): Policy {
  const children = new Map(config.children.map((c) => [c.id, c]));
  const quiet = config.policy.quietHours;
  return definePolicy({
    targets: config.targets.map((t) => {
      const child = children.get(t.child);
      if (!child) throw new Error(`target ${t.id}: unknown child ${t.child} (config validation missed it)`);
      return {
        id: t.id,
        childId: child.id,
        childName: child.name,
        accountId: child.account,
        courses: t.courses,
        autoHold: t.autoHold,
      };
    }),
    cooldownMinutes: config.policy.cooldownMinutes,
    problemReminderMinutes: config.policy.problemReminderMinutes,
    maxHoldsPerAccount: config.policy.maxHoldsPerAccount,
    ...(quiet ? { quietHours: { start: quiet.start, end: quiet.end, timezone: config.timezone } } : {}),
    ...(quiet?.urgent ? { urgent: quiet.urgent } : {}),
    dryRun: options.dryRun === true,
  });
}
