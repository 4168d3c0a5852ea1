import { z } from 'zod';
import type { Observation } from '../core/types.js';
import { NS } from './namespaces.js';
import { observationSchema } from './schemas.js';
import type { KvStore } from './types.js';

export const observationRecordSchema = z.object({
  courseId: z.string(),
  /** The account whose session saw it. */
  accountId: z.string(),
  /** ISO-8601 instant of the check. */
  at: z.string(),
  observation: observationSchema,
});
/** The last observation of one course (namespace `observations`, key = course id). */
export type ObservationRecord = z.infer<typeof observationRecordSchema>;

export interface ObservationRepo {
  /** Replaces the last observation of each course seen. */
  save(accountId: string, observations: Observation[], at: Date): Promise<void>;
  get(courseId: string): Promise<ObservationRecord | undefined>;
  list(): Promise<ObservationRecord[]>;
}

export function createObservationRepo(kv: KvStore): ObservationRepo {
  return {
    async save(accountId, observations, at) {
      for (const observation of observations) {
        const record: ObservationRecord = {
          courseId: observation.courseId,
          accountId,
          at: at.toISOString(),
          observation,
        };
        await kv.set(NS.observations, observation.courseId, record);
      }
    },
    get: (courseId) => kv.get(NS.observations, courseId, observationRecordSchema),
    async list() {
      return (await kv.list(NS.observations, observationRecordSchema)).map((r) => r.value);
    },
  };
}
