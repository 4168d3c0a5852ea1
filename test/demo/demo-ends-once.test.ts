import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { zhDemo } from '../../src/i18n/demo-messages.js';

const BIN = new URL('../../bin/jianlou.js', import.meta.url).pathname;

/** Approves through the confirm page as a browser form would: GET the page, POST its hidden fields. */
async function approve(link: string): Promise<number> {
  const page = await (await fetch(link)).text();
  const form = /<form id="decide" method="post">([\s\S]*?)<\/form>/.exec(page)?.[1] ?? '';
  const fields = new URLSearchParams();
  for (const m of form.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    fields.set(m[1]!, m[2]!.replaceAll('&amp;', '&'));
  }
  const answer = await fetch(link, { method: 'POST', body: fields, redirect: 'manual' });
  return answer.status;
}

/**
 * Issue 29 item 12, found in a parent's check: after the parent approved in the browser, `jianlou demo`
 * said "网站上已下单… 演示到此结束。" again on every turn of its loop and went on "waiting for a seat".
 * The ending is said once; the demo then says it is over and waits for Ctrl-C.
 */
describe('jianlou demo: the ending is said once', () => {
  it('a parent approves from the link: one ending, then "over" instead of waiting for a seat', async () => {
    const child = spawn(process.execPath, [BIN, 'demo'], {
      env: { ...process.env, JIANLOU_LOG_LEVEL: 'warn' },
    });
    let stdout = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', () => {});
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const killer = setTimeout(() => child.kill('SIGKILL'), 170_000);
    try {
      const link = await expect
        .poll(() => /\[批准报名\]\S* (http:\/\/127\.0\.0\.1:\d+\/h\/\S+)/.exec(stdout)?.[1], {
          timeout: 120_000,
          interval: 200,
        })
        .toBeTruthy()
        .then(() => /\[批准报名\]\S* (http:\/\/127\.0\.0\.1:\d+\/h\/\S+)/.exec(stdout)![1]!);
      expect(await approve(link)).toBeLessThan(400);
      await expect.poll(() => stdout, { timeout: 30_000, interval: 200 }).toContain(zhDemo.next.order);
      const at = stdout.length;
      // Several turns of the demo's loop (each ~0.5 s) and a sender tick.
      await new Promise((resolve) => setTimeout(resolve, 7_000));
      expect(stdout.split(zhDemo.next.order).length - 1).toBe(1);
      expect(stdout.slice(at)).not.toContain('等名额空出来');
      expect(stdout).toContain(zhDemo.over);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      clearTimeout(killer);
      child.kill('SIGKILL');
    }
  }, 180_000);
});
