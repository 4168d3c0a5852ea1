import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildStatusReport } from '../../src/app/status/status.js';
import { renderStatus } from '../../src/cli/status.js';
import { parseConfig } from '../../src/config/load.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { createRepositories } from '../../src/store/repositories.js';

/** A surge window without a name is named by its cron in the config's language (issue 29). */
describe('status names an unnamed cron surge in the config’s language', () => {
  async function lines(locale: 'zh' | 'en') {
    const config = parseConfig(
      [
        `locale: ${locale}`,
        'store: memory://',
        'portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:9" }',
        'accounts: [{ id: mom, storageState: mom.json }]',
        'children: [{ id: sister, name: 姐姐, account: mom, studentId: S001 }]',
        'targets: [{ child: sister, courses: [ART-101] }]',
        'schedule:',
        '  cron: "*/5 7-22 * * *"',
        '  surges:',
        '    - { cron: "0 9 * * 1", durationMinutes: 30, everySeconds: 20 }',
        '    - { name: 周一放号, cron: "0 12 * * 1", durationMinutes: 10, everySeconds: 20 }',
      ].join('\n'),
      join('/tmp', 'jianlou.yaml'),
      {},
    );
    const kv = await createMemoryStore();
    const now = new Date('2026-07-01T04:00:00Z');
    const report = await buildStatusReport({ config, repos: createRepositories(kv), now: () => now }, []);
    return { text: renderStatus(report, { locale }).join('\n'), report };
  }

  it('zh', async () => {
    const { text, report } = await lines('zh');
    expect(text).toContain('加密检查 0 9 * * 1 持续 30 分钟：每 20 秒一次');
    expect(text).toContain('加密检查 周一放号：每 20 秒一次');
    expect(text).not.toContain('for 30 min');
    // --json keeps its English name.
    expect(report.schedule.surges[0]?.name).toBe('0 9 * * 1 for 30 min');
  });

  it('en', async () => {
    const { text } = await lines('en');
    expect(text).toContain('surge 0 9 * * 1 for 30 min: every 20 s');
    expect(text).toContain('surge 周一放号: every 20 s');
  });
});
