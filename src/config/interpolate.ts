import type { IssueWords } from '../core/error-words.js';

/** `${NAME}` and `${NAME:-default}` inside any string value of the parsed YAML tree. */
const PATTERN = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export interface InterpolationIssue {
  path: string;
  message: string;
  /** The problem as data, for the CLI to say in the config's language. */
  words?: IssueWords;
}

/** Replaces environment references; every missing variable is reported with its path. */
export function interpolateEnv(
  value: unknown,
  env: NodeJS.ProcessEnv,
  issues: InterpolationIssue[],
  path: (string | number)[] = [],
): unknown {
  if (typeof value === 'string') {
    return value.replace(PATTERN, (whole, name: string, fallback: string | undefined) => {
      const found = env[name];
      if (found !== undefined && found !== '') return found;
      if (fallback !== undefined) return fallback;
      issues.push({
        path: path.join('.'),
        message: `environment variable ${name} is not set (export ${name}=… or put it in the environment of the job)`,
        words: { code: 'env_unset', name },
      });
      return whole;
    });
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateEnv(v, env, issues, [...path, i]));
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, interpolateEnv(v, env, issues, [...path, k])]),
    );
  }
  return value;
}
