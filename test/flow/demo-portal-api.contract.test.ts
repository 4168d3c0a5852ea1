import { createDemoFlow } from '../../flows/demo-portal.js';
import { classicFixture, testFlow } from '../../src/contract/suite.js';
import { startPortal } from '../../src/portal/server.js';

// A short request timeout keeps the "portal hangs" case quick.
testFlow(
  createDemoFlow({ mode: 'api', timeoutMs: 1500 }),
  classicFixture({
    start: () => startPortal({ port: 0, testMode: true }),
    login: { username: '13800000000', password: 'demo1234', captcha: '8888' },
    child: { id: 'sister', name: '姐姐', account: 'contract', studentId: 'S001' },
  }),
);
