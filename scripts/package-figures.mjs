#!/usr/bin/env node
/**
 * The package's figures for the docs (docs/family-folder.md): tarball size, unpacked size and file
 * count, measured with `npm pack --dry-run --json` on the current build (run `npm run build` first:
 * dist/ is what is packed). Usage: node scripts/package-figures.mjs [--json]
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(`${root}dist/src/cli/main.js`)) {
  process.stderr.write('package-figures: no dist/ yet — run npm run build first (dist/ is what is packed)\n');
  process.exit(2);
}
const env = { ...process.env };
delete env.NODE_OPTIONS;
const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
  cwd: root,
  env,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'ignore'],
});
const [info] = JSON.parse(out);
const kB = (bytes) => `${Math.round(bytes / 1000)} kB`;
const figures = {
  name: `${info.name}@${info.version}`,
  filename: info.filename,
  size: info.size,
  unpackedSize: info.unpackedSize,
  files: info.entryCount ?? info.files.length,
};
if (process.argv.includes('--json')) {
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
} else {
  process.stdout.write(
    `${figures.name}: ${figures.filename} ${kB(figures.size)} packed, ${kB(figures.unpackedSize)} unpacked, ${figures.files} files\n`,
  );
}
