import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadInputError, ConfigError } from '../../src/core/errors.js';
import { loadFlow, loadPortalFlow } from '../../src/flow/load.js';

// Issue 14, wall 3: a flow's own settings come from `portal.options`, validated by its optionsSchema.
const ROOT = new URL('../..', import.meta.url).pathname;

const FLOW = `import { defineFlow, z, type Observation } from 'jianlou/flow';
export default defineFlow({
  name: 'my-spa',
  optionsSchema: z.strictObject({ apiUrl: z.url(), pageSize: z.number().int().default(50) }),
  async checkSession() { return 'ok'; },
  loginUrl: (ctx) => ctx.baseUrl + '/login',
  async isLoggedIn() { return true; },
  async observe(ctx, courses): Promise<Observation[]> {
    const api: string = ctx.options.apiUrl;
    return courses.map((c) => ({ courseId: c.id, title: api, seats: ctx.options.pageSize, state: 'open', url: api }));
  },
});
`;

function issuesOf(error: unknown): { path: string; message: string }[] {
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).issues;
}

describe('portal.options through loadPortalFlow', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jianlou-options-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'jianlou'));
    mkdirSync(join(dir, 'flows'));
    writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
    writeFileSync(join(dir, 'flows/my-spa.ts'), FLOW);
    writeFileSync(
      join(dir, 'flows/bad-schema.ts'),
      FLOW.replace(/optionsSchema: [^\n]*/, "optionsSchema: 'apiUrl',"),
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const where = () => ({ cwd: dir, configFile: join(dir, 'jianlou.yaml') });

  it("hands the flow its parsed options (defaults applied), typed by the flow's schema", async () => {
    const { flow, options } = await loadPortalFlow(
      { flow: './flows/my-spa.ts', options: { apiUrl: 'http://127.0.0.1:5174' } },
      where(),
    );
    expect(options).toEqual({ apiUrl: 'http://127.0.0.1:5174', pageSize: 50 });
    const seen = await flow.observe({ options } as never, [{ id: 'A' }]);
    expect(seen[0]).toMatchObject({ title: 'http://127.0.0.1:5174', seats: 50 });
  });

  it('reports bad options by path, like the rest of the config', async () => {
    const failure = await loadPortalFlow(
      { flow: './flows/my-spa.ts', options: { apiUrl: 'not a url', pageSize: 'many', extra: 1 } },
      where(),
    ).catch((error: unknown) => error);
    const issues = issuesOf(failure);
    expect(issues.map((i) => i.path).sort()).toEqual([
      'portal.options',
      'portal.options.apiUrl',
      'portal.options.pageSize',
    ]);
    expect(issues.find((i) => i.path === 'portal.options')?.message).toBe('unknown key(s) "extra"');
    expect((failure as Error).message).toContain(`config ${join(dir, 'jianlou.yaml')} is invalid`);
  });

  it('missing options that the flow needs: "portal.options.apiUrl: required"', async () => {
    const failure = await loadPortalFlow({ flow: './flows/my-spa.ts' }, where()).catch((e: unknown) => e);
    expect(issuesOf(failure)).toEqual([{ path: 'portal.options.apiUrl', message: 'required' }]);
  });

  it('options given to a flow that takes none are refused, naming the flow', async () => {
    const failure = await loadPortalFlow({ flow: 'demo-portal', options: { apiUrl: 'x' } }, where()).catch(
      (e: unknown) => e,
    );
    expect(issuesOf(failure)[0]).toMatchObject({ path: 'portal.options' });
    expect((failure as Error).message).toContain('flow "demo-portal" takes no options');
    await expect(loadPortalFlow({ flow: 'demo-portal' }, where())).resolves.toMatchObject({
      options: undefined,
    });
  });

  it('an optionsSchema that is not a zod schema is refused when the flow loads', async () => {
    await expect(loadFlow('./flows/bad-schema.ts', { cwd: dir })).rejects.toThrow(BadInputError);
    await expect(loadFlow('./flows/bad-schema.ts', { cwd: dir })).rejects.toThrow('must be a zod schema');
  });
});
