import type { HoldKind, Schedule, SeatState } from '../core/types.js';
import type { ChannelWhat } from '../i18n/status-cli-channels.js';
import type { RunOutcome } from '../store/runs.js';
import type { HoldStatus } from './types.js';

/**
 * What the status page shows, as plain data: built by the engine (src/app/status/status-page-data.ts) from
 * the store, rendered here. Instants are ISO-8601 UTC; the page shows them in `timeZone`. Nothing in
 * it is a secret: the page's own link and button proofs are added by the server.
 */
export interface StatusPageData {
  generatedAt: string;
  timeZone: string;
  /** The chart window: [from, to]. */
  window: { from: string; to: string };
  children: ChildSection[];
  /** Openings across all watched courses in the history kept (local time of day / day of week). */
  openings: {
    byHour: number[];
    byWeekday: number[];
    total: number;
    sinceDays: number;
    /** When seats usually come back (learned, issue 32): local "HH:MM" and minutes after a wave. */
    usual?: { times: string[]; afterWaveMinutes: number[] };
  };
  holds: HoldRow[];
  accounts: AccountRow[];
  channels: ChannelRow[];
  outbox: { messages: number; effects: number };
  /** Newest first, at most 50, as the group saw them (plain text). */
  alerts: AlertRow[];
  problems: ProblemRow[];
}

export interface ChildSection {
  id: string;
  name: string;
  targets: { id: string; autoHold: boolean; courses: CourseRow[] }[];
}

export interface CourseRow {
  courseId: string;
  title: string | null;
  state: SeatState | null;
  seats: number | null;
  seenAt: string | null;
  /** When the course meets (with its dates where it has them); absent when unknown. */
  schedule?: Schedule;
  /** Readings in the window, oldest first; the first may start before the window (its baseline). */
  series: { at: string; seats: number | null; state: SeatState }[];
  markers: { kind: 'alert' | 'hold' | 'order'; at: string }[];
}

export interface HoldRow {
  holdId: string;
  childName: string;
  courseId: string;
  title: string | null;
  /** When the held course meets; absent when unknown. */
  schedule?: Schedule;
  status: HoldStatus;
  expiresAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  /**
   * The flow's hold kind (absent: a cart paid afterwards). The buttons word it as it is, and a kind
   * nobody can give back (`release: false`) has no release button.
   */
  kind?: HoldKind;
}

export type AccountHealth = 'ok' | 'needs_login' | 'problem' | 'unchecked';

/** Why a session needs attention, as a code each reader words in its own language. */
export type SessionAdvice =
  | { code: 'no_session' | 'unreadable' | 'cookies_expired' | 'logged_out'; login: string }
  | { code: 'unchecked' | 'saved_after_failure' }
  | { code: 'failing'; outcome: RunOutcome };

export interface AccountRow {
  id: string;
  health: AccountHealth;
  /** For a person: why, and what to do. */
  advice: SessionAdvice | null;
  lastCheckAt: string | null;
  /** The saved session's newest cookie expiry: the best estimate of when a login is due. */
  expiresAt: string | null;
  checks24h: number;
  failures24h: number;
  /** A signed re-login link to the phone relay (issue 15); null without an approval server. */
  reloginUrl: string | null;
}

export interface ChannelRow {
  id: string;
  /** The English label of `status --json`; the page words `what` in its language. */
  label: string;
  /** Its kind and where it sends (no secret); null for the log fallback. */
  what: ChannelWhat | null;
  state: 'ok' | 'paused' | 'broken';
  brokenSince: string | null;
  pending: number;
  sentLastMinute: number;
  maxPerMinute: number;
}

export interface AlertRow {
  at: string;
  kind: string;
  text: string;
  delivery: 'sent' | 'pending' | 'failed' | 'unknown';
}

export interface ProblemRow {
  kind: string;
  accountId: string;
  since: string;
  detail: string;
}
