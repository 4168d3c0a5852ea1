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
} as const;
