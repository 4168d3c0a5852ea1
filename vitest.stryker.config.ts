import { defineConfig } from 'vitest/config';

/**
 * The unit tests that cover the modules `npm run mutate` mutates (stryker.config.mjs): pure and
 * in-process only, no browser and no demo portal, so each mutant is tested in seconds.
 */
export default defineConfig({
  test: {
    include: [
      'test/watch/**/*.test.ts',
      'test/notify/rate-window.test.ts',
      'test/notify/sender.test.ts',
      'test/notify/sender-loop.test.ts',
      'test/notify/sender-drain.test.ts',
      'test/notify/resend.test.ts',
      'test/notify/json-webhook-channel.test.ts',
      'test/notify/merge.test.ts',
      'test/notify/wecom-client.test.ts',
      'test/notify/wecom-client-answers.test.ts',
      'test/notify/channels-robots.test.ts',
      'test/notify/channels-push.test.ts',
      'test/notify/channel-filter.test.ts',
      'test/notify/channel-admission.test.ts',
      'test/store/memory.test.ts',
      'test/store/outbox.test.ts',
      'test/store/quiet-writes.test.ts',
      'test/store/records.test.ts',
      'test/approve/tokens.test.ts',
      'test/approve/tokens-edges.test.ts',
      'test/app/cycle/outcomes.test.ts',
      'test/app/holds/hold-records.test.ts',
      'test/app/holds/hold-links.test.ts',
      'test/app/holds/commitments-needed.test.ts',
      'test/config/load.test.ts',
      'test/config/resolve.test.ts',
      'test/config/validation.test.ts',
      'test/flow/demo-portal-map.test.ts',
      'test/flow/demo-portal-map-edges.test.ts',
      'test/log/redact.test.ts',
      'test/log/logger-output.test.ts',
      'test/log/describe-error.test.ts',
      'test/core/scrub.test.ts',
      'test/core/schedule.test.ts',
      'test/store/schedule-records.test.ts',
      'test/browser/trace-redact-headers.test.ts',
      'test/browser/trace-redact-file.test.ts',
      'test/approve/rate-limit.test.ts',
      'test/mutation/**/*.test.ts',
      // r3b-record (issue 30)
      'test/record/scrub-write.test.ts',
    ],
    testTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
