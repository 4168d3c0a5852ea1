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
  /**
   * Replaces the last observation of each course seen. A reading equal to the one this repo last
   * wrote for the course is not written again (a warm `watch` cycle writes only what changed), so a
   * record's `at` is when its reading was last written, not the last check that saw it: the last
   * successful run of its account says that (src/app/status/status.ts).
   */
  save(accountId: string, observations: Observation[], at: Date): Promise<void>;
  get(courseId: string): Promise<ObservationRecord | undefined>;
  list(): Promise<ObservationRecord[]>;
}

export function createObservationRepo(kv: KvStore): ObservationRepo {
  /** What this process last wrote per course (account + observation), to skip unchanged writes. */
  const written = new Map<string, string>();
  return {
    async save(accountId, observations, at) {
      for (const observation of observations) {
        const same = JSON.stringify([accountId, observation]);
        if (written.get(observation.courseId) === same) continue;
        const record: ObservationRecord = {
          courseId: observation.courseId,
          accountId,
          at: at.toISOString(),
          observation,
        };
        // Forgotten first: a failed write must not be skipped next time as if it had landed.
        written.delete(observation.courseId);
        await kv.set(NS.observations, observation.courseId, record);
        written.set(observation.courseId, same);
      }
    },
    get: (courseId) => kv.get(NS.observations, courseId, observationRecordSchema),
    async list() {
      return (await kv.list(NS.observations, observationRecordSchema)).map((r) => r.value);
    },
  };
}
