import { ConfigError } from '../core/errors.js';
import type { ErrorCliMessages } from '../i18n/errors-cli.js';

/**
 * An error as the operator reads it: its words in the config's language when it carries them (a
 * config that fails validation, an unknown account, …), else its own message.
 */
export function sayError(error: Error, m: ErrorCliMessages): string {
  if (error instanceof ConfigError) {
    const lines = error.issues.map(
      (i) => `  ${i.path || m.root}: ${i.words ? m.issue(i.words) : m.issueAsIs(i.message)}`,
    );
    return [m.configInvalid(error.file), ...lines].join('\n');
  }
  const words = (error as { words?: Parameters<ErrorCliMessages['say']>[0] }).words;
  return words ? m.say(words) : error.message;
}
