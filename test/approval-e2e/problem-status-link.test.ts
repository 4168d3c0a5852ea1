import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDaemon } from '../../src/app/process/daemon.js';
import { type Engine, type Stage, startEngine, startStage } from './harness.js';

interface JumpEntry {
  title: string;
  url: string;
}

/**
 * Issue 29 (a parent's check): the login-expired card's "查看状态" button opened the approval server's
 * root, which answers "链接无效". Under `watch` it must open the family's status page.
 */
describe('the problem alert links to the status page that answers', () => {
  let stage: Stage;
  let engine: Engine | undefined;

  beforeAll(async () => {
    stage = await startStage();
  });
  afterAll(async () => {
    await engine?.close();
    await stage?.close();
  });

  it('"查看状态" on the login-expired card opens the status page (200), not an invalid-link page', async () => {
    engine = await startEngine(stage, {
      targets: ['{ child: sister, courses: [ART-101] }'],
      approvalServer: false,
    });
    stage.portal.admin.expireSessions();
    const daemon = await startDaemon(engine.rt, { checkAtStart: true, tickMs: 200 });
    try {
      const statusLink = await vi.waitFor(
        () => {
          const card = stage.sink
            .received()
            .find((m) => m.msgtype === 'template_card' && JSON.stringify(m.body).includes('登录已过期'));
          const jumps = ((card?.body.template_card as { jump_list?: JumpEntry[] } | undefined)?.jump_list ??
            []) as JumpEntry[];
          const found = jumps.find((j) => j.title === '查看状态');
          if (!found) throw new Error('no 查看状态 link yet');
          return found.url;
        },
        { timeout: 30_000, interval: 200 },
      );
      expect(statusLink).toMatch(/\/s\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      const answer = await fetch(statusLink);
      const body = await answer.text();
      expect(answer.status).toBe(200);
      expect(body).not.toContain('链接无效');
      expect(body).toContain('mom');
    } finally {
      await daemon.stop();
    }
  }, 90_000);
});
