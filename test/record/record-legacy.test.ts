import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testFlowReadOnly } from '../../src/contract/suite.js';
import type { Flow } from '../../src/flow/types.js';
import { startPortal } from '../../src/portal/server.js';
import type { VisitScript } from '../../src/record/record.js';
import { DEMO, familyFolder, filesHolding, recordWith } from './record-kit.js';

/**
 * Issue 30: the legacy style — GBK pages, phone + captcha + SMS login, a public course table whose
 * seats cell says 剩余名额：3 or 已满, errors as alert() — recorded by a script gives a browser-free
 * flow (htmlClient, the table's columns) that passes flow try and the read-only checks.
 */
const portal = await startPortal({ style: 'legacy', port: 0, testMode: true });
const { dir, config } = familyFolder(portal.url);
afterAll(async () => {
  await portal.close();
  rmSync(dir, { recursive: true, force: true });
});

const visit: VisitScript = async ({ page, step, baseUrl }) => {
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(`${baseUrl}/xk/login.jsp`);
  await page.fill('input[name=sjhm]', DEMO.phone);
  await page.fill('input[name=mm]', DEMO.password);
  await page.fill('input[name=yzm]', DEMO.captcha);
  await Promise.all([page.waitForURL(/sms\.jsp/), page.click('#dl')]);
  const code = (await page.locator('#test-sms b').textContent()) ?? '';
  await page.fill('input[name=dxyzm]', code);
  await Promise.all([page.waitForURL(/index\.jsp/), page.click('#qd')]);
  await step('list');
  await page.goto(`${baseUrl}/xk/kclist.jsp`);
  const link = page.locator('a[href="kcxx.jsp?kcid=ART-101"]').first();
  await Promise.all([page.waitForURL(/kcxx\.jsp/), link.click()]);
  await step('course');
  await step('hold');
  await Promise.all([page.waitForNavigation(), page.click('form[name=ybmForm] input[type=submit]')]);
};

portal.admin.setSeats('ART-101', 3);
const recording = join(dir, 'visit.json');
const run = await recordWith(config, visit, { saveRecording: recording });
const flowFile = join(dir, 'flows/recorded.ts');
const flow = ((await import(flowFile)) as { default: Flow }).default;

describe('jianlou flow record on the legacy demo portal', () => {
  it('finds the seats column of the course table and the full look, and flow try passes', () => {
    expect(run.exitCode, `${run.said.join('\n')}\n${run.stdout}`).toBe(0);
    expect(run.said.join('\n')).toMatch(/名额 剩余名额：3（\/xk\/kclist\.jsp #kclist）— 这是空余名额吗？ y/);
    expect(run.said.join('\n')).toContain('已满的课程显示为：已满');
    // flow try under the default zh (r3c-texts3).
    expect(run.stdout).toMatch(/checkSession：ok/);
    expect(run.stdout).toMatch(/ART-101 +open +\d+/);
    const source = readFileSync(flowFile, 'utf8');
    expect(source).toContain('htmlClient');
    expect(source).toContain('"table":"#kclist"');
  });

  it('writes no secret: the password, the SMS code and the JSESSIONIDs are in no file but the session', () => {
    const session = JSON.parse(readFileSync(join(dir, 'storage-state/mom.json'), 'utf8')) as {
      cookies: { name: string; value: string }[];
    };
    const cookies = session.cookies.map((c) => c.value).filter((v) => v.length >= 8);
    expect(cookies.length).toBeGreaterThan(0);
    const sms = portal.admin.smsCodeFor(DEMO.phone) ?? 'no sms code';
    expect(filesHolding(dir, [DEMO.password, DEMO.phone, sms, ...cookies])).toEqual([]);
  });
});

testFlowReadOnly(flow, { config, account: 'mom', env: {} });
