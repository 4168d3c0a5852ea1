import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initCommand } from '../../src/cli/init.js';
import { isPlaceholderUrl } from '../../src/cli/init-files.js';
import { readOnlyTarget } from '../../src/contract/read-only-target.js';
import { BadInputError, exitCodeFor } from '../../src/core/errors.js';

const ROOT = new URL('../..', import.meta.url).pathname;
const base = mkdtempSync(join(tmpdir(), 'jianlou-init-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

let out = '';
beforeEach(() => {
  out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

describe('jianlou init', () => {
  it('creates the family folder with its files, a 0700 storage-state/ and the next steps', async () => {
    const dir = join(base, 'our-family');
    await initCommand(dir, { url: 'https://www.palace.test/' });
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version;
    expect(pkg).toMatchObject({
      name: 'our-family',
      type: 'module',
      scripts: { typecheck: 'tsc -p tsconfig.json', test: 'vitest run', try: 'jianlou flow try' },
      dependencies: { jianlou: `^${version}` },
      allowScripts: { jianlou: true, sqlite3: true, esbuild: true },
    });
    // The family's tools at the versions jianlou itself is checked with.
    const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies;
    expect(pkg.devDependencies).toEqual({ typescript: own.typescript, vitest: own.vitest });
    expect(JSON.parse(readFileSync(join(dir, 'tsconfig.json'), 'utf8')).include).toEqual(['flows', 'test']);
    const test = readFileSync(join(dir, 'test/my-portal.test.ts'), 'utf8');
    expect(test).toContain("import { testFlowReadOnly } from 'jianlou/flow/testing'");
    expect(test).toContain("import flow from '../flows/my-portal.js'");
    const yaml = readFileSync(join(dir, 'jianlou.yaml'), 'utf8');
    expect(yaml).toContain('portal: { flow: ./flows/my-portal.ts, baseUrl: https://www.palace.test }');
    expect(yaml).not.toContain('TODO: replace the placeholder');
    const skeleton = readFileSync(join(dir, 'flows/my-portal.ts'), 'utf8');
    expect(skeleton).toContain("from 'jianlou/flow'");
    expect(skeleton).toMatch(/jsonClient\(ctx/);
    expect(skeleton).toMatch(/checkShape\(/);
    expect(skeleton).not.toContain('ctx.request');
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(
      expect.arrayContaining(['storage-state/', 'data/', 'traces/', '.env']),
    );
    expect(statSync(join(dir, 'storage-state')).mode & 0o777).toBe(0o700);
    for (const step of [
      'npm install',
      'npm run typecheck',
      'npm run try',
      'npm test',
      'jianlou login mom',
      'doctor --send',
      'check --dry-run',
      'jianlou watch',
    ]) {
      expect(out).toContain(step);
    }
  });

  it('without --url and without a terminal writes the placeholder address that doctor flags', async () => {
    const dir = join(base, 'placeholder');
    await initCommand(dir, {});
    const yaml = readFileSync(join(dir, 'jianlou.yaml'), 'utf8');
    const baseUrl = /baseUrl: (\S+) \}/.exec(yaml)?.[1] ?? '';
    expect(isPlaceholderUrl(baseUrl)).toBe(true);
    expect(yaml).toContain('TODO: replace the placeholder');
  });

  it('never overwrites: exit 2 naming each existing file, and writes nothing', async () => {
    const dir = join(base, 'existing');
    mkdirSync(join(dir, 'flows'), { recursive: true });
    writeFileSync(join(dir, 'jianlou.yaml'), 'mine\n');
    writeFileSync(join(dir, 'flows/my-portal.ts'), '// mine\n');
    const error = await initCommand(dir, { url: 'https://www.palace.test' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BadInputError);
    expect(exitCodeFor(error)).toBe(2);
    expect(String((error as Error).message)).toContain(join(dir, 'jianlou.yaml'));
    expect(String((error as Error).message)).toContain(join(dir, 'flows/my-portal.ts'));
    expect(String((error as Error).message)).not.toContain('package.json');
    expect(readFileSync(join(dir, 'jianlou.yaml'), 'utf8')).toBe('mine\n');
    expect(() => statSync(join(dir, 'package.json'))).toThrow();
  });

  it('keeps a package.json that already depends on jianlou (npm install jianlou, then init)', async () => {
    const dir = join(base, 'installed');
    mkdirSync(dir);
    const mine = '{ "dependencies": { "jianlou": "^0.1.0" } }\n';
    writeFileSync(join(dir, 'package.json'), mine);
    // r3c-texts3: the English lines (init speaks Chinese by default: tools-locale.test.ts).
    await initCommand(dir, { url: 'https://www.palace.test', locale: 'en' });
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(mine);
    expect(readFileSync(join(dir, 'jianlou.yaml'), 'utf8')).toContain('baseUrl: https://www.palace.test');
    expect(out).toContain('Kept package.json');
    expect(out).toContain('npm install -D typescript@"~5.9.3" vitest@"^4.1.12"');
  });

  it('takes --from as the dependency: a local tarball becomes a file: spec relative to the folder', async () => {
    const tarball = join(base, 'jianlou-9.9.9.tgz');
    writeFileSync(tarball, '');
    const dir = join(base, 'from');
    await initCommand(dir, { url: 'http://127.0.0.1:4173', from: tarball });
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies.jianlou).toBe('file:../jianlou-9.9.9.tgz');
    const inside = join(base, 'inside');
    mkdirSync(inside);
    writeFileSync(join(inside, 'jianlou-9.9.9.tgz'), '');
    await initCommand(inside, { url: 'http://127.0.0.1:4173', from: join(inside, 'jianlou-9.9.9.tgz') });
    const beside = JSON.parse(readFileSync(join(inside, 'package.json'), 'utf8'));
    expect(beside.dependencies.jianlou).toBe('file:./jianlou-9.9.9.tgz');
    await expect(initCommand(join(base, 'nofrom'), { from: join(base, 'missing.tgz') })).rejects.toThrow(
      /no such file or folder/,
    );
  });

  it("--template html writes the skeleton on the kit's HTML reader; another template is refused", async () => {
    const dir = join(base, 'html');
    await initCommand(dir, { url: 'https://www.palace.test', template: 'html' });
    const skeleton = readFileSync(join(dir, 'flows/my-portal.ts'), 'utf8');
    expect(skeleton).toMatch(/htmlClient\(ctx/);
    expect(skeleton).toContain('.table(');
    expect(skeleton).not.toContain('jsonClient');
    const error = await initCommand(join(base, 'xml'), { template: 'xml' }).catch((e: unknown) => e);
    expect(exitCodeFor(error)).toBe(2);
    expect(String(error)).toContain('--template xml: give json');
    expect(() => statSync(join(base, 'xml'))).toThrow();
  });

  it("a fresh folder's test says what is missing before the read-only checks can run", async () => {
    const dir = join(base, 'not-ready');
    await initCommand(dir, {});
    const target = readOnlyTarget({ config: join(dir, 'jianlou.yaml'), account: 'mom', env: {} });
    expect(target).toMatchObject({ account: 'mom', holds: false });
    expect(target.storageState).toBe(join(dir, 'storage-state/mom.json'));
    expect(target.notReady.join('\n')).toMatch(/portal.baseUrl .* not filled in/);
    expect(target.notReady.join('\n')).toMatch(/course ids .* not filled in/);
    expect(target.notReady.join('\n')).toContain('run npx jianlou login mom');
    // Holds only when the variable names the account.
    const held = readOnlyTarget({ config: join(dir, 'jianlou.yaml'), env: { JIANLOU_TEST_HOLDS: 'mom' } });
    expect(held.holds).toBe(true);
    expect(
      readOnlyTarget({ config: join(dir, 'jianlou.yaml'), env: { JIANLOU_TEST_HOLDS: '1' } }).holds,
    ).toBe(false);
  });

  it('rejects a --url that is not an http(s) address', async () => {
    await expect(initCommand(join(base, 'badurl'), { url: 'ftp://x' })).rejects.toThrow(
      /http:\/\/ or https:\/\//,
    );
  });

  it("writes skeletons (json and html) and a test that typecheck with the folder's own tsconfig", async () => {
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    for (const template of ['json', 'html']) {
      const dir = join(base, `typecheck-${template}`);
      await initCommand(dir, { url: 'https://www.palace.test', template });
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(ROOT, join(dir, 'node_modules', 'jianlou'));
      symlinkSync(join(ROOT, 'node_modules/vitest'), join(dir, 'node_modules', 'vitest'));
      // Throws with tsc's diagnostics on stdout when a file does not typecheck; the file list shows
      // the types came from dist/ (the "types" condition), not from the sources.
      const trace = execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--listFiles'], {
        cwd: dir,
        env,
        encoding: 'utf8',
      });
      expect(trace).toMatch(/dist\/src\/flow\/public\.d\.ts/);
      expect(trace).toMatch(/dist\/src\/contract\/suite\.d\.ts/);
    }
  }, 240_000);
});
