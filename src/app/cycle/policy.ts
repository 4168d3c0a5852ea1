import type { LoadedConfig } from '../../config/load.js';
import type { Policy } from '../../config/policy.js';

/** The policy the config resolved, as decide() takes it (a dry run emits no hold effect). */
export function policyFromConfig(
  config: Pick<LoadedConfig, 'policy'>,
  options: { dryRun?: boolean } = {},
): Policy {
  return { ...config.policy, dryRun: options.dryRun === true };
}
