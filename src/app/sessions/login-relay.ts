import type { LoginRelayOptions } from '../../approve/login-relay.js';
import { openRelaySession } from '../../browser/relay.js';
import { BadInputError } from '../../core/errors.js';
import type { Runtime } from '../runtime/runtime.js';

/**
 * Wires the approval server's `/login/<token>` pages to a relayed browser (issue 15). Each relay
 * gets its own headless Chromium, so the checks' shared browser (relaunched after many contexts)
 * never takes a person's half-typed login with it.
 */
export function loginRelayFor(
  rt: Pick<Runtime, 'config' | 'flow' | 'flowOptions' | 'logger'>,
  onSaved: (accountId: string) => void,
): LoginRelayOptions {
  const { config, flow } = rt;
  return {
    accounts: config.accounts.map((a) => a.id),
    secureCookie: config.approval?.publicUrl.startsWith('https:') ?? false,
    open: async (accountId) => {
      const account = config.accounts.find((a) => a.id === accountId);
      if (!account) {
        const known = config.accounts.map((a) => a.id);
        throw new BadInputError(`no account "${accountId}" in ${config.file}`, {
          words: { code: 'no_account', accountId, file: config.file, known },
        });
      }
      return openRelaySession({
        flow,
        flowOptions: rt.flowOptions,
        accountId,
        baseUrl: config.portal.baseUrl,
        storageStatePath: account.storageState,
        locale: config.locale,
      });
    },
    onSaved: (accountId) => {
      rt.logger.info({ accountId }, 'session saved from the phone');
      onSaved(accountId);
    },
  };
}
