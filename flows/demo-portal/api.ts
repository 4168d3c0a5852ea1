import {
  type CourseRef,
  type FlowContext,
  jsonClient,
  type Observation,
  PortalChangedError,
  z,
} from '../../src/flow/public.js';
import { coursePageUrl, notFound, toObservation, toSchedule } from './map.js';
import { noticeAware } from './unavailable.js';

/** Settings every step of the demo flow shares. */
export interface StepOptions {
  timeoutMs: number;
  /** Share of the check's time left one request may take (see jsonClient). */
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

/** One `GET /api/courses?ids=…` for all courses; exactly one Observation per course, in order. */
export async function observeByApi(
  ctx: FlowContext,
  courses: CourseRef[],
  options: StepOptions,
): Promise<Observation[]> {
  if (courses.length === 0) return [];
  const label = 'GET /api/courses';
  const api = noticeAware(
    jsonClient(ctx, {
      timeoutMs: options.timeoutMs,
      ...(options.shareOfTimeLeft === undefined ? {} : { shareOfTimeLeft: options.shareOfTimeLeft }),
    }),
  );
  const ids = courses.map((course) => course.id).join(',');
  const answer = await api.get('/api/courses', coursesAnswer, { query: { ids } });
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
