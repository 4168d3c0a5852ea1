import { stat } from 'node:fs/promises';
import { createHoldDecider } from '../app/holds/hold-decisions.js';
import type { Runtime } from '../app/runtime/runtime.js';
import { loginRelayFor } from '../app/sessions/login-relay.js';
import { makeLoginLink } from '../approve/login-tokens.js';
import { type ApprovalServer, startApprovalServer } from '../approve/server.js';
import { BadInputError, JianlouError } from '../core/errors.js';
import { catalogue } from '../i18n/catalogue.js';

/**
 * `jianlou login <account> --remote` (issue 15): prints a signed link (and its QR code) to log in
 * from a phone through the relayed login page, waits, and returns once the session is saved.
 * When `watch` already listens on approval.listen, its server serves the link; this command then
 * waits for the session file to be rewritten. Exit 0 saved · 2 bad account/config · 1 time-out.
 */

export interface RemoteLoginIo {
  out: (line: string) => void;
  /** The QR code of a URL as terminal text; absent when stdout is no terminal (the link alone). */
  qr: ((url: string) => Promise<string>) | undefined;
  /** The first Ctrl-C / SIGTERM: stop waiting (a relay saving the session finishes first). */
  stop?: AbortSignal;
}

/**
 * How long a saved relay waits for its phone to hear so before the server stops (a relay no phone
 * ever acted on is not waited for; a phone on a slow link or a loaded machine needed more than 10 s).
 */
const SAVED_SEEN_WAIT_MS = 20_000;

const mtimeOf = (path: string) =>
  stat(path).then(
    (s) => s.mtimeMs,
    () => 0,
  );

export async function remoteLogin(
  rt: Runtime,
  accountId: string,
  timeoutMs: number,
  io: RemoteLoginIo,
): Promise<{ path: string }> {
  const { config } = rt;
  const t = catalogue(config.locale).cli.remote;
  const account = config.accounts.find((a) => a.id === accountId);
  if (!account) {
    const known = config.accounts.map((a) => a.id);
    throw new BadInputError(`no account "${accountId}" in ${config.file} (accounts: ${known.join(', ')})`, {
      words: { code: 'no_account', accountId, file: config.file, known },
    });
  }
  if (!config.approval) {
    throw new BadInputError(t.noApproval(config.file), {
      words: { code: 'no_approval', file: config.file, need: 'remote_login' },
    });
  }
  const approval = config.approval;
  let saved!: () => void;
  const done = new Promise<void>((resolve) => {
    saved = resolve;
  });
  let server: ApprovalServer | undefined;
  const before = await mtimeOf(account.storageState);
  try {
    server = await startApprovalServer({
      listen: approval.listen,
      publicUrl: approval.publicUrl,
      secret: approval.secret,
      kv: rt.kv,
      locale: config.locale,
      decider: createHoldDecider(rt),
      logger: rt.logger.child({ part: 'approve' }),
      now: rt.now,
      timeZone: config.timezone,
      loginRelay: loginRelayFor(rt, (id) => {
        if (id === accountId) saved();
      }),
    });
  } catch (error) {
    // The address is taken: most likely `watch` runs and serves the same links with the same secret.
    if (!(error instanceof JianlouError)) throw error;
    server = undefined;
  }
  const link = makeLoginLink({
    publicUrl: approval.publicUrl,
    secret: approval.secret,
    accountId,
    now: rt.now(),
  });
  io.out(t.open(accountId));
  io.out(link.url);
  if (!server) io.out(t.viaWatch);
  if (io.qr) io.out(await io.qr(link.url));
  const minutes = Math.max(1, Math.round(timeoutMs / 60_000));
  io.out(t.waiting(minutes));
  const poll = server
    ? undefined
    : setInterval(async () => {
        if ((await mtimeOf(account.storageState)) > before) saved();
      }, 1000);
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const stopped = new Promise<'stopped'>((resolve) => {
      if (io.stop?.aborted) resolve('stopped');
      io.stop?.addEventListener('abort', () => resolve('stopped'), { once: true });
    });
    const result = await Promise.race([done.then(() => 'saved' as const), timedOut, stopped]);
    if (result === 'timeout') throw new JianlouError(t.timedOut(accountId, minutes));
    if (result === 'stopped') throw new JianlouError(t.stopped(accountId));
    // The phone shows "已登录" only once it hears so from this server: wait for that (a few seconds
    // at most) before the server goes, or it keeps a frozen page with live buttons.
    await server?.loginRelays?.savedSeen(accountId, SAVED_SEEN_WAIT_MS);
    io.out(t.saved(accountId, account.storageState));
    return { path: account.storageState };
  } finally {
    clearTimeout(timer);
    if (poll) clearInterval(poll);
    await server?.close();
  }
}
