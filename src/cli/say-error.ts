import { ConfigError } from '../core/errors.js';
import type { ErrorCliMessages } from '../i18n/errors-cli.js';

type Issue = ConfigError['issues'][number];

/** Where a config problem is: its key path, the top level, or a line of a file that is not YAML. */
function place(i: Issue, m: ErrorCliMessages): string {
  if (i.words?.code === 'yaml_syntax' && i.words.line !== undefined) return m.line(i.words.line);
  return i.path || m.root;
}

/**
 * An error as the operator reads it: its words in the config's language when it carries them (a
 * config that fails validation, an unknown account, …), else its own message.
 */
export function sayError(error: Error, m: ErrorCliMessages): string {
  if (error instanceof ConfigError) {
    const lines = error.issues.map(
      (i) => `  ${place(i, m)}: ${i.words ? m.issue(i.words, i.message) : m.issueAsIs(i.message)}`,
    );
    return [m.configInvalid(error.file), ...lines].join('\n');
  }
  const words = (error as { words?: Parameters<ErrorCliMessages['say']>[0] }).words;
  return words ? m.say(words) : error.message;
}
