import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

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

describe('jianlou demo (npm start)', () => {
  it('tells the whole story: a seat opens, is held, approved through its link, and one order is created', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jianlou-demo-test-'));
    const report = join(dir, 'report.json');
    const r = await run(['demo', '--auto-approve', '--exit-after', '150', '--report', report], 200_000);
    let text = '';
    try {
      expect(r.code, r.stderr).toBe(0);
      text = readFileSync(report, 'utf8');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(r.stdout).toContain('order created on the portal');

    const { portal, received } = JSON.parse(text) as Report;
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
