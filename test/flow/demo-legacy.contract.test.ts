import flow from '../../flows/demo-legacy.js';
import { legacyFixture, testFlow } from '../../src/contract/suite.js';
import { startPortal } from '../../src/portal/server.js';

// Issue 28: the legacy style (GBK pages, form tokens, SMS login, unpaid pre-registrations) through the
// same contract suite as the classic and spa styles. A short request timeout keeps "the portal hangs" quick.
testFlow(
  flow,
  legacyFixture({
    start: () => startPortal({ style: 'legacy', port: 0, testMode: true }),
    options: { timeoutMs: 1500 },
    login: { username: '13800000000', password: 'demo1234', captcha: '8888' },
    child: { id: 'sister', name: '姐姐', account: 'contract', studentId: 'S001' },
  }),
);
