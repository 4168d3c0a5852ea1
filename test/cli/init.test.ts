import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { initCommand } from '../../src/cli/init.js';
import { isPlaceholderUrl } from '../../src/cli/init-files.js';
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
      dependencies: { jianlou: `^${version}` },
    });
    const yaml = readFileSync(join(dir, 'jianlou.yaml'), 'utf8');
    expect(yaml).toContain('portal: { flow: ./flows/my-portal.ts, baseUrl: https://www.palace.test }');
    expect(yaml).not.toContain('TODO: replace the placeholder');
    expect(readFileSync(join(dir, 'flows/my-portal.ts'), 'utf8')).toContain("from 'jianlou/flow'");
    expect(readFileSync(join(dir, '.gitignore'), 'utf8').split('\n')).toEqual(
      expect.arrayContaining(['storage-state/', 'data/', 'traces/', '.env']),
    );
    expect(statSync(join(dir, 'storage-state')).mode & 0o777).toBe(0o700);
    for (const step of [
      'npm install',
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
    await initCommand(dir, { url: 'https://www.palace.test' });
    expect(readFileSync(join(dir, 'package.json'), 'utf8')).toBe(mine);
    expect(readFileSync(join(dir, 'jianlou.yaml'), 'utf8')).toContain('baseUrl: https://www.palace.test');
    expect(out).toContain('Kept package.json');
  });

  it('takes --from as the dependency: a local tarball becomes an absolute file: spec', async () => {
    const tarball = join(base, 'jianlou-9.9.9.tgz');
    writeFileSync(tarball, '');
    const dir = join(base, 'from');
    await initCommand(dir, { url: 'http://127.0.0.1:4173', from: tarball });
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    expect(pkg.dependencies.jianlou).toBe(`file:${tarball}`);
    await expect(initCommand(join(base, 'nofrom'), { from: join(base, 'missing.tgz') })).rejects.toThrow(
      /no such file or folder/,
    );
  });

  it('rejects a --url that is not an http(s) address', async () => {
    await expect(initCommand(join(base, 'badurl'), { url: 'ftp://x' })).rejects.toThrow(
      /http:\/\/ or https:\/\//,
    );
  });

  it('writes a flow skeleton that typechecks against the built jianlou/flow declarations', async () => {
    const dir = join(base, 'typecheck');
    await initCommand(dir, { url: 'https://www.palace.test' });
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(ROOT, join(dir, 'node_modules', 'jianlou'));
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        noUncheckedIndexedAccess: true,
        noEmit: true,
        skipLibCheck: true,
        types: [],
      },
      include: ['flows'],
    };
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
    const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    // Throws with tsc's diagnostics on stdout when the skeleton does not typecheck; the file list
    // shows the types came from dist/ (the "types" condition), not from the sources.
    const trace = execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--listFiles'], {
      cwd: dir,
      env,
      encoding: 'utf8',
    });
    expect(trace).toMatch(/dist\/src\/flow\/public\.d\.ts/);
  }, 120_000);
});
