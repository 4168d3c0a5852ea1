#!/usr/bin/env node
// Runs the TypeScript sources through tsx, so user flow files (portal.flow: ./flows/my-city.ts) load too.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv);
process.exitCode = code;
