import { describe, expect, it } from 'vitest';
import { loginRelayFor } from '../../../src/app/sessions/login-relay.js';
import { sayError } from '../../../src/cli/say-error.js';
import { BadInputError } from '../../../src/core/errors.js';
import { catalogue } from '../../../src/i18n/catalogue.js';
import { createLogger } from '../../../src/log/logger.js';

type Rt = Parameters<typeof loginRelayFor>[0];

/** Issue 29 item 12: the relay's "no account" error carries its words, said in the config's language. */
describe('login relay: an account the config does not have', () => {
  const rt = {
    config: {
      file: '/srv/jl/jianlou.yaml',
      accounts: [{ id: 'mom' }, { id: 'dad' }],
      portal: { baseUrl: 'http://127.0.0.1:9' },
      locale: 'zh',
    },
    flow: {},
    flowOptions: {},
    logger: createLogger({ level: 'silent' }),
  } as unknown as Rt;

  it('is bad input whose words name the account, the file and the known accounts', async () => {
    const failure = await loginRelayFor(rt, () => {})
      .open('grandma')
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(BadInputError);
    expect((failure as Error).message).toBe('no account "grandma" in /srv/jl/jianlou.yaml');
    expect(sayError(failure as Error, catalogue('zh').cli.errors)).toBe(
      '/srv/jl/jianlou.yaml 里没有账号 "grandma"（已有的账号：mom、dad）：在 accounts 下加上它，或者换一个账号',
    );
    expect(sayError(failure as Error, catalogue('en').cli.errors)).toBe(
      'no account "grandma" in /srv/jl/jianlou.yaml (accounts: mom, dad)',
    );
  });
});
