import { z } from 'zod';
import { PortalChangedError } from '../../src/core/errors.js';
import type { CourseRef, Observation } from '../../src/core/types.js';
import { portalFetch, readJson } from '../../src/flow/http.js';
import type { FlowContext } from '../../src/flow/types.js';
import { coursePageUrl, notFound, toObservation, toSchedule } from './map.js';

/** Settings every step of the demo flow shares. */
export interface StepOptions {
  timeoutMs: number;
  /** Share of the check's time left one request may take (see portalFetch). */
  shareOfTimeLeft?: number;
}

const phase = z.enum(['lottery', 'open', 'closed']);

const apiCourse = z.object({
  id: z.string().min(1),
  title: z.string(),
  seatsLeft: z.number().int().min(0),
  phase,
  status: z.enum(['open', 'full', 'closed', 'lottery']).optional(),
  url: z.string().optional(),
  weekday: z.number().optional(),
  startTime: z.string().optional(),
  endTime: z.string().optional(),
  campus: z.string().optional(),
  teacher: z.string().optional(),
  fee: z.number().optional(),
});

const coursesAnswer = z.object({
  courses: z.array(apiCourse),
  missing: z.array(z.string()).optional(),
});

/**
 * Parses a JSON answer; on mismatch names every field that is missing or has the wrong type, so the
 * operator sees at once what the portal renamed.
 */
export function parseAnswer<S extends z.ZodType>(schema: S, body: unknown, label: string): z.infer<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => {
    const path = issue.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
    return path.replace(/^\./, '') || '(answer)';
  });
  const unique = [...new Set(fields)].slice(0, 8);
  throw new PortalChangedError(
    `${label}: the answer no longer has the expected field(s) ${unique.join(', ')} — the portal has changed; update the flow`,
  );
}

/** One `GET /api/courses?ids=…` for all courses; exactly one Observation per course, in order. */
export async function observeByApi(
  ctx: FlowContext,
  courses: CourseRef[],
  options: StepOptions,
): Promise<Observation[]> {
  if (courses.length === 0) return [];
  const ids = courses.map((course) => encodeURIComponent(course.id)).join(',');
  const path = `/api/courses?ids=${ids}`;
  const label = 'GET /api/courses';
  const response = await portalFetch(ctx, path, {
    timeoutMs: options.timeoutMs,
    ...(options.shareOfTimeLeft === undefined ? {} : { shareOfTimeLeft: options.shareOfTimeLeft }),
  });
  if (response.status() !== 200) {
    throw new PortalChangedError(`${label} answered HTTP ${response.status()} — has the portal changed?`);
  }
  const answer = parseAnswer(coursesAnswer, await readJson(response, label), label);
  const byId = new Map(answer.courses.map((course) => [course.id, course]));
  const missing = new Set(answer.missing ?? []);
  return courses.map((ref) => {
    const course = byId.get(ref.id);
    if (!course) {
      if (missing.has(ref.id)) return notFound(ref.id, coursePageUrl(ctx.baseUrl, ref.id));
      throw new PortalChangedError(
        `${label}: course ${ref.id} is neither in "courses" nor in "missing" — the portal has changed`,
      );
    }
    const schedule = toSchedule(course.weekday, course.startTime, course.endTime);
    return toObservation({
      id: course.id,
      title: course.title,
      seats: course.seatsLeft,
      phase: course.phase,
      url: course.url
        ? new URL(course.url, `${ctx.baseUrl}/`).toString()
        : coursePageUrl(ctx.baseUrl, ref.id),
      ...(course.status ? { status: course.status } : {}),
      ...(schedule ? { schedule } : {}),
      ...(course.campus ? { campus: course.campus } : {}),
      ...(course.teacher ? { teacher: course.teacher } : {}),
      ...(course.fee === undefined ? {} : { fee: course.fee }),
    });
  });
}
