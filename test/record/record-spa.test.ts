import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { testFlowReadOnly } from '../../src/contract/suite.js';
import type { Flow } from '../../src/flow/types.js';
import { startPortal } from '../../src/portal/server.js';
import type { VisitScript } from '../../src/record/record.js';
import { DEMO, familyFolder, filesHolding, recordWith } from './record-kit.js';

/**
 * Issue 30: the spa style — a bearer token in localStorage, the JSON API on another origin — recorded
 * by a script (log in, the events list, one event, 报名) gives a flow that reads the token from the
 * session, takes the API's address from portal.options, and passes flow try and the read-only checks.
 */
const portal = await startPortal({ style: 'spa', port: 0, apiPort: 0, testMode: true });
const { dir, config } = familyFolder(portal.webUrl);
afterAll(async () => {
  await portal.close();
  rmSync(dir, { recursive: true, force: true });
});

const visit: VisitScript = async ({ page, step, baseUrl }) => {
  await page.goto(`${baseUrl}/login`);
  await page.fill('#phone', DEMO.phone);
  await page.fill('#password', DEMO.password);
  await Promise.all([page.waitForURL((u) => u.pathname !== '/login'), page.click('#login')]);
  await step('list');
  await page.goto(`${baseUrl}/`);
  const link = page.locator('article[data-event-id="ART-101"] h3 a');
  await Promise.all([page.waitForURL(/\/events\/ART-101/), link.click()]);
  await step('course');
  await page.waitForSelector('body[data-ready="true"]');
  await step('hold');
  await page.click('article[data-event-id="ART-101"] .register-btn');
  await page.waitForSelector('.registration-row[data-event-id="ART-101"]');
};

portal.admin.setSeats('ART-101', 3);
const recording = join(dir, 'visit.json');
const run = await recordWith(config, visit, { saveRecording: recording });
const flowFile = join(dir, 'flows/recorded.ts');
const flow = ((await import(flowFile)) as { default: Flow }).default;

describe('jianlou flow record on the spa demo portal', () => {
  it('finds the seats in the API answer, the token in localStorage and the API origin; flow try passes', () => {
    expect(run.exitCode, `${run.said.join('\n')}\n${run.stdout}`).toBe(0);
    expect(run.said.join('\n')).toMatch(/remaining \d+（GET \/api\/v1\/events）— 这是空余名额吗？ y/);
    expect(run.said.join('\n')).toContain('发送了 POST /api/v1/registrations');
    // flow try under the default zh (r3c-texts3).
    expect(run.stdout).toMatch(/checkSession：ok/);
    expect(run.stdout).toMatch(/ART-101 +open +\d+/);
    const source = readFileSync(flowFile, 'utf8');
    expect(source).toContain('ctx.storage.local("jl_token")');
    expect(source).toContain('baseUrl: ctx.options.apiUrl');
    expect(readFileSync(config, 'utf8')).toContain(`apiUrl: ${portal.apiUrl}`);
  });

  it('writes no secret: the password and the bearer token are in no file but the session', () => {
    const session = JSON.parse(readFileSync(join(dir, 'storage-state/mom.json'), 'utf8')) as {
      origins: { localStorage: { name: string; value: string }[] }[];
    };
    const token = session.origins.flatMap((o) => o.localStorage).find((i) => i.name === 'jl_token')?.value;
    expect(token?.length).toBeGreaterThan(8);
    expect(readFileSync(recording, 'utf8')).toContain('"bearer": true');
    expect(filesHolding(dir, [DEMO.password, DEMO.phone, token ?? 'no token'])).toEqual([]);
  });
});

testFlowReadOnly(flow, { config, account: 'mom', env: {} });
