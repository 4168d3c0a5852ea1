import flow from '../../flows/demo-spa.js';
import { spaFixture, testFlow } from '../../src/contract/suite.js';
import { startPortal } from '../../src/portal/server.js';

// Issue 14: the spa style through the fixture interface; its settings come as portal.options.
// A short request timeout keeps the "portal hangs" case quick.
testFlow(
  flow,
  spaFixture({
    start: () => startPortal({ style: 'spa', port: 0, testMode: true }),
    options: ({ apiUrl }) => ({ apiUrl, timeoutMs: 1500 }),
    login: { username: '13800000000', password: 'demo1234' },
    child: { id: 'sister', name: '姐姐', account: 'contract', studentId: 'S001' },
  }),
);
