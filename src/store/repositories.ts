import { type AlertRepo, createAlertRepo } from './alerts.js';
import { createHistoryRepo, type HistoryRepo } from './history.js';
import { createHoldRepo, type HoldRepo } from './holds.js';
import { createLoginLog, type LoginLog } from './logins.js';
import { createObservationRepo, type ObservationRepo } from './observations.js';
import { createOutbox, type MaintainedOutbox, type OutboxOptions } from './outbox.js';
import { createRunRepo, type RunRepo } from './runs.js';
import type { KvStore } from './types.js';

/** Every repository over one store; make one per process in the composition root and pass it on. */
export interface Repositories {
  kv: KvStore;
  outbox: MaintainedOutbox;
  observations: ObservationRepo;
  alerts: AlertRepo;
  holds: HoldRepo;
  runs: RunRepo;
  history: HistoryRepo;
  logins: LoginLog;
}

export function createRepositories(kv: KvStore, options: OutboxOptions = {}): Repositories {
  return {
    kv,
    outbox: createOutbox(kv, options),
    observations: createObservationRepo(kv),
    alerts: createAlertRepo(kv),
    holds: createHoldRepo(kv),
    runs: createRunRepo(kv),
    history: createHistoryRepo(kv),
    logins: createLoginLog(kv),
  };
}
