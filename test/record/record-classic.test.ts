import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testFlowReadOnly } from '../../src/contract/suite.js';
import type { Flow } from '../../src/flow/types.js';
import { startPortal } from '../../src/portal/server.js';
import type { VisitScript } from '../../src/record/record.js';
import { DEMO, familyFolder, filesHolding, recordWith } from './record-kit.js';

/**
 * Issue 30: a scripted visit to the classic demo portal (log in, open the list, open 少儿国画, add it to
 * the cart) writes a flow that passes `flow try` and the contract suite's read-only checks as written.
 */
const portal = await startPortal({ port: 0, testMode: true });
const { dir, config } = familyFolder(portal.url);
afterAll(async () => {
  await portal.close();
  rmSync(dir, { recursive: true, force: true });
});

const visit: VisitScript = async ({ page, step, baseUrl }) => {
  await page.goto(`${baseUrl}/login`);
  await page.fill('input[name=username]', DEMO.phone);
  await page.fill('input[name=password]', DEMO.password);
  await page.fill('input[name=captcha]', DEMO.captcha);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/login'), page.click('button[type=submit]')]);
  await step('list');
  await page.goto(`${baseUrl}/courses`);
  await Promise.all([page.waitForURL(/\/courses\/ART-101$/), page.click('a[href="/courses/ART-101"]')]);
  await step('course');
  await page.waitForSelector('.seats-left');
  await step('hold');
  await page.click('.add-to-cart-btn');
  await page.waitForSelector('[data-enroll-message]:not([hidden])');
};

portal.admin.setSeats('ART-101', 3);
const recording = join(dir, 'visit.json');
const run = await recordWith(config, visit, { saveRecording: recording });
const flowFile = join(dir, 'flows/recorded.ts');
const flow = ((await import(flowFile)) as { default: Flow }).default;

describe('jianlou flow record on the classic demo portal', () => {
  it('finds the seats in the JSON answer, confirms them in plain words, and flow try passes', () => {
    expect(run.exitCode, run.stdout).toBe(0);
    expect(run.said.join('\n')).toMatch(
      /「.+」seatsLeft \d+（GET \/api\/courses\/ART-101）— 这是空余名额吗？ y/,
    );
    expect(run.said.join('\n')).toContain('“加入购物车/报名”发送了 POST /api/cart');
    // flow try under the default zh (r3c-texts3).
    expect(run.stdout).toMatch(/checkSession：ok/);
    expect(run.stdout).toMatch(/ART-101 +open +\d+/);
    const source = readFileSync(flowFile, 'utf8');
    expect(source).toContain("from 'jianlou/flow'");
    expect(source).toContain('jsonClient');
    expect(source).not.toContain('playwright');
    expect(readFileSync(config, 'utf8')).toContain('flow: ./flows/recorded.ts');
    expect(readFileSync(config, 'utf8')).toMatch(/courses: \[\s*ART-101\s*\]/);
  });

  it('writes no secret: the password, the captcha and the session cookie are in no file but the session', () => {
    const session = JSON.parse(readFileSync(join(dir, 'storage-state/mom.json'), 'utf8')) as {
      cookies: { name: string; value: string }[];
    };
    const cookies = session.cookies.map((c) => c.value).filter((v) => v.length >= 8);
    expect(cookies.length).toBeGreaterThan(0);
    expect(readFileSync(recording, 'utf8')).toContain('"step": "login"');
    expect(filesHolding(dir, [DEMO.password, DEMO.phone, ...cookies])).toEqual([]);
  });
});

testFlowReadOnly(flow, { config, account: 'mom', env: {} });
