import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Issue 13: jianlou runs compiled; a user's .ts flow is transpiled on demand, in a folder with
// `"type": "module"` or without, and its `jianlou/flow` is the engine's own module (instanceof works).
const ROOT = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'jianlou-ts-loader-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FLOW = `import { defineFlow, SessionExpiredError, type Observation } from 'jianlou/flow';
const seats: number = 3;
export default defineFlow({
  name: 'user-flow',
  async checkSession() { throw new SessionExpiredError('expired for the test'); },
  loginUrl: () => 'http://127.0.0.1/login',
  async isLoggedIn() { return true; },
  async observe(): Promise<Observation[]> { return [{ courseId: 'X', title: 'x', seats, state: 'open', url: 'u' }]; },
});
`;

/** Loads the flow with the loader and error classes a process gets from `entry` (dist or src). */
function loadIn(folder: string, packageJson: object | undefined, nodeOptions: string): string {
  const home = join(dir, folder);
  mkdirSync(join(home, 'node_modules'), { recursive: true });
  symlinkSync(ROOT, join(home, 'node_modules', 'jianlou'));
  if (packageJson) writeFileSync(join(home, 'package.json'), JSON.stringify(packageJson));
  writeFileSync(join(home, 'flow.ts'), FLOW);
  // The engine's modules, reached the way bin/jianlou.js reaches them (package self-reference).
  const script = `
    const { loadFlow } = await import(${JSON.stringify(`${ROOT}${nodeOptions ? 'src/flow/load.ts' : 'dist/src/flow/load.js'}`)});
    const { SessionExpiredError } = await import(${JSON.stringify(`${ROOT}${nodeOptions ? 'src/core/errors.ts' : 'dist/src/core/errors.js'}`)});
    const flow = await loadFlow('./flow.ts', { cwd: ${JSON.stringify(home)} });
    const seen = await flow.observe({}, []);
    const error = await flow.checkSession({}).catch((e) => e);
    console.log(JSON.stringify({ seats: seen[0].seats, same: error instanceof SessionExpiredError }));
  `;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: home,
    encoding: 'utf8',
    env: { ...process.env, NODE_OPTIONS: nodeOptions },
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`exit ${r.status}: ${r.stderr}`);
  return r.stdout.trim();
}

describe('a user .ts flow loaded by compiled jianlou (dist/)', () => {
  it('loads in a folder with "type": "module" and shares the engine error classes', () => {
    expect(loadIn('esm', { type: 'module' }, '')).toBe('{"seats":3,"same":true}');
  });

  it('loads in a folder whose package.json has no "type" (CommonJS)', () => {
    expect(loadIn('cjs', { name: 'family' }, '')).toBe('{"seats":3,"same":true}');
  });

  it('loads in a folder with no package.json at all', () => {
    expect(loadIn('bare', undefined, '')).toBe('{"seats":3,"same":true}');
  });
});

describe('a user .ts flow loaded by jianlou running from sources', () => {
  it('shares the engine error classes through the "source" condition in a CommonJS folder', () => {
    expect(loadIn('src-cjs', { name: 'family' }, process.env.NODE_OPTIONS ?? '')).toBe(
      '{"seats":3,"same":true}',
    );
  });
});
