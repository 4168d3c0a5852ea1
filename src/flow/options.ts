import { ConfigError } from '../core/errors.js';
import type { Flow } from './types.js';

/**
 * `portal.options` of the config, validated by the flow's own `optionsSchema`. Problems are reported
 * like every other config problem, by path (`portal.options.apiUrl: required`), exit 2.
 */
export function parseFlowOptions(
  flow: Pick<Flow, 'name' | 'optionsSchema'>,
  raw: unknown,
  configFile: string,
): unknown {
  if (!flow.optionsSchema) {
    if (raw === undefined) return undefined;
    throw new ConfigError(configFile, [
      {
        path: 'portal.options',
        message: `flow "${flow.name}" takes no options (it exports no optionsSchema): remove portal.options`,
      },
    ]);
  }
  const result = flow.optionsSchema.safeParse(raw ?? {});
  if (result.success) return result.data;
  throw new ConfigError(
    configFile,
    result.error.issues.map((issue) => {
      const path = ['portal', 'options', ...issue.path.map(String)].join('.');
      if (issue.code === 'unrecognized_keys') {
        return { path, message: `unknown key(s) ${issue.keys.map((k) => `"${k}"`).join(', ')}` };
      }
      if (issue.code === 'invalid_type' && issue.input === undefined) return { path, message: 'required' };
      return { path, message: issue.message };
    }),
  );
}
