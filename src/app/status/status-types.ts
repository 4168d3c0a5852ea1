import type { Schedule, SeatState } from '../../core/types.js';
import type { ChannelWhat } from '../../i18n/status-cli-channels.js';
import type { ChannelStatus } from '../../notify/sender.js';
import type { HoldStatus } from '../../store/holds.js';
import type { RunOutcome } from '../../store/runs.js';
import type { SurgeSuggestion } from '../../watch/surges.js';
import type { SessionAdvice, SessionHealth } from '../sessions/session-health.js';
import type { CourseHistorySummary } from './history-summary.js';
import type { LearnedStatus } from './learned-status.js';

/**
 * What `jianlou status` reports, built from the store and the saved-session files only: no browser,
 * no portal request. The JSON form (`status --json`) is this object as it is; fields are only added,
 * never renamed. Instants are ISO-8601 UTC; the CLI shows them in the config's time zone.
 */
export interface StatusReport {
  generatedAt: string;
  timezone: string;
  configFile: string;
  targets: TargetStatus[];
  accounts: AccountStatus[];
  channels: ChannelReport[];
  outbox: { messages: number; effects: number };
  approval: { listen: string; publicUrl: string } | null;
  /** Per watched course, from the seat history: openings in the last 14 days and the last one. */
  history: { courses: CourseHistorySummary[] };
  /** Alerts quiet hours held back at the last check: they go out at the first check after them. */
  heldBack: HeldBackAlert[];
  /** The check schedule, its surge windows, and windows the seat history suggests (issue 17). */
  schedule: ScheduleStatus;
}

export interface ScheduleStatus {
  cron: string;
  /** When the cron fires next (a surge window in force checks sooner); null when it never does. */
  nextCheckAt: string | null;
  surges: {
    /** Its `name`, else its cron or times in English (`--json`). */
    name: string;
    /** A window without a name, by its cron, for the catalogue to word. */
    unnamed?: { cron: string; durationMinutes: number | null };
    everySeconds: number;
    /** Requests an hour per account inside the window (one per check). */
    requestsPerHour: number;
    activeNow: boolean;
    /** When the window in force now ends; null when it is not in force. */
    endsAt: string | null;
  }[];
  /** Hours when openings were seen (all courses, the history kept): candidates for surges. */
  suggestions: SurgeSuggestion[];
  /** What the seat history says about when seats come back, and the windows learned from it (issue 32). */
  learned: LearnedStatus;
}

export interface HeldBackAlert {
  kind: string;
  /** `<target>/<course>` for course alerts, `<account>/<problem>` for problems. */
  subject: string;
  /** Held back since (the first check that did). */
  since: string;
  /** When quiet hours end: it goes out at the first check after that; null when they are over (the next check). */
  goesOutAt: string | null;
}

export interface TargetStatus {
  id: string;
  child: { id: string; name: string };
  autoHold: boolean;
  /** In the config's order of preference. */
  courses: CourseStatus[];
  alerts: {
    count: number;
    /** Still in the outbox (not yet delivered to every channel). */
    pending: number;
    last: LastAlert | null;
  };
  /** Holds waiting for a decision, then the most recent others (newest first). */
  holds: HoldSummary[];
}

export interface CourseStatus {
  courseId: string;
  /** null until the course was seen once. */
  title: string | null;
  seats: number | null;
  state: SeatState | null;
  seenAt: string | null;
  /** When the course meets, as last seen; absent when unknown. */
  schedule?: Schedule;
}

export interface LastAlert {
  id: string;
  kind: string;
  at: string;
  courseId: string | null;
  delivery: 'sent' | 'pending' | 'failed' | 'unknown';
}

export interface HoldSummary {
  id: string;
  courseId: string;
  title: string | null;
  /** When the held course meets, as seen when it was held; absent when unknown. */
  schedule?: Schedule;
  status: HoldStatus;
  expiresAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  orderId: string | null;
  error: string | null;
}

export type { SessionHealth } from '../sessions/session-health.js';

export interface AccountStatus {
  id: string;
  health: SessionHealth;
  /** One line for a person: why the health is what it is and what to do. */
  advice: string | null;
  /** The same advice as a code, for readers in another language (the status page). */
  adviceCode: SessionAdvice | null;
  storageState: {
    path: string;
    present: boolean;
    savedAt: string | null;
    /** The latest expiry of its cookies; null when none has one (session cookies only) or no file. */
    newestCookieExpiresAt: string | null;
  };
  lastRun: {
    outcome: RunOutcome;
    startedAt: string;
    durationMs: number;
    detail: string | null;
  } | null;
  /** Checks of this account in the last hour and the HTTP requests they sent to the portal. */
  lastHour: { checks: number; requests: number };
}

export interface ChannelReport extends ChannelStatus {
  /** "WeCom robot", "JSON webhook", "log only", or a notify.channels entry's id (English: `--json`). */
  label: string;
  /** The config key to fix when the channel is broken (`notify.channels[0]`); null for the log fallback. */
  configPath: string | null;
  /** Its kind and where it sends (no secret), for the catalogue to word; null for the log fallback. */
  what: ChannelWhat | null;
}
