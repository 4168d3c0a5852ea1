import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { CycleResult } from '../../src/app/cycle/cycle.js';
import { createStory } from '../../src/cli/demo-story.js';
import { enDemo, zhDemo } from '../../src/i18n/demo-messages.js';

/**
 * Issue 29 item 12, the demo: it narrates in the config's locale (zh by default), says every time in
 * the config's timezone (Asia/Shanghai; the box runs in UTC), says an account's problem once until it
 * changes, and names the children (姐姐), not their ids or student ids.
 */
const BIN = new URL('../../bin/jianlou.js', import.meta.url).pathname;

function demo(args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, 'demo', ...args], {
      env: { ...process.env, TZ: 'UTC', JIANLOU_LOG_LEVEL: 'warn' },
    });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      out += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

/** The story's own lines: not the group's messages (│), links, or the alerts' text. */
const narration = (out: string) =>
  out
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('│') && !/^\s*https?:\/\//.test(l))
    .map((l) => l.replace(/https?:\/\/\S+/g, '').replace(/\/tmp\/\S+/g, ''));

const minutesOfDay = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

describe('jianlou demo narrates in one language and one timezone (issue 29 item 12)', () => {
  it('zh by default: Chinese story lines, times in Asia/Shanghai, the expired login said once, children by name', async () => {
    const started = new Date();
    const out = await demo(['--exit-after', '30', '--expire-session-after', '8'], 120_000);
    const lines = narration(out);
    // It ran far enough: checks, the expired session and its problem line.
    expect(out).toMatch(/第 3 次检查/);
    expect(out).toContain(zhDemo.expired.title);
    // No English narration (the old story: "check #1", "watching", "waiting for a seat", "giving up").
    const english = lines.filter((l) =>
      /\b(check|watching|waiting|seat|portal|order|giving up|received|receives|holding|session)\b/i.test(
        // A log line's message is a developer's (its label is not); a command-line flag is no narration.
        l.replace(/日志（\w+）：.*$/, '').replace(/--[\w-]+/g, ''),
      ),
    );
    expect(english).toEqual([]);
    // The account's problem is said once, not with every check.
    expect(lines.filter((l) => l.includes(zhDemo.problem('mom', 'session_expired')))).toHaveLength(1);
    expect(out).not.toContain('session_expired');
    // A repeated log complaint is shown once too.
    const logs = lines.filter((l) => l.includes('日志（'));
    expect(new Set(logs.map((l) => l.replace(/^\S+ /, ''))).size).toBe(logs.length);
    // Children by name.
    expect(lines.join('\n')).toContain('姐姐');
    expect(lines.join('\n')).not.toMatch(/\bS00[12]\b|\bsister\b|\bbrother\b/);
    // Every time at the start of a line is Shanghai's (UTC+8), none the machine's UTC.
    const shanghai = minutesOfDay(
      started.toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour12: false }),
    );
    const times = lines.map((l) => /^(\d\d:\d\d):\d\d /.exec(l)?.[1]).filter(Boolean);
    expect(times.length).toBeGreaterThanOrEqual(3);
    for (const t of times) {
      const d = (minutesOfDay(t as string) - shanghai + 1440) % 1440;
      expect(d, `${t} is not Asia/Shanghai time`).toBeLessThanOrEqual(3);
    }
  }, 150_000);
});

const result = (outcome: 'ok' | 'session_expired', n: number): CycleResult => ({
  startedAt: new Date(Date.UTC(2027, 0, 16, 1, 0, n * 5)).toISOString(),
  durationMs: 12,
  accounts: [{ accountId: 'mom', outcome, durationMs: 12, courses: [] }] as CycleResult['accounts'],
  observations:
    outcome === 'ok'
      ? ([{ courseId: 'ART-101', state: 'open', seats: 1 }] as CycleResult['observations'])
      : [],
  effects:
    outcome === 'ok' && n === 5
      ? ([{ type: 'hold', childId: 'sister', courseId: 'ART-101' }] as unknown as CycleResult['effects'])
      : [],
});

describe('the demo story', () => {
  const children = [{ id: 'sister', name: '姐姐', studentId: 'S001' }];
  for (const [name, t] of [
    ['zh', zhDemo],
    ['en', enDemo],
  ] as const) {
    it(`${name}: a problem is said when it starts and when it ends, not with every check; times in the config's timezone`, () => {
      const lines: string[] = [];
      const story = createStory({ t, timeZone: 'Asia/Shanghai', children, out: (s) => void lines.push(s) });
      story.cycle(result('ok', 0), 1);
      for (let n = 1; n <= 4; n++) story.cycle(result('session_expired', n), n + 1);
      story.cycle(result('ok', 5), 6);
      const text = lines.join('');
      expect(text.split(t.problem('mom', 'session_expired')).length - 1).toBe(1);
      expect(text.split(t.recovered('mom')).length - 1).toBe(1);
      expect(text).toContain(t.holding('ART-101', '姐姐', 'cart'));
      // 01:00:00 UTC is 09:00:00 in Shanghai.
      expect(lines[0]).toMatch(/^09:00:00 /);
      expect(text).not.toContain('01:00:');
      expect(story.child('S001')).toBe('姐姐');
    });

    it(`${name}: the hold is said as the portal takes it — a cart, a pre-registration or a registration`, () => {
      // A parent's check (issue 29): the legacy story said "放进网站的购物车" for a 预报名 (no cart there).
      const said = (holding: 'cart' | 'prereg' | 'registration') => {
        const lines: string[] = [];
        createStory({
          t,
          timeZone: 'Asia/Shanghai',
          children,
          holding,
          out: (s) => void lines.push(s),
        }).cycle(result('ok', 5), 1);
        return lines.join('');
      };
      const cart = said('cart');
      const prereg = said('prereg');
      const registration = said('registration');
      expect(new Set([cart, prereg, registration]).size).toBe(3);
      expect(cart).toMatch(name === 'zh' ? /购物车/ : /cart/);
      expect(prereg).not.toMatch(/购物车|cart/);
      expect(prereg).toMatch(name === 'zh' ? /预报名/ : /pre-regist/);
      expect(registration).not.toMatch(/购物车|cart/);
    });
  }
});
