import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, vi } from 'vitest';
import demoFlow from '../../flows/demo-portal.js';
import { initCommand } from '../../src/cli/init.js';
import { testFlowReadOnly } from '../../src/contract/suite.js';
import type { Flow } from '../../src/flow/types.js';
import { startPortal } from '../../src/portal/server.js';

/**
 * Issue 30: the folder `jianlou init` makes, as a family fills it in — the portal's address, their
 * course ids, a saved session — runs the contract suite's read-only checks with the JSON skeleton as
 * written (the classic demo portal answers the JSON API the skeleton's TODOs guess).
 */
const ROOT = new URL('../..', import.meta.url).pathname;
const base = mkdtempSync(join(tmpdir(), 'jianlou-init-ro-'));
const portal = await startPortal({ port: 0, testMode: true });
afterAll(async () => {
  await portal.close();
  rmSync(base, { recursive: true, force: true });
});

/** Logs in over HTTP (test captcha) and returns the session cookie's value. */
async function sessionCookie(): Promise<string> {
  const page = await fetch(`${portal.url}/login`);
  const pre = (page.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  const body = new URLSearchParams({ username: '13800000000', password: 'demo1234', captcha: '8888' });
  const answer = await fetch(`${portal.url}/login`, {
    method: 'POST',
    body,
    headers: { cookie: pre },
    redirect: 'manual',
  });
  const session = answer.headers.getSetCookie().find((c) => c.startsWith('yp_session='));
  if (!session) throw new Error(`demo login failed: ${answer.status}`);
  return /^yp_session=([^;]*)/.exec(session)?.[1] ?? '';
}

const dir = join(base, 'family');
const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
await initCommand(dir, { url: portal.url });
quiet.mockRestore();
const config = join(dir, 'jianlou.yaml');
writeFileSync(
  config,
  readFileSync(config, 'utf8')
    .replace('"TODO-student-id"', 'S001')
    .replace('["TODO-course-id"]', '[ART-101, SWIM-201]'),
);
const { hostname } = new URL(portal.url);
const cookie = { name: 'yp_session', value: await sessionCookie(), domain: hostname, path: '/' };
writeFileSync(
  join(dir, 'storage-state/mom.json'),
  JSON.stringify({
    cookies: [{ ...cookie, expires: -1, httpOnly: true, secure: false, sameSite: 'Lax' }],
    origins: [],
  }),
);
// The folder's `jianlou` is this checkout, as `npm install` of the tarball would place it.
mkdirSync(join(dir, 'node_modules'));
symlinkSync(ROOT, join(dir, 'node_modules', 'jianlou'));
const flow = ((await import(join(dir, 'flows/my-portal.ts'))) as { default: Flow }).default;

testFlowReadOnly(flow, { config, account: 'mom', env: {} });

// With JIANLOU_TEST_HOLDS naming the account, the hold checks run too (the bundled demo flow holds and
// releases): the seat taken comes back.
portal.admin.setSeats('ART-101', 2);
testFlowReadOnly(demoFlow, { config, account: 'mom', env: { JIANLOU_TEST_HOLDS: 'mom' } });
afterAll(() => {
  expect(portal.admin.state().courses.find((c) => c.id === 'ART-101')?.seats).toBe(2);
});
