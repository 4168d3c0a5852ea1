import pino, { type DestinationStream, type Logger } from 'pino';
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
  const text = own ? message : (message.split('\n', 1)[0] ?? '');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips terminal colour codes
  return scrubSecrets(text.replace(/\u001b\[\d+m/g, ''), secrets);
}

function deepScrub(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return scrubSecrets(value, secrets);
  if (depth > 6 || value === null || typeof value !== 'object' || value instanceof Error) return value;
  if (Array.isArray(value)) return value.map((v) => deepScrub(v, secrets, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, deepScrub(v, secrets, depth + 1)]));
}

export interface LoggerOptions {
  level?: string;
  /** Pretty, human output; default: when stdout is a terminal. */
  pretty?: boolean;
  /** Secret values (from the config) scrubbed from every message and error. */
  secrets?: readonly string[];
  destination?: DestinationStream;
  /** Write logs to stderr (commands whose stdout is their report). */
  stderr?: boolean;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const secrets = options.secrets ?? [];
  const tty = options.stderr ? process.stderr.isTTY : process.stdout.isTTY;
  const pretty = options.pretty ?? (tty === true && !options.destination);
  const base = {
    level: options.level ?? process.env.JIANLOU_LOG_LEVEL ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    base: undefined,
    serializers: {
      err: (err: unknown) => {
        // A flow may log `err: message` (a string): a logger must never throw.
        if (!(err instanceof Error)) return typeof err === 'string' ? scrubSecrets(err, secrets) : err;
        const e = pino.stdSerializers.err(err);
        return {
          ...e,
          message: scrubSecrets(e.message, secrets),
          stack: e.stack ? scrubSecrets(e.stack, secrets) : undefined,
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
  if (options.destination) return pino(base, options.destination);
  if (pretty) {
    return pino({
      ...base,
      transport: {
        target: 'pino-pretty',
        options: {
          colorize: true,
          translateTime: 'SYS:HH:MM:ss',
          ignore: 'pid,hostname',
          destination: options.stderr ? 2 : 1,
        },
      },
    });
  }
  return options.stderr ? pino(base, pino.destination({ fd: 2, sync: true })) : pino(base);
}
