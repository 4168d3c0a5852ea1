import { detectDisplay, runLogin } from '../browser/login.js';
import { loadConfig } from '../config/load.js';
import { BadInputError } from '../core/errors.js';
import { loadFlow } from '../flow/load.js';

export interface LoginOptions {
  import?: string;
  scripted?: boolean;
  timeout: number;
}

export async function loginCommand(configFile: string, accountId: string, opts: LoginOptions): Promise<void> {
  const config = loadConfig(configFile);
  const account = config.accounts.find((a) => a.id === accountId);
  if (!account) {
    throw new BadInputError(
      `no account "${accountId}" in ${config.file} (accounts: ${config.accounts.map((a) => a.id).join(', ')})`,
    );
  }
  if (opts.import && opts.scripted)
    throw new BadInputError('use either --import FILE or --scripted, not both');
  if (opts.scripted && !account.credentials) {
    throw new BadInputError(
      `--scripted needs accounts.${config.accounts.indexOf(account)}.credentials (username, password) in ${config.file}`,
    );
  }
  const flow = await loadFlow(config.portal.flow, { cwd: config.dir });
  const { path } = await runLogin({
    flow,
    accountId,
    baseUrl: config.portal.baseUrl,
    storageStatePath: account.storageState ?? `storage-state/${accountId}.json`,
    mode: opts.import ? 'import' : opts.scripted ? 'scripted' : 'interactive',
    ...(opts.import ? { importFrom: opts.import } : {}),
    ...(account.credentials ? { credentials: account.credentials } : {}),
    timeoutMs: opts.timeout * 1000,
    hasDisplay: detectDisplay(),
    out: (line) => process.stdout.write(`${line}\n`),
    locale: config.locale,
  });
  process.stdout.write(`session for account "${accountId}" saved to ${path} (readable by you only)\n`);
}
