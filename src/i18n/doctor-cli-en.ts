import type { DoctorCliMessages } from './doctor-cli.js';
import { enChannelWords } from './status-cli-channels.js';

/** `jianlou doctor`'s lines in English (src/i18n/doctor-cli.ts says what each one is). */
export const enDoctorCli: DoctorCliMessages = {
  sep: ': ',
  names: {
    browser: 'browser',
    font: 'font',
    config: 'config',
    chromiumLanguage: 'chromium language',
    portal: 'portal',
    flow: 'flow',
    store: 'store',
    session: (id) => `session ${id}`,
    approval: 'approval',
    notify: 'notify',
    channel: (id) => `notify ${id}`,
  },
  channels: enChannelWords,
  browserFound: (path, source) => `${path} (${source})`,
  browserMissing: (reason) =>
    `no Chromium (${reason.message}). Flows that use only ctx.request ` +
    '(the demo flow) check, hold and approve without one; `jianlou login` in a window, the phone ' +
    'login relay and flows that read pages need one',
  browserMissingNext: 'npm run browser:setup (or jianlou login --import on a machine without a browser)',
  fontFound: (family) => `Chinese font: ${family}`,
  fontMissing: (reason) =>
    `no Chinese font (${reason.reason}): the portal's pages and the phone login picture show boxes`,
  installSteps: (steps) =>
    steps.map((s) => `${s.system}${s.asRoot ? ' (as root)' : ''}: ${s.command}`).join(' · '),
  chromiumPresent: (file) => `Chromium's ${file}`,
  chromiumMissing: (file, dir, locale) =>
    `Chromium has no ${file} in ${dir}: with locale: ${locale} its own messages ` +
    '("Please fill out this field.", error pages) in the login window and the phone login picture stay English',
  configValid: (file) => `${file} is valid`,
  portalPlaceholder: (url) => `portal.baseUrl is still the placeholder ${url} from jianlou init`,
  portalPlaceholderNext: (file) => `put your portal's address in ${file}, then run: jianlou doctor`,
  flowFound: (name, flow) => `${name} (portal.flow: ${flow})`,
  fixOptions: 'fix portal.options in the config',
  fixFlow: 'fix portal.flow in the config',
  fixStore: 'fix `store:` in the config',
  flowFailed: (detail) => detail,
  storeFailed: (detail) => detail,
  loggedIn: (url) => `logged in at ${url}`,
  expired: (detail) => detail ?? 'expired (the portal logged this account out)',
  login: (id) => `run: jianlou login ${id}`,
  unreachable: (url, detail) => `portal ${url} unreachable: ${detail}`,
  unreachableNext: 'check portal.baseUrl and the network, then run: jianlou doctor',
  sessionFailed: (detail) => detail,
  debugNext: 'run with JIANLOU_DEBUG=1 for details',
  noApproval: 'no approval section: alerts carry no approve/release links and nothing is held',
  noApprovalNext: 'add approval: { listen, publicUrl, secret } to hold seats',
  publicLoopback: (url) =>
    `approval.publicUrl ${url} points at this machine: links opened on a phone cannot reach it`,
  publicLoopbackNext:
    'set approval.publicUrl to an address the phones reach (the LAN address, or an HTTPS reverse proxy)',
  listenLoopback: (listen, url) =>
    `approval.listen ${listen} only accepts this machine, but the links point at ${url}: phones cannot reach it`,
  listenLoopbackNext: (port) =>
    `listen on 0.0.0.0:${port} (or the LAN address), or put a reverse proxy on this machine in front of it`,
  approvalOk: (url, listen) => `links point at ${url}, server listens on ${listen}`,
  noChannel: 'no channel configured: alerts only go to the log, the parents are never told',
  noChannelNext:
    'add a channel under notify.channels (wecom, dingtalk, feishu, pushplus, serverchan, bark, email; see docs/channels.md), its secrets from environment variables such as WECOM_WEBHOOK',
  broken: (what, since, errcode, pending) =>
    `${what} BROKEN since ${since}` +
    (errcode !== null ? ` (errcode ${errcode})` : '') +
    `; ${pending} alert(s) held back`,
  brokenNext: (fix) => `fix ${fix}, then run: jianlou doctor --send`,
  configured: (what) => `${what} is configured (not tested)`,
  configuredNext: 'run: jianlou doctor --send to post a test message',
  sent: (what, answer, pending) =>
    `test message to ${what} sent: errcode 0 (${answer})` +
    (pending !== undefined ? `; no longer broken, ${pending} held alert(s) go out on the next run` : ''),
  refused: (what, answer, advice) =>
    `test message to ${what} refused: ${answer}${advice === null ? '' : ` — ${advice}`}`,
  refusedNext: (fix) => `fix ${fix} as the answer says, then run: jianlou doctor --send`,
  wecomAdvice: {
    93000:
      'the robot key is wrong, or the robot was removed from the group: copy the webhook URL again from the group’s robot settings into notify.wecom.webhook',
    93004: 'the robot is disabled: enable it in the group’s robot settings',
    45009: 'over 20 messages a minute: wait a minute and try again',
  },
  allPassed: (warnings) =>
    `all essential checks passed${warnings ? ` (${warnings} warning${warnings > 1 ? 's' : ''})` : ''}`,
  failed: (count) => `${count} check(s) failed`,
};
