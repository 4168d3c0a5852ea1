import { coursesOf, hhmm, type ToolsCliMessages } from './tools-cli.js';

const WEEKDAYS = ['Sundays', 'Mondays', 'Tuesdays', 'Wednesdays', 'Thursdays', 'Fridays', 'Saturdays'];

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
    pattern: (p) => {
      const evidence = `${p.returns} return(s); ${coursesOf(p, ', ')}`;
      if (p.kind === 'after-wave') {
        return (
          `seats came back ${p.startMinute}–${p.startMinute + p.durationMinutes} min after an opening wave ` +
          `after ${p.occurrences} of ${p.chances} waves (${evidence}): likely an unpaid pre-registration deadline`
        );
      }
      const day = p.kind === 'weekly' ? `on ${WEEKDAYS[Math.floor(p.startMinute / 1440)]} ` : '';
      const start = p.startMinute % 1440;
      const unit = p.kind === 'weekly' ? 'weeks' : 'days';
      return (
        `seats came back ${day}between ${hhmm(start)} and ${hhmm(start + p.durationMinutes)} ` +
        `on ${p.occurrences} of ${p.chances} ${unit} (${evidence})`
      );
    },
    afterWave: (waveAt, pattern) => `opening wave seen at ${waveAt}; ${pattern}`,
    dropped: (r, kind) =>
      r.code === 'stopped'
        ? `stopped: no seat came back at the last ${kind === 'after-wave' ? 'waves' : 'chances'} (last one ${r.lastAt})`
        : `no room in ${r.maxRequestsPerHour} requests/hour beside the cron`,
  },
  init: {
    created: (dir, files) => `Created ${dir}: ${files}, storage-state/ (0700)`,
    kept: (scripts, devInstall) => [
      'Kept package.json: it already depends on jianlou. For npm run typecheck / test / try, add to it',
      `  ${scripts}`,
      `  and run: ${devInstall}`,
    ],
    nextSteps: (cd) => [
      'Next steps:',
      `  1. ${cd}npm install`,
      '  2. fill in jianlou.yaml (portal address, children, courses) and the TODOs in flows/my-portal.ts;',
      '     npm run typecheck               the flow against jianlou/flow',
      '  3. npx jianlou login mom            log in by hand once; the session is saved in storage-state/',
      '     npm run try                     one read-only try of the flow against the portal',
      "     npm test                        the contract suite's read-only checks against the portal",
      '  4. export WECOM_WEBHOOK=… JIANLOU_SECRET=…, then npx jianlou doctor --send',
      '  5. npx jianlou check --dry-run      one check: what it sees, nothing sent',
      '  6. npx jianlou watch                keep watching (see deploy/jianlou.service in the package)',
    ],
  },
  portal: {
    classic: (url, test) =>
      `demo portal (市少年宫 暑期课程报名) at ${url}\n` +
      (test
        ? 'test mode: username 13800000000, password demo1234, captcha 8888; admin switches under /__admin/\n'
        : 'not in test mode: the captcha is random; add --test-mode for the fixed code and /__admin/ switches\n'),
    spa: (web, api, test) =>
      `demo portal, spa style (市少年宫 暑期活动报名)\n  web app  ${web}  (login: ${web}/login)\n  JSON API ${api}  (CORS for ${web} only)\n` +
      (test
        ? 'test mode: phone 13800000000, password demo1234; admin switches under the API’s /__admin/\n'
        : 'not in test mode: add --test-mode for the /__admin/ switches on the API\n'),
    legacy: (url, wechat, test) =>
      `demo portal, legacy style (市少年宫课程报名系统, GBK pages) at ${url}\n  course list ${url}/xk/kclist.jsp  (login: ${url}/xk/login.jsp)\n` +
      (wechat
        ? '  WeChat only: pages answer 请在微信中打开 unless the user agent says MicroMessenger\n'
        : '') +
      (test
        ? 'test mode: phone 13800000000, password demo1234, captcha 8888, the SMS code shown on the page (and GET /__admin/sms?phone=); unpaid pre-registrations cancelled after 60 s; admin switches under /__admin/\n'
        : 'not in test mode: random captcha, the SMS code is never shown; add --test-mode for the fixed captcha and /__admin/ switches\n'),
    stop: 'Ctrl-C to stop.\n',
  },
};
