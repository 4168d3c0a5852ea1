import type { ToolsCliMessages } from './tools-cli.js';

/** The English of tools-cli.ts: the words these commands printed before the catalogue. */
export const enToolsCli: ToolsCliMessages = {
  flowTry: {
    header: (flow, url) => `flow ${flow} against ${url} (read-only: nothing is held, stored or sent)`,
    account: (id) => `account ${id}`,
    sessionOk: (state, ms) => `  checkSession: ${state} (${ms} ms)`,
    sessionFailed: (kind, message) => `  checkSession failed [${kind}]: ${message}`,
    observeFailed: (kind, message) => `  observe failed [${kind}]: ${message}`,
    next: (text) => `    next: ${text}`,
    observed: (n, ms) => `  observe: ${n} course(s) in ${ms} ms`,
    columns: ['course', 'state', 'seats', 'title', 'when', 'url'],
    contractProblem: (p) => `  contract problem: ${p}`,
  },
  surges: {
    returns: (days, total, perCourse, waves) =>
      `# Seats that came back in the last ${days} days: ${total}${perCourse ? ` (${perCourse})` : ''}; opening waves seen: ${waves}.`,
    budget: (perHour) =>
      `# Intervals fit ${perHour} requests/hour per account (schedule.maxRequestsPerHour) beside the cron.`,
    nothingYet: '# No window to suggest yet: no time seats came back at again and again.',
    yoursKept: '    # yours, kept:',
    once: ' (once: after a wave just seen)',
    notConfig: (p) => `# Not a config line: ${p}.`,
    learnOn: '#   schedule.learn is on: watch raises a window after each wave itself.',
    learnOff: '#   With schedule.learn: true, watch raises a window after each wave itself.',
    notUsed: (p, reason) => `# Not used: ${p} — ${reason}.`,
  },
};
