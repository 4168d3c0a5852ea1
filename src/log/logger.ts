import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger } from 'pino';
import type PinoPretty from 'pino-pretty';
import { scrubSecrets } from '../core/scrub.js';

export type { Logger } from 'pino';

/** Paths pino blanks out wherever they appear (one or two levels deep). */
export const REDACT_PATHS = [
  'webhook',
  'webhookUrl',
  'password',
  'secret',
  'token',
  'cookie',
  'cookies',
  'authorization',
  'storageState.cookies',
  '*.webhook',
  '*.webhookUrl',
  '*.password',
  '*.secret',
  '*.token',
  '*.cookie',
  '*.cookies',
  '*.authorization',
  '*.credentials',
  'headers.cookie',
  'headers.authorization',
  'req.headers.cookie',
  'req.headers.authorization',
  'headers["x-auth-token"]',
  'req.headers["x-auth-token"]',
  'headers["proxy-authorization"]',
  'ticket',
  '*.ticket',
  'wecom.webhook',
  'notify.wecom.webhook',
  'approval.secret',
];

/** The one secret scrubber (src/core/scrub.ts), marking with `[redacted]` in logs. */
export { scrubSecrets };

/**
 * A one-line, secret-free description of an error, fit for alerts, stdout and the store. Our own
 * errors are written to be shown; anything else (Playwright, Node) keeps only its first line.
 */
export function describeError(error: unknown, secrets: readonly string[] = []): string {
  const message = error instanceof Error ? error.message : String(error);
  const own =
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('E_');
  // Stryker disable next-line StringLiteral: split always yields a first element; `?? ''` only satisfies the type
  const text = own ? message : (message.split('\n', 1)[0] ?? '');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour codes
  return scrubSecrets(text.replace(/\u001b\[\d+m/g, ''), secrets);
}

/**
 * Keys whose value is a credential wherever a logged field holds them, in any case and at any depth
 * (pino's redact paths reach one or two levels): credential headers of a logged request or response
 * and the secret fields of a login form.
 */
export const SECRET_KEYS: ReadonlySet<string> = new Set([
  'cookie',
  'set-cookie',
  'authorization',
  'proxy-authorization',
  'x-csrf-token',
  'x-xsrf-token',
  'x-auth-token',
  'x-access-token',
  'x-api-key',
  'x-token',
  'password',
  'passwd',
  'pwd',
  'secret',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'ticket',
]);

function deepScrub(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (depth > 6 || value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((v) => deepScrub(v, secrets, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      SECRET_KEYS.has(k.toLowerCase()) ? '[redacted]' : deepScrub(v, secrets, depth + 1),
    ]),
  );
}

/** A terminal stream a logger may write to: the process's stdout or stderr, or a test's stand-in. */
export interface LogOutput {
  /** True when a person watches it: the logger is pretty there by default. */
  readonly isTTY?: boolean | undefined;
  /** The stream the lines go to (opened when a logger is created). */
  open(): DestinationStream;
}

export interface LogOutputs {
  readonly stdout: LogOutput;
  readonly stderr: LogOutput;
}

/**
 * The process's own stdout and stderr. Stderr is written synchronously: it carries a command's
 * last words before it exits.
 */
export const PROCESS_OUTPUTS: LogOutputs = {
  stdout: {
    get isTTY() {
      return process.stdout.isTTY;
    },
    open: () => pino.destination(1),
  },
  stderr: {
    get isTTY() {
      return process.stderr.isTTY;
    },
    open: () => pino.destination({ fd: 2, sync: true }),
  },
};

export interface LoggerOptions {
  level?: string;
  /** Pretty, human output; default: when the output (stdout, or stderr with `stderr`) is a terminal. */
  pretty?: boolean;
  /** Secret values (from the config) scrubbed from every message and error. */
  secrets?: readonly string[];
  /** Lines go here instead of stdout/stderr: JSON, or pretty with `pretty: true`. */
  destination?: DestinationStream;
  /** Write logs to stderr (commands whose stdout is their report). */
  stderr?: boolean;
  /** The stdout and stderr to write to; default: the process's own (tests pass stand-ins). */
  outputs?: LogOutputs;
}

/** pino-pretty, loaded only for a terminal: a cron or serverless check (JSON logs) never pays for it. */
function prettyStream(): typeof PinoPretty {
  return createRequire(import.meta.url)('pino-pretty') as typeof PinoPretty;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = options.secrets ?? [];
  const outputs = options.outputs ?? PROCESS_OUTPUTS;
  const output = options.stderr ? outputs.stderr : outputs.stdout;
  const pretty = options.pretty ?? (output.isTTY === true && !options.destination);
  const base = {
    level: options.level ?? process.env.JIANLOU_LOG_LEVEL ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: undefined,
    serializers: {
      err: (err: unknown) => {
        // A flow may log `err: message` (a string): a logger must never throw.
        // A string was already scrubbed by `formatters.log` (it runs first); scrubbed again, to be safe.
        // Stryker disable next-line ConditionalExpression,StringLiteral: see above, the log formatter scrubs it first
        if (!(err instanceof Error)) return typeof err === 'string' ? scrubSecrets(err, secrets) : err;
        // Every field a library hung on the error too (a request's body, its headers).
        const { message, stack, ...rest } = pino.stdSerializers.err(err);
        return {
          ...(deepScrub(rest, secrets) as object),
          message: scrubSecrets(message, secrets),
          stack: stack ? scrubSecrets(stack, secrets) : undefined,
        };
      },
    },
    formatters: {
      log: (obj: Record<string, unknown>) => deepScrub(obj, secrets) as Record<string, unknown>,
    },
    hooks: {
      // Messages are scrubbed too: a URL with ?key= pasted into a log line must not leak.
      logMethod(this: Logger, args: Parameters<Logger['info']>, method: (...a: unknown[]) => void) {
        method.apply(
          this,
          args.map((a) => (typeof a === 'string' ? scrubSecrets(a, secrets) : a)),
        );
      },
    },
  } satisfies pino.LoggerOptions;
  const destination = options.destination ?? output.open();
  if (!pretty) return pino(base, destination);
  // Pretty lines are formatted in this process (no worker thread), so a test can read what a
  // person would see.
  return pino(
    base,
    prettyStream()({
      colorize: true,
      translateTime: 'SYS:HH:MM:ss',
      // Stryker disable next-line StringLiteral: `base: undefined` already leaves pid and hostname out
      ignore: 'pid,hostname',
      destination,
    }),
  );
}
