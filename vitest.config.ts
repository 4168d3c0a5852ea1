import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The checkout's tests run jianlou from its TypeScript sources, in-process and in child processes
 * (`node bin/jianlou.js …` inherits NODE_OPTIONS): the "source" export condition picks src/ over
 * dist/ (package.json "imports"/"exports"), so no test ever runs a stale build. tsx by absolute URL:
 * children may start in a temporary folder. The packed-package test clears NODE_OPTIONS.
 */
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
export const SOURCE_NODE_OPTIONS = `--conditions=source --import=${tsxLoader}`;

export default defineConfig({
  // Vite's default server conditions, with "source" first.
  ssr: { resolve: { conditions: ['source', 'module', 'node', 'development|production'] } },
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/build-dist.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser tests share 2 cores: keep parallelism modest so timings stay sane.
    maxWorkers: 2,
    // In CI (CI set, as .ci/run does) a failed test runs once more and the report names it as flaky: a
    // real-browser timing on a loaded 2-core machine must not sink a run. A test that fails twice fails.
    retry: process.env.CI ? 1 : 0,
    pool: 'forks',
    env: { NODE_OPTIONS: SOURCE_NODE_OPTIONS },
  },
});
