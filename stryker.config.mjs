// Mutation testing of the core (issue 20): `npm run mutate`. Not part of `npm test`.
// Scope: the modules whose bugs cost a family a seat or a secret (see the README, "Mutation testing").
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.stryker.config.ts', related: false },
  // No TypeScript checker by default: on this 2-core machine it takes one of the two process slots
  // and minutes to start (82 mutants: 10 min with it, 2 min without). A mutant that would not
  // compile then runs anyway and is killed by the tests. `--checkers typescript` turns it back on.
  checkers: [],
  tsconfigFile: 'tsconfig.json',
  typescriptChecker: { prioritizePerformanceOverAccuracy: true },
  coverageAnalysis: 'perTest',
  mutate: [
    'src/watch/**/*.ts',
    // Parent-facing sentences, not decisions (they become codes with issue 12).
    '!src/watch/decide-text.ts',
    'src/store/outbox.ts',
    // The hold claims (first decision wins, a stale one is taken over).
    'src/app/holds/hold-records.ts',
    // The cycle's error → outcome mapping.
    'src/app/cycle/outcomes.ts',
    // When a check reads the orders and the cart (a wrong "no" misses a clash or says "gone").
    'src/app/holds/commitments-needed.ts',
    // Config validation: cross-checks (duplicate and unknown ids), interpolation, defaults.
    'src/config/load.ts',
    'src/approve/tokens.ts',
    'src/notify/wecom-client.ts',
    'src/notify/rate-window.ts',
    'src/notify/sender.ts',
    'src/notify/sender-drain.ts',
    'src/notify/sender-state.ts',
    'flows/demo-portal/map.ts',
    // Log redaction and the one scrubber it shares with the notifier.
    'src/log/logger.ts',
    'src/core/scrub.ts',
  ],
  // The machine is shared: one or two test processes, not one per core.
  concurrency: 2,
  timeoutMS: 15_000,
  // Static mutants (module-level constants) need a full rerun each: too slow for the 10-minute budget.
  ignoreStatic: true,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['html', 'clear-text', 'progress'],
  // Survivors and the score table only: the list of every test is thousands of lines.
  clearTextReporter: { reportTests: false, maxTestsToLog: 3 },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 95, low: 90, break: 90 },
};
