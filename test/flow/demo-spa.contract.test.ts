import { expect, it } from 'vitest';
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

// Issue 29 item 13: vitest 4 runs nested describe bodies after the outer one, so a list read at the
// end of the outer body was always empty and the "not applicable" check vanished without a word.
it('the contract suite registers its "not applicable" check, naming what this flow lacks', ({ task }) => {
  const names: string[] = [];
  const walk = (t: { name: string; tasks?: { name: string }[] }) => {
    names.push(t.name);
    for (const child of t.tasks ?? []) walk(child);
  };
  walk(task.file);
  const notApplicable = names.find((n) => n.startsWith('not applicable to this flow'));
  expect(notApplicable).toContain('release returns the seat');
});
