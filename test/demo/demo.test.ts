import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zhDemo } from '../../src/i18n/demo-messages.js';

const BIN = new URL('../../bin/jianlou.js', import.meta.url).pathname;

function run(
  args: string[],
  timeoutMs: number,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, JIANLOU_LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

interface Report {
  portal: { orders: { courseId: string; studentId: string; status: string }[] };
  received: { msgtype: string; summary: string; body: Record<string, unknown> }[];
}

/** Runs `jianlou demo …args --report FILE` to the end; exit 0 expected; returns its stdout and report. */
async function demoWithReport<R>(args: string[]): Promise<{ stdout: string; report: R }> {
  const dir = mkdtempSync(join(tmpdir(), 'jianlou-demo-test-'));
  const file = join(dir, 'report.json');
  try {
    const r = await run(['demo', ...args, '--report', file], 200_000);
    expect(r.code, r.stderr).toBe(0);
    return { stdout: r.stdout, report: JSON.parse(readFileSync(file, 'utf8')) as R };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('jianlou demo (npm start)', () => {
  it('tells the whole story: a seat opens, is held, approved through its link, and one order is created', async () => {
    const { stdout, report } = await demoWithReport<Report>(['--auto-approve', '--exit-after', '150']);
    expect(stdout).toContain(zhDemo.ended.order(''));
    const { portal, received } = report;
    expect(portal.orders.filter((o) => o.status === 'pending_payment')).toHaveLength(1);

    const kinds: string[] = received.map((m) => {
      const text = JSON.stringify(m.body);
      if (text.includes('已占位')) return 'hold';
      if (text.includes('已提交报名')) return 'approved';
      if (text.includes('有空位')) return 'opening';
      return 'other';
    });
    const firstOf = (k: string) => kinds.indexOf(k);
    expect(firstOf('opening')).toBeGreaterThanOrEqual(0);
    expect(firstOf('hold')).toBeGreaterThan(firstOf('opening'));
    expect(firstOf('approved')).toBeGreaterThan(firstOf('hold'));
    expect(kinds.filter((k) => k === 'approved')).toHaveLength(1);
  }, 210_000);
});

const received = (r: Report) => r.received.map((m) => JSON.stringify(m.body));

interface SpaReport {
  portal: { registrations: { courseId: string; studentId: string; status: string }[] };
  received: { body: Record<string, unknown> }[];
}

describe('jianlou demo --style spa (npm start -- --style spa)', () => {
  it('tells the same story on the single-page style: opening, registration held, approved, kept for review', async () => {
    const { stdout, report } = await demoWithReport<SpaReport>([
      '--style',
      'spa',
      '--auto-approve',
      '--exit-after',
      '150',
    ]);
    expect(stdout).toContain(zhDemo.ended.registration(''));
    const { portal, received } = report;
    expect(portal.registrations.filter((x) => x.status === 'pending_review')).toHaveLength(1);
    const all = received.map((m) => JSON.stringify(m.body));
    // A registration is free and waits for the organiser: no payment text, no release link.
    expect(all.some((t) => t.includes('已占位'))).toBe(true);
    expect(all.some((t) => t.includes('等待主办方审核'))).toBe(true);
    expect(all.join('\n')).not.toContain('放弃名额');
    expect(all.join('\n')).not.toContain('官方');
  }, 210_000);

  it('tells the legacy story: SMS login, 预报名, reminder, approve = pay in the app, the unpaid order cancelled and news again', async () => {
    const { stdout, report } = await demoWithReport<Report>([
      '--style',
      'legacy',
      '--auto-approve',
      '--exit-after',
      '190',
    ]);
    expect(stdout).toContain('老式 GBK 网页');
    expect(stdout).toContain(zhDemo.legacy.cancelled);
    const cancelled = report.portal.orders.filter((o) => o.status === 'cancelled');
    expect(cancelled.length).toBeGreaterThanOrEqual(1);
    const all = received(report).join('\n');
    for (const text of [
      '已占位',
      '占位快到期了',
      // The pre-registration was made when the seat was held: approving does nothing more at the
      // portal, and says so (issue 29 item 3).
      '已确认保留',
      '请在官方 App 里付款，过了期限网站会取消报名。',
      '网站已收回名额',
    ]) {
      expect(all).toContain(text);
    }
    // The reminder came before the approval, and the news came after the portal took the seat back.
    expect(all.indexOf('占位快到期了')).toBeLessThan(all.indexOf('已确认保留'));
    const back = all.indexOf('网站已收回名额');
    expect(all.slice(back)).toMatch(/有空位|已占位/);
  }, 330_000);

  it('stops on Ctrl-C (SIGINT) once it is watching: says so, removes its working files, exits 0', async () => {
    const child = spawn(process.execPath, [BIN, 'demo'], {
      env: { ...process.env, JIANLOU_LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', () => {});
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('close', (code, signal) => resolve({ code, signal })),
    );
    const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    try {
      await expect.poll(() => stdout, { timeout: 90_000, interval: 200 }).toMatch(/第 1 次检查（\d+ 毫秒）/);
      child.kill('SIGINT');
      const { code, signal } = await exited;
      expect(signal).toBeNull();
      expect(code).toBe(0);
      expect(stdout).toContain(zhDemo.stopping.trim());
      // Its working files (config, store, the saved session) are removed on the way out.
      const workDir = /临时文件在 (\S+?)（/.exec(stdout)?.[1];
      expect(workDir).toMatch(/jianlou-demo-/);
      expect(existsSync(workDir!)).toBe(false);
    } finally {
      clearTimeout(killer);
      child.kill('SIGKILL');
    }
  }, 150_000);

  it('refuses an unknown style with exit 2', async () => {
    const r = await run(['demo', '--style', 'mobile'], 30_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--style must be classic, spa or legacy, not "mobile"');
  }, 40_000);
});
