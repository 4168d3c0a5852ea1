import type { AccountHealth, ChannelRow, SessionAdvice } from '../status-types.js';
import type { HoldStatus } from '../types.js';

/** Every parent-facing string of the status page, for one locale. */
export interface StatusMessages {
  lang: string;
  title: string;
  brand: string;
  updated(at: string): string;
  readOnlyNote: string;
  sections: {
    children: string;
    openings: string;
    holds: string;
    sessions: string;
    robot: string;
    alerts: string;
    problems: string;
  };
  target: (autoHold: boolean) => string;
  state: Record<'open' | 'full' | 'closed' | 'not_found' | 'unseen', string>;
  seats(n: number | null): string;
  lastSeen(at: string | null): string;
  chartLabel(course: string, days: number): string;
  legend: { seats: string; alert: string; hold: string; order: string };
  noHistory: string;
  openingsNote(total: number, days: number): string;
  byHour: string;
  byWeekday: string;
  /** Index 0 = Monday … 6 = Sunday. */
  weekdays: readonly string[];
  hold: {
    status: Record<HoldStatus, string>;
    expires(at: string): string;
    /** A held seat the portal keeps until the family decides (its hold kind never expires). */
    kept: string;
    decided(by: string | null, at: string | null): string;
    approve: string;
    release: string;
    none: string;
  };
  health: Record<AccountHealth, string>;
  sessionExpires(at: string | null): string;
  checks24h(checks: number, failures: number): string;
  lastCheck(at: string | null): string;
  relogin: string;
  /** What to do about a session that is not ok (the CLI says the same in English). */
  advice(a: SessionAdvice): string;
  channel: Record<ChannelRow['state'], string>;
  channelLine(sent: number, max: number, pending: number): string;
  brokenSince(at: string): string;
  outbox(messages: number, effects: number): string;
  delivery: Record<'sent' | 'pending' | 'failed' | 'unknown', string>;
  noAlerts: string;
  noProblems: string;
  problem: Record<string, string>;
  /** A lost login, in place of the run's developer detail (the alert says it the same way). */
  problemExpired(account: string): string;
  decision: {
    done: Record<'approved' | 'released', string>;
    already: string;
    expired: string;
    failed: string;
    back: string;
  };
  refused: { title: string; body: string };
}
