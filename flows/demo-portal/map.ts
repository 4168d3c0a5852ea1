import {
  type Observation,
  type Phase,
  PortalChangedError,
  type Schedule,
  type SeatState,
} from '../../src/flow/public.js';

/** What the demo portal says about one course, from its JSON API or its course page. */
export interface CourseFacts {
  id: string;
  title: string;
  seats: number | null;
  phase: Phase;
  /** The portal's own status word (`open|full|closed|lottery`), when it gives one. */
  status?: string;
  /** Absolute URL of the course page. */
  url: string;
  schedule?: Schedule;
  campus?: string;
  teacher?: string;
  fee?: number;
}

/**
 * A seat is open only in the open (补录) phase with seats left; lottery and closed are 'closed'.
 * Throws PortalChangedError when an open course has neither a seat count nor a status word: a
 * reading we cannot make must never look like 'full', or freed seats would be missed silently.
 */
export function seatState(
  phase: Phase,
  seats: number | null,
  status?: string,
  where = 'a course',
): SeatState {
  if (phase !== 'open') return 'closed';
  if (status === 'full') return 'full';
  if (seats !== null) return seats > 0 ? 'open' : 'full';
  if (status === 'open') return 'open';
  const word = status === undefined ? 'no status word' : `an unknown status word "${status}"`;
  throw new PortalChangedError(
    `${where} is in the open phase but has no seat count (seats / 余位) and ${word} — ` +
      'the portal has changed; update the flow (never read as full)',
  );
}

/** The page's `data-status` word → registration phase. */
export function phaseOfStatus(status: string): Phase | undefined {
  switch (status) {
    case 'open':
    case 'full':
      return 'open';
    case 'closed':
      return 'closed';
    case 'lottery':
      return 'lottery';
    default:
      return undefined;
  }
}

export function toObservation(facts: CourseFacts): Observation {
  return {
    courseId: facts.id,
    title: facts.title,
    seats: facts.seats,
    state: seatState(facts.phase, facts.seats, facts.status, `course ${facts.id} (${facts.url})`),
    phase: facts.phase,
    url: facts.url,
    ...(facts.schedule ? { schedule: facts.schedule } : {}),
    ...(facts.campus ? { campus: facts.campus } : {}),
    ...(facts.teacher ? { teacher: facts.teacher } : {}),
    ...(facts.fee === undefined ? {} : { fee: facts.fee }),
  };
}

export function notFound(courseId: string, url: string): Observation {
  return { courseId, title: '', seats: null, state: 'not_found', url };
}

/** "HH:MM" times and a weekday 1–7, or undefined when the portal gives no usable slot. */
export function toSchedule(
  weekday: number | undefined,
  start: string | undefined,
  end: string | undefined,
): Schedule | undefined {
  if (weekday === undefined || !start || !end) return undefined;
  if (!Number.isInteger(weekday) || weekday < 1 || weekday > 7) return undefined;
  if (!/^\d{2}:\d{2}$/.test(start) || !/^\d{2}:\d{2}$/.test(end)) return undefined;
  return { weekday, start, end };
}

export function coursePageUrl(baseUrl: string, courseId: string): string {
  return `${baseUrl}/courses/${encodeURIComponent(courseId)}`;
}
