#!/usr/bin/env node
// Starts the compiled CLI (dist/): no transpiling at start. `#cli` is this package's private import
// (package.json "imports"); with `node --conditions=source --import tsx` it is the TypeScript sources
// instead, which is how the checkout's tests run it.
import { existsSync } from 'node:fs';

let cli;
try {
  cli = await import('#cli');
} catch (error) {
  const built = new URL('../dist/src/cli/main.js', import.meta.url);
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && !existsSync(built)) {
    process.stderr.write(
      'jianlou: the compiled CLI (dist/) is missing: run `npm run build` in the checkout\n',
    );
    process.exit(1);
  }
  throw error;
}
process.exitCode = await cli.main(process.argv);
