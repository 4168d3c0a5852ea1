import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/core/errors.js';
import { builtInFlowNames, loadFlow } from '../../src/flow/load.js';

const GOOD = `export default {
  name: 'my-city',
  checkSession: async () => 'ok',
  loginUrl: (ctx) => ctx.baseUrl + '/login',
  isLoggedIn: async () => true,
  observe: async (_ctx, courses) => courses.map((c) => ({ courseId: c.id, title: '', seats: null, state: 'closed', url: '' })),
};
`;

describe('loadFlow', () => {
  let dir: string;
  const write = (name: string, text: string) => writeFileSync(join(dir, name), text);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'jianlou-flows-'));
    mkdirSync(join(dir, 'flows'));
    write('flows/my-city.ts', GOOD.replace('(ctx)', '(ctx: { baseUrl: string })'));
    write('flows/my-city.js', GOOD);
    write('no-default.ts', 'export const flow = { name: "x" };\n');
    write('observe-string.ts', GOOD.replace(/observe: async[^\n]*/, "observe: 'soon',"));
    write('no-observe.ts', GOOD.replace(/ {2}observe: async[^\n]*\n/, ''));
    write('no-name.ts', GOOD.replace("name: 'my-city',", ''));
    write('bad-hold.ts', GOOD.replace("name: 'my-city',", "name: 'my-city', hold: 42,"));
    write('hold-no-list.ts', GOOD.replace("name: 'my-city',", "name: 'my-city', hold: async () => ({}),"));
    write('syntax.ts', 'export default {{{\n');
    write('not-object.ts', 'export default 42;\n');
    write('flow.json', '{}');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads the built-in demo-portal flow by name', async () => {
    const flow = await loadFlow('demo-portal', { cwd: dir });
    expect(flow.name).toBe('demo-portal');
    expect(typeof flow.hold).toBe('function');
  });

  it('lists demo-portal among the built-in flows', () => {
    expect(builtInFlowNames()).toContain('demo-portal');
  });

  it("loads a user's .ts and .js flow relative to the config's directory", async () => {
    await expect(loadFlow('./flows/my-city.ts', { cwd: dir })).resolves.toMatchObject({ name: 'my-city' });
    await expect(loadFlow('flows/my-city.js', { cwd: dir })).resolves.toMatchObject({ name: 'my-city' });
  });

  it('an unknown built-in name says which flows exist and how to give a path', async () => {
    await expect(loadFlow('atlantis', { cwd: dir })).rejects.toThrow(BadInputError);
    await expect(loadFlow('atlantis', { cwd: dir })).rejects.toThrow(/demo-portal.*\.\/flows\/atlantis\.ts/);
  });

  it('a missing file is reported with its resolved path', async () => {
    await expect(loadFlow('./flows/nowhere.ts', { cwd: dir })).rejects.toThrow(
      new RegExp(`flow file not found: ${join(dir, 'flows/nowhere.ts')}`),
    );
  });

  it.each([
    ['no-default.ts', /has no default export/],
    ['observe-string.ts', /`observe` is not a function/],
    ['no-observe.ts', /`observe` is missing/],
    ['no-name.ts', /needs a `name` string/],
    ['bad-hold.ts', /`hold` is not a function/],
    ['hold-no-list.ts', /has `hold` but no `listHolds`/],
    ['not-object.ts', /default export must be a flow object/],
    ['syntax.ts', /could not be loaded/],
    ['flow.json', /must be a \.ts or \.js module/],
  ])('%s is rejected with a precise BadInputError', async (file, message) => {
    const loading = loadFlow(`./${file}`, { cwd: dir });
    await expect(loading).rejects.toThrow(BadInputError);
    await expect(loadFlow(`./${file}`, { cwd: dir })).rejects.toThrow(message);
  });
});
