import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { BadInputError, exitCodeFor, JianlouError } from '../core/errors.js';
import { catalogue } from '../i18n/catalogue.js';
import { scrubSecrets } from '../log/logger.js';
import type { PortalStyle } from '../portal/server.js';
import { configLocale } from './config-locale.js';
import { ExitRequest } from './exit.js';
import { sayError } from './say-error.js';

function intArg(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

// Type-only: the portal's code loads only when the command runs.
const STYLES = ['classic', 'spa', 'legacy'] as const satisfies readonly PortalStyle[];

function styleArg(value: string): (typeof STYLES)[number] {
  const style = STYLES.find((s) => s === value);
  if (!style) throw new InvalidArgumentError(`--style must be classic, spa or legacy, not "${value}"`);
  return style;
}

function localeArg(value: string): 'zh' | 'en' {
  if (value !== 'zh' && value !== 'en')
    throw new InvalidArgumentError(`--locale must be zh or en, not "${value}"`);
  return value;
}

export function buildProgram(): Command {
  const program = new Command('jianlou')
    .description('Watch a youth-palace course portal for freed seats, alert WeCom, hold and approve.')
    .option('-c, --config <file>', 'config file', 'jianlou.yaml')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  const config = () => program.opts<{ config: string }>().config;

  program
    .command('demo')
    .description(
      'the whole story on this machine: demo portal + local WeCom sink + watcher + approval server',
    )
    .option('--auto-approve', 'approve the first hold by following its link, like a parent would')
    .option(
      '--exit-after <seconds>',
      'end after the first order; fail if none within this time',
      intArg('--exit-after', 5, 86400),
    )
    .option(
      '--expire-session-after <seconds>',
      'expire the portal session mid-story, to log back in from the printed phone link',
      intArg('--expire-session-after', 1, 86400),
    )
    .option('--port <n>', 'demo portal port (0 = any free port)', intArg('--port', 0, 65535), 0)
    .option(
      '--style <style>',
      'demo portal style: classic (pages, cookie, cart), spa (single-page app, bearer token, registrations) or legacy (GBK pages, SMS login, unpaid pre-registrations)',
      styleArg,
    )
    .option(
      '--report <file>',
      'at the end, write the portal state and the messages the group received (JSON)',
    )
    .option(
      '--locale <zh|en>',
      "the demo config's locale: the story, alerts and pages (default zh)",
      localeArg,
    )
    .action(async (opts) => (await import('./demo.js')).demoCommand(opts));

  program
    .command('init [dir]')
    .description(
      "a family's folder: package.json, tsconfig.json, jianlou.yaml, flows/ skeleton, its test, storage-state/, .gitignore",
    )
    .option('--url <url>', 'the portal’s address (asked for on a terminal, else a placeholder)')
    .option('--template <kind>', 'the flow skeleton: json (a JSON API) or html (HTML pages)', 'json')
    .option('--locale <zh|en>', 'the folder’s language: its config’s locale and what init says (default zh)')
    .option(
      '--from <spec>',
      'where npm gets jianlou from: a tarball, a checkout or a version (default: this version)',
    )
    .action(async (dir, opts) => (await import('./init.js')).initCommand(dir, opts));

  program
    .command('portal')
    .description('serve the demo portal alone')
    .option('--port <n>', 'port to listen on', intArg('--port', 0, 65535), 4173)
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--test-mode', 'fixed captcha 8888 and the /__admin/ switches')
    .option('--release', 'free seats at random moments (lively demos and soak tests)')
    .option(
      '--style <style>',
      'classic (pages, cookie, cart), spa (single-page app, bearer token, JSON API on a second port) or legacy (GBK JSP pages, SMS login, pre-registrations)',
      styleArg,
      'classic',
    )
    .option(
      '--wechat-only',
      'legacy style: pages ask for WeChat’s built-in browser unless the user agent says MicroMessenger',
    )
    .option(
      '--api-port <n>',
      'spa style: port of the JSON API (default: --port + 1; 0 = any free port)',
      intArg('--api-port', 0, 65535),
    )
    .action(async (opts) => (await import('./portal.js')).portalCommand(opts, configLocale(config())));

  program
    .command('login <account>')
    .description('log in by hand in a browser and save the session for an account')
    .option(
      '--import <file>',
      'import a Playwright storage-state JSON file, a Cookie header copied from dev tools, or a localStorage token as {"localStorage":{"KEY":"TOKEN"}}',
    )
    .option(
      '--scripted',
      'use the flow’s scripted login with credentials from the config (test portals only)',
    )
    .option('--remote', 'print a signed link and QR code to log in from a phone through a relayed login page')
    .option(
      '--timeout <seconds>',
      'how long to wait for you to finish logging in',
      intArg('--timeout', 10, 3600),
      600,
    )
    .action(async (account, opts) => (await import('./login.js')).loginCommand(config(), account, opts));

  program
    .command('check')
    .description('one check cycle, deliver its alerts, then exit (for cron, systemd or serverless timers)')
    .option('--dry-run', 'no mutating step, nothing sent: print what would have been done')
    .option('--json', 'print the cycle result as JSON')
    .action(async (opts) => (await import('./check.js')).checkCommand(config(), opts));

  program
    .command('watch')
    .description('the daemon: scheduler + alert sender + approval server, until SIGINT/SIGTERM')
    .action(async () => (await import('./watch.js')).watchCommand(config()));

  program
    .command('status')
    .description('per target: seats last seen, last check, alerts, holds; per account: session health')
    .option('--json', 'machine-readable output')
    .option('--link', 'print the signed link to the status page served by `jianlou watch` (and a QR code)')
    .option('--rotate', 'with --link: make a new link; the old one is refused from now on')
    .action(async (opts) =>
      opts.link || opts.rotate
        ? (await import('./status-link.js')).statusLinkCommand(config(), opts)
        : (await import('./status.js')).statusCommand(config(), opts),
    );

  program
    .command('surges')
    .description('surge windows learned from the seat history')
    .command('suggest')
    .description('print schedule.surges lines for when seats came back, each with why (reads the store only)')
    .option('--json', 'machine-readable output')
    .action(async (opts) => (await import('./surges.js')).surgesSuggestCommand(config(), opts));

  program
    .command('holds')
    .description('list holds, or approve/release one (the same decisions as the alert links)')
    .argument('[action]', 'approve | release')
    .argument('[id]', 'hold id (from `jianlou holds`)')
    .option('--json', 'machine-readable output')
    .action(async (action, id, opts) =>
      (await import('./holds.js')).holdsCommand(config(), action, id, opts),
    );

  const flow = program
    .command('flow')
    .description('help for writing a flow: try it, or record one from a visit');
  flow
    .command('try')
    .description(
      "run the config's flow once (checkSession + observe, read-only) against the live portal and print what it saw",
    )
    .option('--account <id>', 'only this account')
    .option('--json', 'machine-readable output')
    .option('--timeout <s>', 'time budget of the try, in seconds', intArg('--timeout', 1, 600), 60)
    .action(async (opts) => (await import('./flow-try.js')).flowTryCommand(config(), opts));
  flow
    .command('record <account>')
    .description(
      'write a flow from one visit: log in, open the course list, open one course (and add it to the cart) in the window; it finds the seats and the login check, asks you to confirm, writes flows/<name>.ts and runs flow try',
    )
    .option('--name <name>', 'the flow’s name and file (flows/<name>.ts); default recorded-<host>')
    .option('--course <title>', 'the title of the course you will open (else asked, or the link you click)')
    .option('--yes', 'accept what it finds without asking (scripts, tests)')
    .option('--force', 'write over flows/<name>.ts if it exists')
    .option('--save-recording <file>', 'also save the visit, without passwords, codes, cookies or tokens')
    .option('--no-try', 'do not run flow try on the new flow')
    .action(async (account, opts) =>
      (await import('./flow-record.js')).flowRecordCommand(config(), account, opts),
    );

  program
    .command('doctor')
    .description('browser found, config valid, sessions valid, robot reachable')
    .option('--send', 'send a test alert to the robot and report its errcode')
    .action(async (opts) => (await import('./doctor.js')).doctorCommand(config(), opts));

  return program;
}

export async function main(argv: string[]): Promise<number> {
  // `jianlou status | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof ExitRequest) return error.exitCode;
    if (error instanceof CommanderError) {
      // Help and version are not errors; everything else commander rejects is bad usage.
      return error.exitCode === 0 ? 0 : 2;
    }
    const secrets = (error as { secrets?: string[] }).secrets ?? [];
    // Said in the config's language where the error carries its words (the message is English).
    const words = catalogue(configLocale(program.opts<{ config: string }>().config)).cli.errors;
    const message = scrubSecrets(error instanceof Error ? sayError(error, words) : String(error), secrets);
    if (error instanceof JianlouError) {
      process.stderr.write(`jianlou: ${message}\n`);
    } else {
      process.stderr.write(`jianlou: ${words.unexpected(message)}\n`);
      if (process.env.JIANLOU_DEBUG && error instanceof Error && error.stack) {
        process.stderr.write(`${scrubSecrets(error.stack, secrets)}\n`);
      }
    }
    return exitCodeFor(error);
  }
}

export { BadInputError };
