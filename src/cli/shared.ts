import { createRuntime, type Runtime } from '../app/runtime/runtime.js';
import { type LoadedConfig, loadConfig } from '../config/load.js';
import { createLogger, type Logger } from '../log/logger.js';

/**
 * Loads the config (exit 2 on problems) and builds the runtime; logs go to stderr. `keepWarm`: the
 * daemon keeps each account's request context between checks.
 */
export async function openRuntime(
  configFile: string,
  options: { keepWarm?: boolean } = {},
): Promise<{ config: LoadedConfig; rt: Runtime; logger: Logger }> {
  const config = loadConfig(configFile);
  const logger = createLogger({ secrets: config.secrets, stderr: true });
  const rt = await createRuntime(config, { logger, keepWarm: options.keepWarm === true });
  return { config, rt, logger };
}

export function print(line = ''): void {
  process.stdout.write(`${line}\n`);
}

export function localTime(iso: string | undefined, timeZone: string): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString('zh-CN', { timeZone, hour12: false });
}

export { configLocale } from './config-locale.js';
