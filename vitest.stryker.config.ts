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
      // r3b-mut-app: holds swept, commitments read, session health, login-soon, logins, session merge.
      'test/app/holds/hold-sweep.test.ts',
      'test/app/holds/commitments.test.ts',
      'test/app/holds/orders-cancelled.test.ts',
      'test/app/sessions/session-health.test.ts',
      'test/app/sessions/login-soon.test.ts',
      'test/app/sessions/login-soon-alert.test.ts',
      'test/store/logins.test.ts',
      'test/browser/storage-merge.test.ts',
      'test/app/runtime/account-session.test.ts',
      'test/app/runtime/session-traces.test.ts',
      'test/browser/lazy-session-api.test.ts',
      // r3b-mut-engine: learned surges and the portal-reading kit (in-process, no browser).
      'test/app/status/learned-*.test.ts',
      'test/cli/surges-learned.test.ts',
      'test/flow/html-reader.test.ts',
      'test/flow/json-client-answers.test.ts',
      'test/flow/kit-*.test.ts',
      'test/browser/cookie-jar*.test.ts',
      'test/browser/cookie-store*.test.ts',
      'test/portal-legacy/session-cookies*.test.ts',
      // r3b-channels: the channels' own unit tests (fake fetch, SMTP stand-in) and the quota fix.
      'test/notify/dingtalk-unit.test.ts',
      'test/notify/serverchan-unit.test.ts',
      'test/notify/serverchan-quota.test.ts',
      'test/notify/email-faults.test.ts',
      'test/config/notify-channels.test.ts',
      // r3b-chaos (issue 26): the kit's 200 JSON notice reading.
      'test/flow/json-notice.test.ts',
      // r3b-mut-secrets: relay links and relay, trace redaction, scrubbing, status links.
      'test/approve/relay-rules.test.ts',
      'test/approve/relay-routes.test.ts',
      'test/browser/trace-redact-rules.test.ts',
      'test/core/scrub-rules.test.ts',
      'test/approve/status-link.test.ts',
      'test/approve/login-tokens.test.ts',
      'test/approve/link-limiter.test.ts',
      'test/browser/trace-secrets.test.ts',
      'test/log/logger-keys.test.ts',
      // r3b-record (issue 30)
      'test/record/scrub-write.test.ts',
      // lead: titles cut to a provider's limit keep the re-send mark.
      'test/notify/clip-title.test.ts',
      'test/approve/relay-told.test.ts',
      'test/approve/relay-links.test.ts',
      // r3b-hang (issue 26)
      'test/app/runtime/time-box.test.ts',
      // lead: hold decisions and their words (in-process runtime, fake flow), the recorder's analysis.
      'test/app/holds/hold-texts.test.ts',
      'test/record/analyse.test.ts',
      // r3c-mut-relay: the relay's routes with a stand-in relayed browser (answers, the fake-clock
      // closings, the end of a relay), the recorder's login proof (learned-logs is under learned-*).
      'test/approve/relay-routes-*.test.ts',
      'test/record/login-proof.test.ts',
    ],
    testTimeout: 30_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
