import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCycle } from '../../src/app/cycle/cycle.js';
import { REDACTED, redactJsonLines } from '../../src/browser/trace-redact.js';
import { readZip } from '../../src/browser/trace-zip.js';
import { openRuntime, startWorld, type World } from '../engine/world.js';

const PASSWORD = 'demo1234';

function traces(world: World): string[] {
  const dir = join(world.dir, 'traces');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.zip'))
    .map((f) => join(dir, f));
}

function sessionCookies(world: World): string[] {
  const state = JSON.parse(readFileSync(join(world.dir, 'storage-state/mom.json'), 'utf8')) as {
    cookies: { value: string }[];
  };
  return state.cookies.map((c) => c.value).filter((v) => v.length >= 4);
}

/** Every entry of the zip, with the names of the secrets found in it. */
function leaks(file: string, secrets: string[]): string[] {
  const found: string[] = [];
  for (const entry of readZip(readFileSync(file))) {
    const text = entry.data.toString('latin1');
    for (const s of secrets) if (text.includes(s)) found.push(`${entry.name}: ${s.slice(0, 3)}…`);
  }
  return found;
}

describe('issue 11: traces of failed checks hold no secret', () => {
  let world: World;
  let cookies: string[];

  beforeAll(async () => {
    world = await startWorld();
    await world.login(world.writeConfig());
    cookies = sessionCookies(world);
  });
  afterAll(async () => {
    await world?.close();
  });

  it('a failing check against the demo portal leaves a trace free of the session cookie, still useful', async () => {
    expect(cookies.length).toBeGreaterThan(0);
    world.portal.admin.setFault('all', 'redesign');
    const rt = await openRuntime(world.writeConfig({}, 'failing.yaml'));
    try {
      const report = await runCycle(rt);
      expect(report.accounts[0]?.outcome).toBe('portal_changed');
    } finally {
      await rt.close();
      world.portal.admin.setFault('all', 'none');
    }
    const files = traces(world);
    expect(files.length).toBe(1);
    expect(leaks(files[0]!, [...cookies, PASSWORD])).toEqual([]);
    const entries = readZip(readFileSync(files[0]!));
    const all = entries.map((e) => e.data.toString('utf8')).join('\n');
    // Still a trace worth opening: the portal's URLs, statuses and the redacted header names.
    expect(all).toContain(world.portal.url);
    expect(all).toMatch(/"status":\s*200/);
    expect(all.toLowerCase()).toContain(`"name":"cookie","value":"${REDACTED}"`);
    expect(entries.some((e) => e.name.endsWith('.trace'))).toBe(true);
  });

  it('a login typed in a traced context leaves neither the password nor the new cookies', async () => {
    const rt = await openRuntime(world.writeConfig({}, 'typed.yaml'));
    const before = new Set(traces(world));
    try {
      world.portal.admin.expireSessions();
      const session = await rt.openAccount('mom');
      await rt.flow.login!(session.ctx, { username: '13800000000', password: PASSWORD, captcha: '8888' });
      const fresh = (await session.ctx.context.cookies()).map((c) => c.value).filter((v) => v.length >= 4);
      expect(fresh.length).toBeGreaterThan(0);
      session.markFailed();
      await session.dispose();
      const file = traces(world).find((f) => !before.has(f));
      expect(file).toBeDefined();
      expect(leaks(file!, [...cookies, ...fresh, PASSWORD])).toEqual([]);
    } finally {
      await rt.close();
      await world.login(world.writeConfig());
    }
  });

  it('blanks headers, cookies arrays, typed values and approval-link tokens in JSON-lines entries', () => {
    const token = `${'a'.repeat(20)}.${'b'.repeat(22)}`;
    const lines = [
      { type: 'before', method: 'fill', params: { selector: '#pw', value: 'hunter22' } },
      {
        type: 'resource-snapshot',
        snapshot: {
          request: {
            url: `http://x/h/${token}`,
            headers: [
              { name: 'Authorization', value: 'Bearer abc' },
              { name: 'Accept', value: 'text/html' },
            ],
            cookies: [{ name: 'sid', value: 'zzz' }],
          },
          response: { status: 200, headers: [{ name: 'set-cookie', value: 'sid=zzz; Path=/' }] },
        },
      },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const out = redactJsonLines(lines, ['local-token-value']);
    expect(out).not.toContain('hunter22');
    expect(out).not.toContain('Bearer abc');
    expect(out).not.toContain('zzz');
    expect(out).not.toContain(token);
    expect(out).toContain('text/html');
    expect(out).toContain('"status":200');
  });
});
