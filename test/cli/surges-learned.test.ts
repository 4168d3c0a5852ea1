import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { learnFromHistory } from '../../src/app/status/learned-surges.js';
import { buildStatusReport } from '../../src/app/status/status.js';
import { renderStatusPage } from '../../src/approve/status-page.js';
import type { StatusPageData } from '../../src/approve/status-types.js';
import { renderStatus } from '../../src/cli/status.js';
import { renderSuggestion } from '../../src/cli/surges.js';
import { parseConfig } from '../../src/config/load.js';
import { createMemoryStore } from '../../src/store/memory.js';
import { createRepositories } from '../../src/store/repositories.js';

const DAY = 86_400_000;
const yaml = (locale: 'zh' | 'en', learn: boolean) =>
  [
    'store: memory://',
    `locale: ${locale}`,
    'timezone: Asia/Shanghai',
    'portal: { flow: demo-portal, baseUrl: "http://127.0.0.1:9" }',
    'accounts: [{ id: mom, storageState: mom.json }]',
    'children: [{ id: sister, name: 姐姐, account: mom, studentId: S001 }]',
    'targets: [{ child: sister, courses: [ART-101] }]',
    `schedule: { cron: "* 7-23 * * *", learn: ${learn}, maxRequestsPerHour: 120 }`,
  ].join('\n');

/** Ten nights in a row a seat of ART-101 came back at 00:00 Shanghai (16:00 UTC). */
async function nightlyHistory() {
  const repos = createRepositories(await createMemoryStore());
  const seen = (seats: number) => [
    {
      courseId: 'ART-101',
      title: '国画',
      seats,
      state: seats > 0 ? ('open' as const) : ('full' as const),
      url: 'u',
    },
  ];
  const first = Date.parse('2026-07-01T12:00:00Z');
  await repos.history.recordObservations(seen(0), new Date(first));
  for (let d = 0; d < 10; d++) {
    const midnight = Date.parse('2026-07-01T16:00:30Z') + d * DAY;
    await repos.history.recordObservations(seen(1), new Date(midnight));
    await repos.history.recordObservations(seen(0), new Date(midnight + 120_000));
  }
  return { repos, now: new Date(Date.parse('2026-07-11T04:00:00Z')) };
}

describe('learned surge windows in status, the status page and surges suggest (issue 32)', () => {
  it('status says when seats usually come back (zh by default, en when asked) and lists the window with why', async () => {
    const { repos, now } = await nightlyHistory();
    for (const [locale, summary, because] of [
      [
        'zh',
        '名额通常在00:00 前后空出来。',
        '原因：10 天里有 10 天在 23:58 到 00:02 之间有名额空出来（共 10 个名额；ART-101）',
      ],
      [
        'en',
        'Seats usually come back around 00:00.',
        'because seats came back between 23:58 and 00:02 on 10 of 10 days (10 return(s); ART-101)',
      ],
    ] as const) {
      const config = parseConfig(yaml(locale, true), '/x/jianlou.yaml', {});
      const report = await buildStatusReport({ config, repos, now: () => now }, []);
      expect(report.schedule.learned).toMatchObject({
        enabled: true,
        usualTimes: ['00:00'],
        summary,
        returns: { total: 10, byCourse: { 'ART-101': 10 } },
        windows: [
          expect.objectContaining({
            cron: '58 23 * * *',
            durationMinutes: 4,
            everySeconds: 10,
            activeNow: false,
          }),
        ],
      });
      // Status says why in the config's language (issue 29): no English sentence under zh.
      const text = renderStatus(report, { locale }).join('\n');
      expect(text).toContain(summary);
      expect(text).toContain(because);
      if (locale === 'en') expect(text).toContain('58 23 * * * for 4 min, every 10 s');
      else expect(text).not.toContain('seats came back');
    }
  });

  it('surges suggest prints schedule.surges lines that parse as config, each with why as a comment', async () => {
    const { repos, now } = await nightlyHistory();
    const config = parseConfig(yaml('en', false), '/x/jianlou.yaml', {});
    const learning = await learnFromHistory({ config, repos, now: () => now });
    const lines = renderSuggestion(learning, {
      locale: 'en',
      configured: [{ name: 'mine', cron: '55 11 * * *', durationMinutes: 30, everySeconds: 20 }],
      learn: false,
      maxRequestsPerHour: 120,
    });
    expect(lines).toContain(
      '    # seats came back between 23:58 and 00:02 on 10 of 10 days (10 return(s); ART-101)',
    );
    expect(lines).toContain('# Seats usually come back around 00:00.');
    const pasted = parse(lines.join('\n'));
    const reparsed = parseConfig(
      `${yaml('en', false).replace(/^schedule:.*$/m, '')}\n${lines.filter((l) => !l.startsWith('#')).join('\n')}`,
      '/x/jianlou.yaml',
      {},
    );
    expect(reparsed.schedule.surges).toEqual([
      { name: 'mine', cron: '55 11 * * *', durationMinutes: 30, everySeconds: 20 },
      { name: 'learned daily 58 23 * * *', cron: '58 23 * * *', durationMinutes: 4, everySeconds: 10 },
    ]);
    expect(pasted.schedule.surges).toHaveLength(2);
  });

  it('the status page words the usual times in its locale', () => {
    const data = {
      generatedAt: '2026-07-11T04:00:00Z',
      timeZone: 'Asia/Shanghai',
      window: { from: '2026-06-27T04:00:00Z', to: '2026-07-11T04:00:00Z' },
      children: [],
      openings: {
        byHour: new Array(24).fill(0),
        byWeekday: new Array(7).fill(0),
        total: 0,
        sinceDays: 180,
        usual: { times: ['10:00', '00:00'], afterWaveMinutes: [60] },
      },
      holds: [],
      accounts: [],
      channels: [],
      outbox: { messages: 0, effects: 0 },
      alerts: [],
      problems: [],
    } satisfies StatusPageData;
    const page = (locale: 'zh' | 'en') =>
      renderStatusPage(data, { locale, decidePath: '/s/x/decide', proof: () => 'p' });
    expect(page('zh')).toContain('名额通常在10:00、00:00 前后和开放报名后约 60 分钟空出来。');
    expect(page('en')).toContain(
      'Seats usually come back around 10:00 and 00:00, and about 60 min after registration opens.',
    );
  });
});
