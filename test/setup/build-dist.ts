import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Tests of the compiled package (dist/, the packed tarball) must not run a stale build: before the
 * run, rebuild when any source is newer than the last build. Nothing to do when dist/ is fresh.
 */
const ROOT = new URL('../..', import.meta.url).pathname;
const STAMP = join(ROOT, 'dist/.tsbuildinfo');
const SOURCES = [
  'src',
  'flows',
  'playwright.config.ts',
  'tsconfig.json',
  'tsconfig.build.json',
  'package.json',
];

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

export default function setup(): void {
  const built = existsSync(STAMP) ? statSync(STAMP).mtimeMs : 0;
  const changed = Math.max(
    ...SOURCES.map((p) => join(ROOT, p))
      .filter(existsSync)
      .map(newest),
  );
  if (changed <= built) return;
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, env, stdio: 'inherit' });
}
