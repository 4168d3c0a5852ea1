/** Every namespace jianlou writes, in one place so no two modules pick the same one by accident. */
export const NS = {
  outbox: 'outbox',
  outboxMeta: 'outbox-meta',
  observations: 'observations',
  alerts: 'alerts',
  holds: 'holds',
  runs: 'runs',
  state: 'state',
  tokens: 'tokens',
  /** Written by src/notify: broken marks, rate windows, multi-part delivery progress. */
  channel: 'channel',
  notifyRate: 'notify-rate',
  notifyProgress: 'notify-progress',
  /** The last merged message's sequence number per channel (its `#17` tag). */
  notifySeq: 'notify-seq',
  /** Written by src/app: a claim per hold decision (approve, release or expiry), first one wins. */
  holdClaims: 'hold-claims',
  /** Seat changes, one record per course and month (src/store/history.ts). */
  seatHistory: 'seat-history',
  /** Checks and failures per hour, one record per account and UTC day. */
  checkHours: 'check-hours',
  /** Written by src/approve: the current status-page link (rotating it replaces the record). */
  statusLink: 'status-link',
  /** Written by src/app: when the store was last pruned (once a day, by `watch` or by `check`). */
  housekeeping: 'housekeeping',
  /** Logins per account (`jianlou login`, a relay, an import) and when each session ended. */
  logins: 'logins',
} as const;
