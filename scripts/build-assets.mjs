#!/usr/bin/env node
// Copies what the compiled code reads at run time but tsc does not emit (the demo portal's static
// files) into dist/, at the same place relative to the code that reads it. Plain JS: it runs before
// anything is compiled.
import { cpSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const ASSETS = ['src/portal/static'];

for (const dir of ASSETS) {
  const from = `${root}${dir}`;
  if (!existsSync(from)) throw new Error(`build: asset folder ${dir} is missing`);
  cpSync(from, `${root}dist/${dir}`, { recursive: true });
}
