import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildStatusReport } from '../../src/app/status/status.js';
import { renderStatus } from '../../src/cli/status.js';
import { parseConfig } from '../../src/config/load.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { createRepositories } from '../../src/store/repositories.js';
import { createStateRepo } from '../../src/store/state.js';
import { emptyWatchState, watchStateSchema } from '../../src/watch/decide.js';

describe('issue 18: status shows alerts held back by quiet hours, and when they go out', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-status-quiet-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const config = parseConfig(
    [
      'store: memory://',
      'portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:9" }',
      'accounts: [{ id: mom, storageState: mom.json }]',
      'children: [{ id: sister, name: 姐姐, account: mom, studentId: S001 }]',
      'targets: [{ child: sister, courses: [ART-101] }]',
      'policy: { quietHours: { start: "22:00", end: "07:00", urgent: [opening] } }',
    ].join('\n'),
    join(dir, 'jianlou.yaml'),
    {},
  );

  async function reportAt(now: Date) {
    const kv = await createMemoryStore();
    const watchState = createStateRepo(kv, 'watch', watchStateSchema);
    await watchState.save({
      ...emptyWatchState(new Date('2026-07-01T14:00:00Z')),
      heldBack: [{ kind: 'problem', subject: 'mom/session_expired', since: '2026-07-01T14:30:00.000Z' }],
    });
    return buildStatusReport({ config, repos: createRepositories(kv), watchState, now: () => now }, []);
  }

  it('during quiet hours: waiting, going out at the first check after 07:00 (JSON and text)', async () => {
    const report = await reportAt(new Date('2026-07-01T15:00:00Z')); // 23:00 in Shanghai
    expect(JSON.parse(JSON.stringify(report)).heldBack).toEqual([
      {
        kind: 'problem',
        subject: 'mom/session_expired',
        since: '2026-07-01T14:30:00.000Z',
        goesOutAt: '2026-07-01T23:00:00.000Z',
      },
    ]);
    const text = renderStatus(report, { locale: 'en' }).join('\n');
    expect(text).toContain('WAITING FOR QUIET HOURS TO END');
    expect(text).toContain(
      'problem mom/session_expired — held back since 2026-07-01 22:30:00; goes out at the first check after 2026-07-02 07:00:00 (in 8 h)',
    );
  });

  it('after quiet hours, before the next check: goes out at the next check', async () => {
    const report = await reportAt(new Date('2026-07-01T23:01:00Z'));
    expect(report.heldBack[0]?.goesOutAt).toBeNull();
    expect(renderStatus(report, { locale: 'en' }).join('\n')).toContain(
      'quiet hours are over: goes out at the next check',
    );
  });

  it('nothing held back: no section', async () => {
    const kv = await createMemoryStore();
    const watchState = createStateRepo(kv, 'watch', watchStateSchema);
    const report = await buildStatusReport(
      { config, repos: createRepositories(kv), watchState, now: () => new Date() },
      [],
    );
    expect(report.heldBack).toEqual([]);
    expect(renderStatus(report, { locale: 'en' }).join('\n')).not.toContain('QUIET HOURS');
  });
});
