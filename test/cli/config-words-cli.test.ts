import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { englishSentences } from '../config/broken-configs.js';

// Issue 29: `jianlou check` and `jianlou doctor` on a broken config say every problem in the config's
// language — Chinese only under zh (paths, keys and values as they are), the old English under en.
const BIN = new URL('../../bin/jianlou.js', import.meta.url).pathname;

const BROKEN = (locale: string) => `locale: ${locale}
portal: { flow: demo-portal, baseUrl: "not a url", device: tablet }
accounts: [{ id: mom }]
children: [{ id: sister, name: 姐姐, account: mom }]
targets: [{ child: sister, courses: [] }]
schedule: { cron: "0 25 * * *", jitterSeconds: 500, surges: [{ from: tomorrow, to: "2026-07-15 12:30" }] }
approval: { listen: nope, publicUrl: x, secret: short }
`;

function jianlou(cwd: string, ...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: { ...process.env, JIANLOU_LOG_LEVEL: 'silent' }, timeout: 90_000 },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          out: `${stdout}${stderr}`,
        }),
    );
  });
}

/** The config's problem lines: after the first line that names the file, those indented by two. */
const problems = (out: string) => out.split('\n').filter((l) => /^ {2}\S/.test(l));

describe('a broken config told by check and doctor (issue 29)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-config-words-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('under zh: Chinese only', { timeout: 180_000 }, async () => {
    writeFileSync(join(dir, 'jianlou.yaml'), BROKEN('zh'));
    for (const command of ['check', 'doctor']) {
      const { code, out } = await jianlou(dir, command);
      expect(code, out).toBe(2);
      expect(out).toContain(`配置文件 ${join(dir, 'jianlou.yaml')} 有问题：`);
      const lines = problems(out);
      expect(lines, out).toHaveLength(9);
      expect(out).toContain('  schedule.cron: "0 25 * * *" 不是有效的 cron 表达式：小时 "25" 超出了 0–23');
      expect(out).toContain('  schedule.jitterSeconds: 最多是 300');
      for (const line of lines) {
        const said = line.replace(/^ {2}[\w.]+: /, '');
        expect(said, line).toMatch(/[\u4e00-\u9fff]/);
        expect(englishSentences(said), line).toEqual([]);
      }
    }
  });

  it('under en: the English it always printed', { timeout: 180_000 }, async () => {
    writeFileSync(join(dir, 'jianlou.yaml'), BROKEN('en'));
    for (const command of ['check', 'doctor']) {
      const { code, out } = await jianlou(dir, command);
      expect(code, out).toBe(2);
      expect(out).toContain(`config ${join(dir, 'jianlou.yaml')} is invalid:`);
      expect(problems(out)).toEqual([
        '  portal.baseUrl: must be a URL like https://portal.example.cn',
        '  portal.device: use desktop, mobile or wechat',
        '  targets.0.courses: list at least one course id',
        '  schedule.jitterSeconds: Too big: expected number to be <=300',
        `  schedule.surges.0.from: "tomorrow" is not a date-time; use a date-time like "2026-07-15 11:55" (the config timezone) or "2026-07-15T11:55+08:00"`,
        '  approval.listen: "nope" is not HOST:PORT — use e.g. 127.0.0.1:8787 (an IPv6 host in brackets: [::1]:8787)',
        '  approval.publicUrl: Invalid URL',
        '  approval.secret: use at least 16 characters (e.g. `openssl rand -hex 32`)',
        '  schedule.cron: "0 25 * * *" is not a valid cron expression: hour "25" is outside 0–23',
      ]);
    }
  });
});
