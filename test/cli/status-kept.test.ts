import { describe, expect, it } from 'vitest';
import { buildStatusReport } from '../../src/app/status/status.js';
import { renderStatus } from '../../src/cli/status.js';
import { parseConfig } from '../../src/config/load.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { createRepositories } from '../../src/store/repositories.js';

// Issue 29 item 3: `jianlou status` says plainly that the portal keeps a hold of a kind that never
// expires, instead of "expires unknown".
describe('status: a held seat without an expiry', () => {
  const config = parseConfig(
    [
      'store: memory://',
      'portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:9" }',
      'accounts: [{ id: mom, storageState: /nonexistent/mom.json }]',
      'children: [{ id: sister, name: 姐姐, account: mom, studentId: S001 }]',
      'targets: [{ child: sister, courses: [ART-101] }]',
    ].join('\n'),
    '/x/jianlou.yaml',
    {},
  );

  async function report() {
    const kv = await createMemoryStore();
    const now = new Date('2026-07-01T06:00:00Z');
    const r = await buildStatusReport({ config, repos: createRepositories(kv), now: () => now }, []);
    r.targets[0]!.holds.push({
      id: 'h1',
      courseId: 'ART-101',
      title: '少儿国画',
      status: 'held',
      expiresAt: null,
      decidedBy: null,
      decidedAt: null,
      orderId: null,
      error: null,
    });
    return r;
  }

  it('kept by the portal until the family decides, in zh and en', async () => {
    const r = await report();
    const zh = renderStatus(r, { locale: 'zh', keptByPortal: true }).join('\n');
    expect(zh).toContain('保留 ART-101 保留中 报名网站会一直保留，直到你们决定');
    const en = renderStatus(r, { locale: 'en', keptByPortal: true }).join('\n');
    expect(en).toContain('hold ART-101 HELD the portal keeps it until you decide');
    expect(en).not.toContain('expires unknown');
  });

  it('a kind that expires but whose end the portal did not say stays "unknown"', async () => {
    const r = await report();
    expect(renderStatus(r, { locale: 'en' }).join('\n')).toContain('hold ART-101 HELD expires unknown');
    expect(renderStatus(r, { locale: 'zh' }).join('\n')).toContain('报名网站没说保留到什么时候');
  });
});
