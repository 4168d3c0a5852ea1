import { afterAll, describe, expect, it } from 'vitest';
import { classicFixture } from '../../src/contract/fixtures.js';
import { startPortal } from '../../src/portal/server.js';

/** Issue 29 item 13: a fixture passes the flow its options and claims the cart limit only when it has one. */
describe('classicFixture', () => {
  const closers: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const close of closers) await close();
  });
  const common = {
    start: () => startPortal({ port: 0, testMode: true }),
    login: { username: '13800000000', password: 'demo1234', captcha: '8888' },
    child: { id: 'sister', name: '姐姐', account: 'contract', studentId: 'S001' },
  };

  it('passes portal.options made from the started portal to the suite', async () => {
    const fixture = classicFixture({ ...common, options: (portal) => ({ api: `${portal.url}/api` }) });
    const running = await fixture.start();
    closers.push(running.close);
    expect(running.options).toEqual({ api: `${running.url}/api` });
  });

  it('gives no options when none are asked for', async () => {
    const running = await classicFixture(common).start();
    closers.push(running.close);
    expect(running).not.toHaveProperty('options');
  });

  it('claims limitHolds by default (the demo portal has it), and not for a fake that says it has none', () => {
    expect(classicFixture(common).limitHolds).toBeTypeOf('function');
    expect(classicFixture({ ...common, limitHolds: false })).not.toHaveProperty('limitHolds');
  });
});
